import { createReliableChannel } from "@reliable-channel/channel";
import { stopJsWakuChannel } from "@reliable-channel/test-kit";
import { lightNodeAsWaku, type WakuTransport, wakuTransport } from "@reliable-channel/transport-waku";
import { type LightNode, ReliableChannel } from "@waku/sdk";
import { MessageChannelEvent } from "@waku/sds";
import { connect, decode, encode, guard, type ServiceAddress, WAKU_LATENCY_GUARD_MS } from "./harness.js";

/**
 * The systems the waku-latency bench compares, each a sender and a receiver on their own light nodes:
 * - `raw`: light push → filter, the sender not subscribed;
 * - `raw-subscribed`: the same with the sender subscribed too, as every channel participant is (the service
 *   then pushes each message to both);
 * - `raw-padded`: `raw-subscribed` with a {@link WAKU_LATENCY_PADDED_BYTES}-byte payload;
 * - `transport`: our `wakuTransport` alone, publish → the peer's transport listener;
 * - `ours`: our reliable channel over `wakuTransport`, default settings;
 * - `theirs`: js-waku's `ReliableChannel`, default settings.
 */
export type ProbeKind = "raw" | "raw-subscribed" | "raw-padded" | "transport" | "ours" | "theirs";

/**
 * Payload size of the padded raw reference (bytes): about the wire size of one of our content messages that
 * carries the 18 752-byte waku-compat bloom filter.
 */
export const WAKU_LATENCY_PADDED_BYTES = 19_300;

/** The sending side of one system. */
export interface SenderHalf {
  readonly node: LightNode;
  /** Sends `text`; resolves when the system's send call returned. */
  send(text: string): Promise<void>;
  /** Sends `text`; resolves with the time its publish was acknowledged by the service (NaN on timeout). */
  sendPublished?(text: string): Promise<number>;
  /** Resolves once everything sent so far is acknowledged (NaN on timeout). */
  settle?(): Promise<number>;
  /** The wire size of the last content message sent (bytes). */
  lastWireBytes?(): number | undefined;
  /** Stops the system's sender (not its node). */
  stop(): Promise<void>;
}

/** The receiving side of one system; it reports each payload text as it is delivered. */
export interface ReceiverHalf {
  readonly node: LightNode;
  /** Resolves with the time the receiver next reports a missing dependency (NaN on timeout). */
  nextGap?(): Promise<number>;
  /** Stops the system's receiver (not its node). */
  stop(): Promise<void>;
}

const topic = (kind: ProbeKind): string => `/bench/1/${kind}/proto`;
const OUR_CHANNEL = "bench-ours";
const THEIR_CHANNEL = "bench-theirs";
const nothing = async (): Promise<void> => undefined;

/** Creates the sender of `kind` on a fresh light node connected to `service`. */
export async function senderHalf(kind: ProbeKind, service: ServiceAddress): Promise<SenderHalf> {
  const node = await connect(service);
  const contentTopic = topic(kind);
  switch (kind) {
    case "raw":
    case "raw-subscribed":
    case "raw-padded": {
      if (kind !== "raw") await node.filter.subscribe(node.createDecoder({ contentTopic }), () => undefined);
      const encoder = node.createEncoder({ contentTopic });
      const payloadOf = (text: string): Uint8Array => {
        if (kind !== "raw-padded") return encode(text);
        const padded = new Uint8Array(WAKU_LATENCY_PADDED_BYTES);
        padded.set(encode(text));
        return padded;
      };
      return {
        node,
        send: async (text) => {
          await node.lightPush.send(encoder, { payload: payloadOf(text) }, { autoRetry: false });
        },
        stop: nothing,
      };
    }
    case "transport": {
      const transport = wakuTransport({ node, contentTopic });
      await transport.start();
      return {
        node,
        send: async (text) => {
          await transport.publish(encode(text));
        },
        stop: () => transport.stop(),
      };
    }
    case "ours":
      return ourSender(node, contentTopic);
    case "theirs":
      return theirSender(node, contentTopic);
  }
}

/** Creates the receiver of `kind` on a fresh light node connected to `service`; `arrived` gets each text. */
export async function receiverHalf(
  kind: ProbeKind,
  service: ServiceAddress,
  arrived: (text: string) => void,
): Promise<ReceiverHalf> {
  const node = await connect(service);
  const contentTopic = topic(kind);
  switch (kind) {
    case "raw":
    case "raw-subscribed":
    case "raw-padded": {
      const unpad = (bytes: Uint8Array): Uint8Array =>
        kind === "raw-padded" ? bytes.subarray(0, Math.max(0, bytes.indexOf(0))) : bytes;
      await node.filter.subscribe(node.createDecoder({ contentTopic }), (m) =>
        arrived(decode(unpad(m.payload))),
      );
      return { node, stop: nothing };
    }
    case "transport": {
      const transport = wakuTransport({ node, contentTopic });
      transport.subscribe((bytes) => arrived(decode(bytes)));
      await transport.start();
      return { node, stop: () => transport.stop() };
    }
    case "ours": {
      const bob = await createReliableChannel({
        channelId: OUR_CHANNEL,
        participantId: "bob",
        transport: wakuTransport({ node, contentTopic }),
        sds: { joinFrontier: false },
      });
      bob.on("message-received", ({ payload }) => arrived(decode(payload)));
      return {
        node,
        nextGap: () =>
          guard(
            bob.once("missing").then(() => performance.now()),
            WAKU_LATENCY_GUARD_MS,
          ),
        stop: () => bob.stop(),
      };
    }
    case "theirs": {
      const bob = await theirChannel(node, contentTopic, "bob");
      bob.addEventListener("message-received", (event) => arrived(decode(event.detail.payload)));
      return {
        node,
        nextGap: () =>
          guard(
            new Promise<number>((resolve) =>
              bob.messageChannel.addEventListener(
                MessageChannelEvent.InMessageMissing,
                () => resolve(performance.now()),
                { once: true },
              ),
            ),
            WAKU_LATENCY_GUARD_MS,
          ),
        stop: async () => stopJsWakuChannel(bob),
      };
    }
  }
}

async function ourSender(node: LightNode, contentTopic: string): Promise<SenderHalf> {
  // The transport notes the wire size of each content message (`sending` fires right before its publish).
  let contentNext = false;
  let lastWireBytes: number | undefined;
  const inner = wakuTransport({ node, contentTopic });
  const measured: WakuTransport = {
    ...inner,
    publish: (bytes, options) => {
      if (contentNext) lastWireBytes = bytes.length;
      contentNext = false;
      return inner.publish(bytes, options);
    },
  };
  const alice = await createReliableChannel({
    channelId: OUR_CHANNEL,
    participantId: "alice",
    transport: measured,
    sds: { joinFrontier: false },
  });
  alice.on("sending", () => {
    contentNext = true;
  });
  const published = new Set<string>();
  const waiters = new Map<string, () => void>();
  alice.on("sent", ({ messageId }) => {
    published.add(messageId);
    waiters.get(messageId)?.();
  });
  return {
    node,
    send: async (text) => {
      await alice.send(encode(text));
    },
    sendPublished: async (text) => {
      const id = await alice.send(encode(text));
      const done = new Promise<number>((resolve) => {
        if (published.has(id)) resolve(performance.now());
        else waiters.set(id, () => resolve(performance.now()));
      });
      return guard(done, WAKU_LATENCY_GUARD_MS);
    },
    settle: async () => performance.now(),
    lastWireBytes: () => lastWireBytes,
    stop: () => alice.stop(),
  };
}

const theirChannel = (node: LightNode, contentTopic: string, senderId: string) =>
  ReliableChannel.create(
    lightNodeAsWaku(node),
    THEIR_CHANNEL,
    senderId,
    node.createEncoder({ contentTopic }),
    node.createDecoder({ contentTopic }),
  );

async function theirSender(node: LightNode, contentTopic: string): Promise<SenderHalf> {
  const alice = await theirChannel(node, contentTopic, "alice");
  const sent = new Map<string, () => void>();
  alice.addEventListener("message-sent", (event) => sent.get(event.detail)?.());
  // js-waku retries unacknowledged messages even after stop() (and the retry then throws): settle() waits
  // until everything alice sent is acknowledged.
  const unacknowledged = new Set<string>();
  let onAllAcknowledged: (() => void) | undefined;
  alice.addEventListener("message-acknowledged", (event) => {
    unacknowledged.delete(event.detail);
    if (unacknowledged.size === 0) onAllAcknowledged?.();
  });
  const send = (text: string): void => {
    unacknowledged.add(alice.send(encode(text)));
  };
  return {
    node,
    send: async (text) => {
      send(text);
    },
    sendPublished: (text) => {
      const done = new Promise<number>((resolve) =>
        sent.set(ReliableChannel.getMessageId(encode(text)), () => resolve(performance.now())),
      );
      send(text);
      return guard(done, WAKU_LATENCY_GUARD_MS);
    },
    settle: () =>
      guard(
        new Promise<number>((resolve) => {
          onAllAcknowledged = () => resolve(performance.now());
          if (unacknowledged.size === 0) onAllAcknowledged();
        }),
        WAKU_LATENCY_GUARD_MS,
      ),
    stop: async () => stopJsWakuChannel(alice),
  };
}

/**
 * Stops halves and their nodes: every filter subscription ends first (js-waku's `ReliableChannel.stop()`
 * leaves its own in 0.0.36, and a message arriving after it re-arms a sync timer that throws), then the
 * systems, then the nodes.
 */
export async function stopHalves(halves: readonly (SenderHalf | ReceiverHalf)[]): Promise<void> {
  for (const half of halves) half.node.filter.unsubscribeAll();
  for (const half of halves) await half.stop();
  await Promise.all(halves.map((half) => half.node.stop()));
}
