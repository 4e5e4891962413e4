import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createLightNode, Protocols } from "@waku/sdk";
import { expect, it } from "vitest";
import { guard } from "./light-node.js";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

it("serves from the command line: prints a dialable multiaddr and exits 0 on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", cli, "--cluster-id", "3", "--shards-in-cluster", "2"],
    {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  try {
    const [line] = (await guard(once(child.stdout, "data"), "the multiaddr", 30_000)) as [Buffer];
    const multiaddr = line.toString().trim();
    expect(multiaddr).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/12D3Koo\w+$/);
    const light = await createLightNode({
      networkConfig: { clusterId: 3, numShardsInCluster: 2 },
      libp2p: { filterMultiaddrs: false },
    });
    await light.dial(multiaddr);
    await light.waitForPeers([Protocols.Store]);
    const metadata = await light.libp2p.services.metadata?.query(
      light.libp2p.getPeers()[0] ?? light.libp2p.peerId,
    );
    expect(metadata?.shardInfo).toEqual({ clusterId: 3, shards: [0, 1] });
    await light.stop();
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect((await guard(exited, "the exit", 30_000))[0]).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
