import { createHash } from "node:crypto";
import type { BloomProfile } from "@reliable-channel/sds";
import { createSdsCore } from "@reliable-channel/sds";
import { MessageChannel } from "@waku/sds";

/** One published message of a stream: its bytes and the 32-byte retrieval hint it was published with. */
export interface Published {
  readonly bytes: Uint8Array;
  readonly hint: Uint8Array;
}

/** The start of the virtual clock (ms). */
export const T0 = 1_700_000_000_000;
/** Virtual ms between two messages of the stream. */
export const STEP_MS = 5;
/** Senders in the stream. */
export const SENDERS = 3;
/** Bytes of content per message. */
export const CONTENT_BYTES = 100;

/** Deterministic content and nonce for message `i`. */
export function payload(i: number): Uint8Array {
  const out = new Uint8Array(CONTENT_BYTES);
  for (let j = 0; j < out.length; j++) out[j] = (i * 31 + j * 7) & 0xff;
  new DataView(out.buffer).setUint32(0, i);
  return out;
}

/** A 32-byte stand-in for the Waku message hash of `bytes`. */
export const hintOf = (bytes: Uint8Array): Uint8Array =>
  new Uint8Array(createHash("sha256").update(bytes).digest());

/** Senders in the busy stream: each hears more messages between its sends than a causal history names. */
export const BUSY_SENDERS = 8;

/**
 * Our senders: `senders` cores that hear each other, so causal histories cross-reference. Yields
 * messages one at a time (`next()`), so a stream of any length never sits in memory. They speak the same
 * protocol as `@waku/sds` (no recently-logged history entries, our extension), so that both sides of a
 * comparison do the same work.
 */
export function createOurStream(profile: BloomProfile, crossReceive = true, senderCount = SENDERS) {
  const senders = Array.from({ length: senderCount }, (_, s) =>
    createSdsCore({
      channelId: "bench",
      participantId: `sender-${s}`,
      bloom: profile,
      joinedAt: T0,
      recentlyLoggedHistorySize: 0,
    }),
  );
  let i = 0;
  return {
    next(): Published {
      const now = T0 + i * STEP_MS;
      const from = i % senderCount;
      const sender = senders[from];
      if (sender === undefined) throw new RangeError("sender");
      const { bytes, message } = sender.send(payload(i), { now, nonce: payload(i).subarray(0, 8) });
      const hint = hintOf(bytes);
      sender.recordRetrievalHint(message.messageId, hint);
      if (crossReceive) {
        for (const other of senders) if (other !== sender) other.receive(bytes, { now, retrievalHint: hint });
      }
      i++;
      return { bytes, hint };
    },
  };
}

/** js-waku senders (`MessageChannel`s that hear each other), for the bytes-per-message comparison. */
export async function wakuStream(count: number, senderCount = SENDERS): Promise<Published[]> {
  const { Message } = await import("@waku/sds");
  const senders = Array.from(
    { length: senderCount },
    (_, s) => new MessageChannel("bench", `sender-${s}`, { enableRepair: false }),
  );
  const out: Published[] = [];
  for (let i = 0; i < count; i++) {
    const sender = senders[i % senderCount];
    if (sender === undefined) throw new RangeError("sender");
    let sent: Published | undefined;
    sender.pushOutgoingMessage(payload(i), async (m) => {
      const bytes = m.encode();
      sent = { bytes, hint: hintOf(bytes) };
      return { success: true, retrievalHint: sent.hint };
    });
    await sender.processTasks();
    if (sent === undefined) throw new Error("js-waku did not send");
    for (const other of senders) {
      if (other === sender) continue;
      const decoded = Message.decode(sent.bytes);
      if (decoded !== undefined) other.pushIncomingMessage(decoded, sent.hint);
      await other.processTasks();
    }
    out.push(sent);
  }
  return out;
}
