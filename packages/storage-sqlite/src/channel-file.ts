import { createHash } from "node:crypto";
import { join } from "node:path";
import type { ChannelId } from "@reliable-channel/interfaces";

/**
 * The database file of a channel inside the storage directory: `<sha256 of the UTF-8 channel id>.sqlite`.
 * Hashing makes any channel id a safe, fixed-length file name; the id itself is stored inside and checked on
 * open.
 */
export function channelFile(directory: string, channelId: ChannelId): string {
  const digest = createHash("sha256").update(channelId, "utf8").digest("hex");
  return join(directory, `${digest}.sqlite`);
}
