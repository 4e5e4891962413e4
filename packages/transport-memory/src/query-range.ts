import {
  InvalidArgumentError,
  type QueryRangeOptions,
  type StoredPayload,
  type TimeRange,
} from "@reliable-channel/interfaces";
import { DEFAULT_QUERY_PAGE_SIZE } from "./defaults.js";

/** The page size of `options`, checked. @throws InvalidArgumentError unless a positive integer. */
export function pageSizeOf(options: QueryRangeOptions): number {
  const pageSize = options.pageSize ?? DEFAULT_QUERY_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InvalidArgumentError(`pageSize must be a positive integer, got ${pageSize}`);
  }
  return pageSize;
}

/** Checks `range`. @throws InvalidArgumentError when an end is not a number (an empty range, `from > to`, is fine). */
export function checkRange(range: TimeRange): void {
  if (Number.isNaN(range.from) || Number.isNaN(range.to)) {
    throw new InvalidArgumentError(`range ends must be numbers, got [${range.from}, ${range.to}]`);
  }
}

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
