import type { QueryRangeOptions, StoredPayload, TimeRange, Transport } from "@reliable-channel/interfaces";
import { expect } from "vitest";
import type { TransportCase, TransportFixture } from "./transport-context.js";
import { payloadLabel, suitePayload } from "./transport-inbox.js";

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** Every page of a range query of `transport` (which has `queryRange`). */
async function pagesOf(
  transport: Transport,
  range: TimeRange,
  options: QueryRangeOptions = {},
): Promise<(readonly StoredPayload[])[]> {
  const pages: (readonly StoredPayload[])[] = [];
  for await (const page of transport.queryRange?.(range, options) ?? []) pages.push(page);
  return pages;
}

/** The suite payloads among `found` whose label is one of `labels`, in the order found. */
const ours = (found: readonly StoredPayload[], labels: readonly string[]): StoredPayload[] =>
  found.filter((p) => labels.includes(payloadLabel(p.bytes) ?? ""));

/** Publishes `labels` from peer 0, one after the other, and waits until peer 1 received them all. */
async function publishAll(
  f: TransportFixture,
  labels: readonly string[],
): Promise<(Uint8Array | undefined)[]> {
  const hints: (Uint8Array | undefined)[] = [];
  for (const label of labels) hints.push((await f.publish(0, label)).retrievalHint);
  await f.expectReceived(1, labels);
  return hints;
}

const CLOCK_HINT = "(does the harness's now() give the transports' clock?)";

/**
 * Range query cases, for transports with a store that answers them (`queryRange`); skipped otherwise. The
 * range comes from the harness's clock (`now`, by default `Date.now`), read before the first publish and
 * after the last payload arrived; like the retrieval cases, they take what peers received to be stored.
 */
export const queryRangeCases: readonly TransportCase[] = [
  {
    name: "queries a time range: what was published in it, each once, oldest first, page by page, exact bytes",
    run: async (context) => {
      const f = await context.setup(2);
      if (f.at(1).queryRange === undefined) return context.skip();
      const labels = ["range-1", "range-2", "range-3"];
      const from = f.now();
      const hints = await publishAll(f, labels);
      const to = f.now();
      const found = (await pagesOf(f.at(1), { from, to }, { pageSize: 2 })).flat();
      const times = found.map((p) => p.storedAt);
      expect(times, "pages oldest first").toEqual([...times].sort((a, b) => a - b));
      const mine = ours(found, labels);
      expect(mine.map((p) => payloadLabel(p.bytes)).sort(), `each once ${CLOCK_HINT}`).toEqual(labels);
      const byLabel = labels.map((label) => mine.find((p) => payloadLabel(p.bytes) === label));
      for (const [i, payload] of byLabel.entries()) {
        expect(payload?.storedAt).toBeGreaterThanOrEqual(from);
        expect(payload?.storedAt).toBeLessThanOrEqual(to);
        if (i > 0) expect(payload?.storedAt).toBeGreaterThanOrEqual(byLabel[i - 1]?.storedAt ?? from);
        expect(sameBytes(payload?.bytes, suitePayload(labels[i] ?? ""))).toBe(true);
        const hint = hints[i];
        if (hint !== undefined) expect(sameBytes(payload?.retrievalHint, hint)).toBe(true);
      }
    },
  },

  {
    name: "queries a time range with both ends inclusive, and nothing outside it",
    run: async (context) => {
      const f = await context.setup(2);
      if (f.at(0).queryRange === undefined) return context.skip();
      const from = f.now();
      await publishAll(f, ["edge"]);
      const all = ours((await pagesOf(f.at(0), { from, to: f.now() })).flat(), ["edge"]);
      const at = all[0]?.storedAt;
      if (at === undefined) return expect.fail(`"edge" was not found in [${from}, now] ${CLOCK_HINT}`);
      const labelsIn = async (range: TimeRange): Promise<number> =>
        ours((await pagesOf(f.at(0), range)).flat(), ["edge"]).length;
      expect(await labelsIn({ from: at, to: at }), "[storedAt, storedAt]").toBe(1);
      expect(await labelsIn({ from: at + 1, to: Math.max(at + 1, f.now()) }), "after storedAt").toBe(0);
      expect(await labelsIn({ from: Math.min(from, at - 1), to: at - 1 }), "before storedAt").toBe(0);
    },
  },

  {
    name: "rejects a range query whose signal is already aborted with the signal's reason",
    run: async (context) => {
      const f = await context.setup(2);
      if (f.at(0).queryRange === undefined) return context.skip();
      const reason = new Error("caller gave up");
      const controller = new AbortController();
      controller.abort(reason);
      const range = { from: 0, to: f.now() };
      await expect(pagesOf(f.at(0), range, { signal: controller.signal })).rejects.toBe(reason);
    },
  },
];
