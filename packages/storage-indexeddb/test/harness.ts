import "fake-indexeddb/auto";
import type { StorageCorruptionTarget, StorageHarness } from "@reliable-channel/compliance";
import { IDBFactory } from "fake-indexeddb";
import { type IDBPDatabase, wrap } from "idb";
import { indexedDbStorage } from "../src/index.js";

/** How each kind of record is damaged: a field set to a value no valid commit could have written. */
const DAMAGE: Readonly<Record<StorageCorruptionTarget, [store: string, field: string, value: unknown]>> = {
  outbox: ["outbox", "sequence", "7"],
  log: ["log", "lamportTimestamp", -1n],
  incoming: ["incoming", "bytes", "not bytes"],
  counters: ["manifest", "sequence", 5],
  meta: ["meta", "value", [1, 2, 3]],
};

let databases = 0;

/** A fresh fake IndexedDB factory and database name per harness. */
export function indexedDbHarness(): StorageHarness & { readonly factory: IDBFactory; readonly name: string } {
  const factory = new IDBFactory();
  const name = `compliance-${++databases}`;
  return {
    factory,
    name,
    open: async () => indexedDbStorage({ name, indexedDB: factory }),
    async lose(channelId, target) {
      const store = target === "counters" ? "manifest" : target;
      const db = (await wrap(factory.open(name))) as IDBPDatabase;
      try {
        const tx = db.transaction(store, "readwrite");
        for (let at = await tx.store.openCursor(); at !== null; at = await at.continue()) {
          if ((at.value as { channelId: string }).channelId !== channelId) continue;
          await at.delete();
          break;
        }
        await tx.done;
      } finally {
        db.close();
      }
    },
    async corrupt(channelId, target) {
      const [store, field, value] = DAMAGE[target];
      const db = (await wrap(factory.open(name))) as IDBPDatabase;
      try {
        const tx = db.transaction(store, "readwrite");
        const cursor = await tx.store.openCursor();
        for (let at = cursor; at !== null; at = await at.continue()) {
          if ((at.value as { channelId: string }).channelId !== channelId) continue;
          await at.update({ ...at.value, [field]: value });
          break;
        }
        await tx.done;
      } finally {
        db.close();
      }
    },
  };
}
