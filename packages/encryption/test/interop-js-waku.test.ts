import { createReliableChannel, type ReliableChannel as OurChannel } from "@reliable-channel/channel";
import { wakuCompatBloom } from "@reliable-channel/sds";
import { stopJsWakuChannel } from "@reliable-channel/test-kit";
import { lightNodeAsWaku, wakuTransport } from "@reliable-channel/transport-waku";
import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import { generatePrivateKey, generateSymmetricKey, getPublicKey } from "@waku/message-encryption";
import { type IDecodedMessage, type LightNode, ReliableChannel } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { keyFromPassword } from "../src/index.js";
import { type WakuEncryptionCodec, wakuEciesEncryption, wakuSymmetricEncryption } from "../src/waku/index.js";
import { condition, connectLightNode, guard } from "./loopback.js";

const contentTopic = "/reliable-channel/1/encrypted-interop/proto";
const channelId = "encrypted-interop";
const text = (value: string) => new TextEncoder().encode(value);
const untext = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The schemes under test: each gives both sides the same encoder and decoder for a light node. */
const schemes: ReadonlyArray<{ name: string; codec: (node: LightNode) => Promise<WakuEncryptionCodec> }> = [
  {
    name: "symmetric (a random key)",
    codec: async (node) => wakuSymmetricEncryption({ node, contentTopic, symKey: SYM_KEY }),
  },
  {
    name: "symmetric (a key from a password)",
    codec: async (node) =>
      wakuSymmetricEncryption({
        node,
        contentTopic,
        symKey: await keyFromPassword("shared secret", { salt: channelId, iterations: 1_000 }),
      }),
  },
  {
    name: "ECIES (one key pair for the group)",
    codec: async (node) =>
      wakuEciesEncryption({ node, contentTopic, publicKey: getPublicKey(GROUP_KEY), privateKey: GROUP_KEY }),
  },
];
const SYM_KEY = generateSymmetricKey();
const GROUP_KEY = generatePrivateKey();

describe("interop with js-waku's ReliableChannel under Waku-level encryption, over the loopback test node", () => {
  let service: WakuTestNode | undefined;
  const lights: LightNode[] = [];
  let ours: OurChannel | undefined;
  let theirs: ReliableChannel<IDecodedMessage> | undefined;

  afterEach(async () => {
    // js-waku's ReliableChannel re-arms its sync timer after stop() (see stopJsWakuChannel): end the
    // subscriptions, then stop it for good.
    for (const light of lights) light.filter.unsubscribeAll();
    await ours?.stop();
    stopJsWakuChannel(theirs);
    await Promise.all(lights.map((light) => light.stop()));
    await service?.stop();
    lights.length = 0;
  });

  it.each(schemes)(
    "$name: each side reads and acknowledges the other; the store holds only ciphertext",
    async ({ codec }) => {
      service = await startWakuTestNode();
      const [theirNode, ourNode] = [await connectLightNode(service), await connectLightNode(service)];
      lights.push(theirNode, ourNode);
      const theirCodec = await codec(theirNode);
      theirs = await ReliableChannel.create(
        lightNodeAsWaku(theirNode),
        channelId,
        "js-waku",
        theirCodec.encoder,
        theirCodec.decoder,
        { syncMinIntervalMs: 500, processTaskMinElapseMs: 10, retryIntervalMs: 5_000 },
      );
      ours = await createReliableChannel({
        channelId,
        participantId: "ours",
        transport: wakuTransport({ node: ourNode, contentTopic, ...(await codec(ourNode)) }),
        sds: { bloom: wakuCompatBloom },
        syncIntervalMs: 500,
        syncMinDelayMs: 20,
      });

      const theirReceived = new Set<string>();
      const theirAcked = new Set<string>();
      const ourReceived: string[] = [];
      const ourAcked = new Set<string>();
      const ourSenders = new Set<string>();
      const theirIds = [theirs.send(text("from js-waku 1")), theirs.send(text("from js-waku 2"))];
      const ourIds = [await ours.send(text("from ours 1")), await ours.send(text("from ours 2"))];
      const done = condition(
        () =>
          ["from ours 1", "from ours 2"].every((t) => theirReceived.has(t)) &&
          theirIds.every((id) => theirAcked.has(id)) &&
          ["from js-waku 1", "from js-waku 2"].every((t) => ourReceived.includes(t)) &&
          ourIds.every((id) => ourAcked.has(id)),
      );
      theirs.addEventListener("message-received", (event) => {
        theirReceived.add(untext(event.detail.payload));
        done.check();
      });
      theirs.addEventListener("message-acknowledged", (event) => {
        theirAcked.add(event.detail);
        done.check();
      });
      ours.on("message-received", ({ payload, senderId }) => {
        ourSenders.add(senderId);
        ourReceived.push(untext(payload));
        done.check();
      });
      ours.on("acknowledged", ({ messageId }) => {
        ourAcked.add(messageId);
        done.check();
      });
      done.check();
      await guard(done.met, "deliveries and acknowledgements both ways", 60_000);

      expect([...ourReceived].sort()).toEqual(["from js-waku 1", "from js-waku 2"]);
      expect(ourSenders).toEqual(new Set(["js-waku"]));
      const stored = service.archive.entries().filter((entry) => entry.message.contentTopic === contentTopic);
      expect(stored.length).toBeGreaterThanOrEqual(4);
      for (const { message } of stored) {
        expect(message.version).toBe(1);
        expect(Buffer.from(message.payload ?? new Uint8Array()).includes(Buffer.from("from "))).toBe(false);
      }
    },
    90_000,
  );
});
