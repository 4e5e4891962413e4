import { startWakuTestNode } from "@reliable-channel/waku-test-node";

/**
 * Gives the multiaddr to dial: `connect` when given, else starts the loopback Waku test node in this
 * process (on 127.0.0.1, a free port) and prints the command for a second terminal.
 */
export async function serviceNode(
  connect: string | undefined,
): Promise<{ multiaddr: string; stop(): Promise<void> }> {
  if (connect !== undefined) return { multiaddr: connect, stop: async () => {} };
  const node = await startWakuTestNode({ port: 0 });
  console.log(
    `Started a loopback Waku node. In another terminal:\n  ./run chat --name bob --connect ${node.multiaddr}\n`,
  );
  return { multiaddr: node.multiaddr, stop: () => node.stop() };
}
