#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startWakuTestNode } from "./waku-test-node.js";

const USAGE = `usage: waku-test-node [--port N] [--cluster-id N] [--shards-in-cluster N] [--retention-ms N]
                      [--drop-filter-push RATE] [--seed N] [--no-relay]
Starts a loopback Waku service node on 127.0.0.1 and prints its multiaddr; stops on SIGINT/SIGTERM.`;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "cluster-id": { type: "string" },
    "shards-in-cluster": { type: "string" },
    "retention-ms": { type: "string" },
    "drop-filter-push": { type: "string" },
    seed: { type: "string" },
    "no-relay": { type: "boolean" },
    help: { type: "boolean" },
  },
});

/** `{ [key]: Number(value) }` when the flag was given, `{}` otherwise. */
const numeric = (key: string, value: string | undefined): Record<string, number> =>
  value === undefined ? {} : { [key]: Number(value) };

if (values.help === true) {
  console.log(USAGE);
} else {
  const node = await startWakuTestNode({
    ...numeric("port", values.port),
    ...numeric("clusterId", values["cluster-id"]),
    ...numeric("numShardsInCluster", values["shards-in-cluster"]),
    ...numeric("retentionMs", values["retention-ms"]),
    ...numeric("seed", values.seed),
    relay: values["no-relay"] !== true,
  });
  if (values["drop-filter-push"] !== undefined)
    node.faults.dropFilterPush(Number(values["drop-filter-push"]));
  console.log(node.multiaddr);
  const stop = (): void => {
    void node.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
