import { StorageError, StorageLockedError } from "@reliable-channel/interfaces";
import { toStorageError } from "./idb-errors.js";
import { requested } from "./idb-promises.js";
import { SCHEMA_VERSION, upgrade } from "./schema.js";

/**
 * Opens (creating or upgrading) the database `name` on `factory`. `onVersionChange` runs when another tab
 * or worker wants to upgrade it: the caller closes its connection so the upgrade can proceed.
 *
 * @throws {StorageError} when the database was written by a newer schema version.
 * @throws {StorageLockedError} when an older version's connection elsewhere blocks the upgrade.
 */
export async function openDatabase(
  factory: IDBFactory,
  name: string,
  onVersionChange: () => void,
): Promise<IDBDatabase> {
  const request = factory.open(name, SCHEMA_VERSION);
  request.addEventListener("upgradeneeded", (event) => {
    upgrade(request.result, event.oldVersion);
  });
  let blocked = false;
  const opened = requested(request).then((db) => {
    if (blocked) db.close(); // we already gave up on this open
    return db;
  });
  const blockedByOlder = new Promise<never>((_, reject) =>
    request.addEventListener("blocked", () => {
      blocked = true;
      reject(
        new StorageLockedError(`IndexedDB database ${JSON.stringify(name)} is held open by an older version`),
      );
    }),
  );
  try {
    const db = await Promise.race([opened, blockedByOlder]);
    db.addEventListener("versionchange", onVersionChange);
    return db;
  } catch (error) {
    if (error instanceof Error && error.name === "VersionError") {
      throw new StorageError(
        `IndexedDB database ${JSON.stringify(name)} was written by a newer version than this code's ${SCHEMA_VERSION}`,
        { cause: error },
      );
    }
    throw toStorageError(error, `cannot open IndexedDB database ${JSON.stringify(name)}`);
  }
}
