import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** The files of a `.tgz` package tarball: path (without the leading `package/`) to contents. */
export type TarballFiles = ReadonlyMap<string, Buffer>;

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

/** The `path=` record of a pax extended header, when it has one. */
function paxPath(body: Buffer): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
}

/** Reads every regular file of a gzipped (ustar or pax) tarball, as npm and pnpm write them. */
export function readTarball(file: string): TarballFiles {
  const tar = gunzipSync(readFileSync(file));
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = field(header, 156, 1);
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix === "" ? field(header, 0, 100) : `${prefix}/${field(header, 0, 100)}`);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    longName = undefined;
    if (type === "x") longName = paxPath(body);
    else if (type === "0" || type === "") files.set(name.replace(/^package\//, ""), body);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
