import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  type WakuTransport,
  type WakuTransportNode,
  type WakuTransportPeerEvents,
  wakuTransport,
} from "../src/index.js";
import { connectivityIs, connectLightNode, guard } from "./loopback.js";

const contentTopic = "/reliable-channel/1/connectivity/proto";

/**
 * `light` as the transport's node, with its libp2p events passed through a counter of the listeners the
 * transport holds (libp2p's own count moves with the sdk's listeners too).
 */
function countingNode(light: LightNode): { node: WakuTransportNode; held: () => number } {
  let held = 0;
  const events: WakuTransportPeerEvents = {
    addEventListener: (type, listener) => {
      held += 1;
      light.libp2p.addEventListener(type, listener);
    },
    removeEventListener: (type, listener) => {
      held -= 1;
      light.libp2p.removeEventListener(type, listener);
    },
  };
  const node: WakuTransportNode = {
    lightPush: light.lightPush,
    filter: light.filter,
    store: light.store,
    libp2p: events,
    getConnectedPeers: () => light.getConnectedPeers(),
    createEncoder: (params) => light.createEncoder(params),
    createDecoder: (params) => light.createDecoder(params),
  };
  return { node, held: () => held };
}

describe("connectivity over a real @waku/sdk light node and the loopback test node", () => {
  let service: WakuTestNode | undefined;
  let light: LightNode | undefined;
  let transport: WakuTransport | undefined;

  afterEach(async () => {
    await transport?.stop();
    await light?.stop();
    await service?.stop();
    [transport, light, service] = [undefined, undefined, undefined];
  });

  it("goes offline when the service node stops and online again once it is dialled after its restart", async () => {
    service = await startWakuTestNode();
    light = await connectLightNode(service);
    transport = wakuTransport({ node: light, contentTopic });
    const { connectivity } = transport;
    const heard: boolean[] = [];
    connectivity.onChange((online) => heard.push(online));
    expect(connectivity.online).toBe(false);
    await transport.start();
    expect(connectivity.online).toBe(true);

    const offline = connectivityIs(connectivity, false);
    const restarted = service.restart();
    await guard(offline, "offline after the service node stopped");
    service = await restarted;
    // Dialled explicitly, as an app's discovery would: whether the sdk redials by itself is not tested here.
    await light.dial(service.multiaddr);
    await guard(connectivityIs(connectivity, true), "online after the redial");
    expect(heard).toEqual([true, false, true]);
  });

  it("goes offline when the node hangs up on its only peer and online when it dials again", async () => {
    service = await startWakuTestNode();
    light = await connectLightNode(service);
    const { node, held } = countingNode(light);
    transport = wakuTransport({ node, contentTopic });
    const { connectivity } = transport;
    await transport.start();
    expect(held()).toBe(2); // peer:identify and peer:disconnect
    expect(connectivity.online).toBe(true);

    const offline = connectivityIs(connectivity, false);
    await light.hangUp(service.libp2p.peerId);
    await guard(offline, "offline after the hang-up");
    await light.dial(service.multiaddr);
    await guard(connectivityIs(connectivity, true), "online after the dial");

    await transport.stop();
    expect(connectivity.online).toBe(false);
    expect(held()).toBe(0);
  });
});
