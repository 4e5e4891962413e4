import type { TransportConnectivity } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { wakuTransport } from "../src/index.js";
import { SERVICE_PROTOCOLS } from "./fake-peers.js";
import { deferred, FakeWakuNetwork, fakeLightNode, fakeRelayNode } from "./fake-waku.js";
import { contentTopic } from "./transport-fixtures.js";

const [LIGHT_PUSH, FILTER, STORE, RELAY] = SERVICE_PROTOCOLS as [string, string, string, string];

/** Resolves with the next value `connectivity` reports (an event promise, never a poll). */
function nextChange(connectivity: TransportConnectivity): Promise<boolean> {
  return new Promise((resolve) => {
    const off = connectivity.onChange((online) => {
      off();
      resolve(online);
    });
  });
}

/** A started transport on a fake light node, and every change its connectivity reports. */
async function started(network = new FakeWakuNetwork()) {
  const transport = wakuTransport({ node: fakeLightNode(network), contentTopic });
  const heard: boolean[] = [];
  transport.connectivity.onChange((online) => heard.push(online));
  await transport.start();
  return { network, transport, heard };
}

describe("wakuTransport: connectivity", () => {
  it("is offline before start, online once started with the peers it needs, offline after stop", async () => {
    const { network, transport, heard } = await started();
    expect(transport.connectivity.online).toBe(true);
    await transport.stop();
    expect(transport.connectivity.online).toBe(false);
    expect(heard).toEqual([true, false]);
    expect(network.peers.listenerCount).toBe(0);
  });

  it("follows the peers: offline without a filter or a light push peer, online again, each change once", async () => {
    const { network, transport, heard } = await started();
    const offline = nextChange(transport.connectivity);
    network.peers.disconnect("service");
    expect(await offline).toBe(false);
    network.peers.connect("pusher", [LIGHT_PUSH, STORE]);
    network.peers.connect("store", [STORE]);
    const online = nextChange(transport.connectivity);
    network.peers.connect("filterer", [FILTER]);
    expect(await online).toBe(true);
    const offlineAgain = nextChange(transport.connectivity);
    network.peers.disconnect("pusher");
    expect(await offlineAgain).toBe(false);
    expect(heard).toEqual([true, false, true, false]);
    await transport.stop();
    expect(heard).toEqual([true, false, true, false]);
    expect(network.peers.listenerCount).toBe(0);
  });

  it("applies only the newest reading of the peers, however late an older one answers", async () => {
    const { network, transport, heard } = await started();
    const stale = deferred();
    network.peers.gates.push(stale.promise);
    network.peers.disconnect("service"); // read without the service peer; the answer is held back
    network.peers.connect("service", SERVICE_PROTOCOLS); // read with it, answered at once: still online
    stale.resolve();
    await network.peers.settled();
    expect(transport.connectivity.online).toBe(true);
    expect(heard).toEqual([true]);
    await transport.stop();
  });

  it("needs a relay peer in relay mode", async () => {
    const network = new FakeWakuNetwork();
    network.peers.preset("service", [LIGHT_PUSH, FILTER]);
    const transport = wakuTransport({ node: fakeRelayNode(network), contentTopic });
    await transport.start();
    expect(transport.connectivity.online).toBe(false);
    const online = nextChange(transport.connectivity);
    network.peers.connect("relayer", [RELAY]);
    expect(await online).toBe(true);
    await transport.stop();
  });

  it("takes a node whose peers cannot be listed as offline, and says so", async () => {
    const network = new FakeWakuNetwork();
    network.peers.listThrows = new Error("peer store closed");
    const warnings: string[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (m: string) => warnings.push(m),
    };
    const transport = wakuTransport({ node: fakeLightNode(network), contentTopic, logger });
    await transport.start();
    expect(transport.connectivity.online).toBe(false);
    expect(warnings[0]).toMatch(/connected peers/);
    await transport.stop();
  });

  it("is online exactly while started on a node that exposes no peers", async () => {
    const network = new FakeWakuNetwork();
    const { libp2p: _events, getConnectedPeers: _peers, ...bare } = fakeLightNode(network);
    const transport = wakuTransport({ node: bare, contentTopic });
    const heard: boolean[] = [];
    transport.connectivity.onChange((online) => heard.push(online));
    expect(transport.connectivity.online).toBe(false);
    await transport.start();
    await transport.start();
    expect(transport.connectivity.online).toBe(true);
    await transport.stop();
    await transport.start();
    await transport.stop();
    expect(heard).toEqual([true, false, true, false]);
  });

  it("keeps calling the other listeners when one throws, and none after it unsubscribed", async () => {
    const network = new FakeWakuNetwork();
    const errors: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (m: string) => errors.push(m) };
    const transport = wakuTransport({ node: fakeLightNode(network), contentTopic, logger });
    transport.connectivity.onChange(() => {
      throw new Error("listener bug");
    });
    const gone: boolean[] = [];
    const off = transport.connectivity.onChange((online) => gone.push(online));
    const heard: boolean[] = [];
    transport.connectivity.onChange((online) => heard.push(online));
    await transport.start();
    off();
    await transport.stop();
    expect(gone).toEqual([true]);
    expect(heard).toEqual([true, false]);
    expect(errors).toEqual(["a connectivity listener threw", "a connectivity listener threw"]);
  });
});
