import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import { build } from "vite";
import type { PageConfig } from "../src/config.js";

const APP_DIR = join(import.meta.dirname, "..");
const DIST = join(APP_DIR, "dist");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** Options of {@link startWebApp}. */
export interface WebAppInit {
  /** Port of the page's HTTP server on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Port of the Waku test node's websocket listener on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly wakuPort?: number;
  /** Whether to build the page with vite first (else `dist/` must hold a build). @default true */
  readonly build?: boolean;
}

/** The running chat: its page's URL, the Waku test node behind it, and `close`. */
export interface WebApp {
  /** `http://127.0.0.1:<port>/`; open it with `?me=<name>` for a participant per tab. */
  readonly url: string;
  readonly waku: WakuTestNode;
  close(): Promise<void>;
}

/** Builds the page with vite (production build into `dist/`). */
export async function buildPage(): Promise<void> {
  await build({ configFile: join(APP_DIR, "vite.config.ts"), logLevel: "warn" });
}

/**
 * Starts the loopback Waku test node, builds the page and serves it (and `/config.json`, which tells the
 * page the node's multiaddr) on 127.0.0.1 only.
 */
export async function startWebApp(init: WebAppInit = {}): Promise<WebApp> {
  if (init.build ?? true) await buildPage();
  const waku = await startWakuTestNode({ port: init.wakuPort ?? 0 });
  const config: PageConfig = {
    multiaddr: waku.multiaddr,
    clusterId: waku.clusterId,
    numShardsInCluster: waku.numShardsInCluster,
  };
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/config.json") {
      response.writeHead(200, { "content-type": TYPES[".json"], "cache-control": "no-store" });
      response.end(JSON.stringify(config));
      return;
    }
    const file = normalize(join(DIST, path === "/" ? "index.html" : path));
    const inside = file.startsWith(DIST);
    (inside ? readFile(file) : Promise.reject(new Error("outside"))).then(
      (body) => {
        response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
        response.end(body);
      },
      () => {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("not found");
      },
    );
  });
  server.listen(init.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    waku,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await waku.stop();
    },
  };
}
