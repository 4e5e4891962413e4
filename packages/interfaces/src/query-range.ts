import { InvalidArgumentError } from "./errors.js";
import type { QueryRangeOptions, TimeRange, Transport } from "./transport.js";

/**
 * Checks the arguments of {@link Transport.queryRange} for an implementation: an end that is not a number,
 * or a page size that is not a positive integer, is refused; `from > to` is an empty range. Returns the
 * page size to use (`fallback` when none is given).
 * @throws InvalidArgumentError on a bad range or page size.
 */
export function checkQueryRange(range: TimeRange, options: QueryRangeOptions, fallback: number): number {
  if (Number.isNaN(range.from) || Number.isNaN(range.to)) {
    throw new InvalidArgumentError(`range ends must be numbers, got [${range.from}, ${range.to}]`);
  }
  const pageSize = options.pageSize ?? fallback;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InvalidArgumentError(`pageSize must be a positive integer, got ${pageSize}`);
  }
  return pageSize;
}
