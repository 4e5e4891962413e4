import type { StoredPayload } from "@reliable-channel/interfaces";

/**
 * The pages of a range query (internal). `request()` is one store request, made before each page: it takes
 * the store's time and throws when the store cannot be reached (or the caller aborted, or the transport
 * stopped). The matches are collected once, at the first request, and paged through from that snapshot, so a
 * publish during the iteration neither repeats a payload nor hides one that was stored when the query began.
 * Each page holds fresh copies. No match: no page at all.
 */
export async function* queryPages(
  request: () => Promise<void>,
  collect: () => readonly StoredPayload[],
  pageSize: number,
): AsyncGenerator<readonly StoredPayload[], void, undefined> {
  await request();
  const matches = collect();
  for (let offset = 0; offset < matches.length; offset += pageSize) {
    if (offset > 0) await request();
    yield matches.slice(offset, offset + pageSize).map(({ retrievalHint, bytes, storedAt }) => ({
      retrievalHint: retrievalHint.slice(),
      bytes: bytes.slice(),
      storedAt,
    }));
  }
}
