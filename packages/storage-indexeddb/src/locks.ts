import { type ChannelId, StorageLockedError } from "@reliable-channel/interfaces";

/** Releases a held channel lock. */
export type Release = () => void;

/** Channels held in this JavaScript realm, per IndexedDB factory and database name. */
const held = new WeakMap<IDBFactory, Set<string>>();

/**
 * Takes the exclusive lock of one channel: first in this realm (per factory, database and channel), then —
 * when a Web Locks `LockManager` is given — across every tab and worker of the origin, with `ifAvailable` so
 * it never waits. The browser releases a Web Lock when its tab or worker goes away, so a crashed tab cannot
 * leave a stale lock.
 *
 * @throws {StorageLockedError} when another handle holds the channel.
 */
export async function lockChannel(
  factory: IDBFactory,
  locks: LockManager | undefined,
  database: string,
  channelId: ChannelId,
): Promise<Release> {
  const name = channelLockName(database, channelId);
  let names = held.get(factory);
  if (names === undefined) {
    names = new Set();
    held.set(factory, names);
  }
  if (names.has(name)) throw locked(database, channelId);
  names.add(name);
  const local = names;
  try {
    const releaseWebLock = locks === undefined ? () => {} : await webLock(locks, name);
    if (releaseWebLock === undefined) throw locked(database, channelId);
    return () => {
      local.delete(name);
      releaseWebLock();
    };
  } catch (error) {
    local.delete(name);
    throw error;
  }
}

/** The Web Lock name of a channel: unique per database and channel id. */
export function channelLockName(database: string, channelId: ChannelId): string {
  return `@reliable-channel/storage-indexeddb\u0000${database}\u0000${channelId}`;
}

/** Requests a Web Lock without waiting; resolves with its release, or `undefined` when it is held elsewhere. */
function webLock(locks: LockManager, name: string): Promise<Release | undefined> {
  return new Promise((resolve, reject) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(undefined);
          return undefined;
        }
        // The lock is held until the promise returned here settles.
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch(reject);
  });
}

function locked(database: string, channelId: ChannelId): StorageLockedError {
  return new StorageLockedError(
    `channel ${JSON.stringify(channelId)} of IndexedDB database ${JSON.stringify(database)} is open elsewhere`,
  );
}
