import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("./entry.ts", import.meta.url));
const PAGE = '<!doctype html><meta charset="utf-8"><script type="module" src="/entry.js"></script>';

/** A 127.0.0.1 server for the bundled page; `url` is its origin, `close` stops it. */
export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Bundles the browser entry with esbuild (class names kept, for error names) and serves it. */
export async function servePage(): Promise<PageServer> {
  const bundle = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    keepNames: true,
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  const server: Server = createServer((request, response) => {
    const isScript = request.url === "/entry.js";
    response.writeHead(200, { "content-type": isScript ? "text/javascript" : "text/html" });
    response.end(isScript ? script : PAGE);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
