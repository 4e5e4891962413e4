import { createReliableChannel, WireProfileMismatchError } from "@reliable-channel/channel";
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { type WakuWireProfile, wakuTransport } from "../src/index.js";
import { FakeWakuNetwork, fakeLightNode } from "./fake-waku.js";

const contentTopic = "/wire-profile-agreement/1/room/proto";

describe("the channel and its Waku transport agree on the wire profile", () => {
  it.each([
    ["nim-sds", "js-waku"],
    ["js-waku", "nim-sds"],
    [undefined, "nim-sds"],
    ["nim-sds", undefined],
  ] as const)(
    "channel %s on a transport set for %s: refused at creation with WireProfileMismatchError",
    async (channelProfile, transportProfile) => {
      const node = fakeLightNode(new FakeWakuNetwork());
      const transport = wakuTransport({
        node,
        contentTopic,
        ...(transportProfile === undefined ? {} : { wireProfile: transportProfile }),
      });
      expect(transport.wireProfile).toBe(transportProfile ?? "js-waku");
      const creating = createReliableChannel({
        channelId: "room",
        participantId: "me",
        transport,
        ...(channelProfile === undefined ? {} : { wireProfile: channelProfile }),
        autoStart: false,
      });
      await expect(creating).rejects.toBeInstanceOf(WireProfileMismatchError);
      const error = await creating.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({
        code: "WIRE_PROFILE_MISMATCH",
        channelProfile: channelProfile ?? "js-waku",
        transportProfile: transportProfile ?? "js-waku",
      });
    },
  );

  it.each(["js-waku", "nim-sds"] as const)(
    "channel and transport both %s: created",
    async (profile: WakuWireProfile) => {
      const node = fakeLightNode(new FakeWakuNetwork());
      const channel = await createReliableChannel({
        channelId: "room",
        participantId: "me",
        transport: wakuTransport({ node, contentTopic, wireProfile: profile }),
        wireProfile: profile,
        autoStart: false,
      });
      expect(channel.state).toBe("idle");
    },
  );
});
