import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { generatePrivateKey, generateSymmetricKey, getPublicKey } from "@waku/message-encryption";
import { utils } from "@waku/sdk";
import { describe, expect, it } from "vitest";
import { wakuEciesEncryption, wakuSymmetricEncryption } from "../src/waku/index.js";

const contentTopic = "/my-app/1/room/proto";
const routingInfo = utils.createRoutingInfo({ clusterId: 1, numShardsInCluster: 8 }, { contentTopic });
const text = (value: string) => new TextEncoder().encode(value);

describe("Waku-level encryption codecs", () => {
  it("symmetric: what one side encodes the other decodes; another key decodes nothing", async () => {
    const symKey = generateSymmetricKey();
    const alice = wakuSymmetricEncryption({ routingInfo, contentTopic, symKey });
    const bob = wakuSymmetricEncryption({ routingInfo, contentTopic, symKey });
    const eve = wakuSymmetricEncryption({ routingInfo, contentTopic, symKey: generateSymmetricKey() });
    const proto = await alice.encoder.toProtoObj({ payload: text("hi") });
    if (proto === undefined) throw new Error("not encoded");
    expect(proto.version).toBe(1);
    expect((await bob.decoder.fromProtoObj(routingInfo.pubsubTopic, proto))?.payload).toEqual(text("hi"));
    expect(await eve.decoder.fromProtoObj(routingInfo.pubsubTopic, proto)).toBeUndefined();
  });

  it("ECIES: encrypted to the group's public key, decrypted with its private key", async () => {
    const privateKey = generatePrivateKey();
    const group = wakuEciesEncryption({
      routingInfo,
      contentTopic,
      publicKey: getPublicKey(privateKey),
      privateKey,
    });
    const outsider = generatePrivateKey();
    const other = wakuEciesEncryption({
      routingInfo,
      contentTopic,
      publicKey: getPublicKey(outsider),
      privateKey: outsider,
    });
    const proto = await group.encoder.toProtoObj({ payload: text("hi") });
    if (proto === undefined) throw new Error("not encoded");
    expect((await group.decoder.fromProtoObj(routingInfo.pubsubTopic, proto))?.payload).toEqual(text("hi"));
    expect(await other.decoder.fromProtoObj(routingInfo.pubsubTopic, proto)).toBeUndefined();
  });

  it("refuses keys of the wrong length and ambiguous routing", () => {
    expect(() => wakuSymmetricEncryption({ routingInfo, contentTopic, symKey: new Uint8Array(16) })).toThrow(
      InvalidArgumentError,
    );
    const privateKey = generatePrivateKey();
    expect(() =>
      wakuEciesEncryption({ routingInfo, contentTopic, publicKey: new Uint8Array(64), privateKey }),
    ).toThrow(InvalidArgumentError);
    expect(() => wakuSymmetricEncryption({ contentTopic, symKey: generateSymmetricKey() })).toThrow(
      InvalidArgumentError,
    );
  });
});
