import { parseArgs } from "node:util";
import { startWebApp } from "./web-server.js";

const USAGE = `usage: ./run web [--port N] [--waku-port N]
Builds the chat page, starts a loopback Waku test node and serves the page on 127.0.0.1; Ctrl-C stops both.
Open the URL in several tabs, each with its own ?me=<name>.`;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"), // pnpm passes the `--` of ./run on
  options: { port: { type: "string" }, "waku-port": { type: "string" }, help: { type: "boolean" } },
});
if (values.help === true) {
  console.log(USAGE);
} else {
  const app = await startWebApp({
    port: Number(values.port ?? 5173),
    wakuPort: Number(values["waku-port"] ?? 0),
  });
  console.log(`Waku test node: ${app.waku.multiaddr}`);
  console.log(`Chat page:      ${app.url}?me=alice   (one participant per tab: ?me=bob, ?me=carol, …)`);
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
