import type { StorageOp } from "@reliable-channel/interfaces";
import { bytesOf, incomingEntry, logEntry, outboxEntry } from "./storage-fixtures.js";

/** Ids are drawn from a small pool so puts, replaces and deletes collide often. */
const POOL = ["a", "b", "c", "d", "e", "\u00e9", "\u{1f642}", "00ff", "0100", "z"];
const STATES = ["pending", "sent", "possibly-acknowledged", "acknowledged", "failed"] as const;

/** A random valid op drawn with `random` (package-private; used by the model-based test). */
export function randomOp(random: () => number): StorageOp {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const n = Math.floor(random() * 1_000);
  const id = pick(POOL);
  const big = (): bigint => BigInt(Math.floor(random() * 50)) * (random() < 0.1 ? 2n ** 58n : 1n);
  switch (Math.floor(random() * 11)) {
    case 0:
      return {
        type: "outbox-put",
        entry: outboxEntry(n, { messageId: id, sequence: big(), state: pick(STATES) }),
      };
    case 1:
      return { type: "outbox-delete", messageId: id };
    case 2:
      return { type: "log-put", entry: logEntry(n, { messageId: id, lamportTimestamp: big() }) };
    case 3:
      return { type: "log-delete", messageId: id };
    case 4:
      return {
        type: "incoming-put",
        entry: incomingEntry(n, { messageId: id, receivedAt: Math.floor(n / 100) }),
      };
    case 5:
      return { type: "incoming-delete", messageId: id };
    case 6:
      return { type: "handled-add", messageId: id };
    case 7:
      return { type: "handled-delete", messageId: id };
    case 8:
      return { type: "meta-put", key: id, value: bytesOf(n, n % 5) };
    case 9:
      return { type: "meta-delete", key: id };
    default:
      return {
        type: "counters",
        counters: random() < 0.5 ? { sequence: big() } : { lamportTimestamp: big() },
      };
  }
}
