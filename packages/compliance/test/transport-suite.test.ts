import { describe, expect, it } from "vitest";
import { transportCases } from "../src/transport-cases.js";
import { runTransportCase } from "../src/transport-run-case.js";
import { type BusDefect, createBusHarness } from "./transport-bus.js";

const QUERY_CASE =
  "queries a time range: what was published in it, each once, oldest first, page by page, exact bytes";
const QUERY_ENDS_CASE = "queries a time range with both ends inclusive, and nothing outside it";
const CONNECTIVITY_CASE =
  "reports connectivity offline before start(), online once started, offline after stop(), online again after a restart";
const UNSUBSCRIBE_CASE =
  "calls no connectivity listener after it unsubscribed (a second listener proves the change)";

/** Each defect, and the cases of the suite that must catch it. */
const CAUGHT_BY: Readonly<Record<BusDefect, readonly string[]>> = {
  "one-way": ["delivers both ways between two peers", "delivers in every direction among three peers"],
  "skip-third-peer": [
    "delivers in every direction among three peers",
    "fans one publish out to every other peer, several payloads each",
  ],
  "no-unsubscribe": ["calls every listener of a transport, and no longer one that unsubscribed"],
  "first-listener-only": ["calls every listener of a transport, and no longer one that unsubscribed"],
  "ignore-late-listeners": ["lets a listener subscribe after start()"],
  "no-copy": ["delivers exactly the published bytes, unaffected by later changes to the caller's buffer"],
  "echo-anyway": [],
  "publish-before-start": ["rejects a publish before start() with NotStartedError"],
  "stop-twice-throws": ["start() and stop() are idempotent, also when called concurrently"],
  "deliver-after-stop": [
    "calls no listener after stop() (a running witness proves the payload was sent)",
    "calls no listener after stop() for payloads that were in flight",
  ],
  "no-restart": ["receives and publishes again after stop() then start() (reconnect)"],
  "ignore-abort": ["rejects a publish whose signal is already aborted with the signal's reason"],
  "limit-off-by-one": ["delivers a payload of exactly maxPayloadBytes intact"],
  "accept-oversize": ["rejects maxPayloadBytes + 1 with a permanent PayloadTooLargeError, and keeps working"],
  "oversize-transient": [
    "rejects maxPayloadBytes + 1 with a permanent PayloadTooLargeError, and keeps working",
  ],
  "retrieve-publisher-only": [
    "retrieves the exact published bytes by the hint publish returned, from any peer",
  ],
  "retrieve-unknown-junk": ["leaves unknown hints out of a retrieval"],
  "wrong-meta-hint": ["gives receivers the same retrieval hint as the publisher, when both know it"],
  "query-exclusive-ends": [QUERY_CASE, QUERY_ENDS_CASE],
  "query-newest-first": [QUERY_CASE],
  "query-page-overlap": [QUERY_CASE],
  "query-first-page-only": [QUERY_CASE],
  "query-ignore-abort": ["rejects a range query whose signal is already aborted with the signal's reason"],
  "online-before-start": [CONNECTIVITY_CASE],
  "online-after-stop": [CONNECTIVITY_CASE],
  "connectivity-silent": [CONNECTIVITY_CASE, UNSUBSCRIBE_CASE],
  "connectivity-repeats": [CONNECTIVITY_CASE],
  "connectivity-no-unsubscribe": [UNSUBSCRIBE_CASE],
};

const ECHO_CASE = "echoes a publisher's own payloads exactly when the harness says it does";

const noSkip = (): never => {
  throw new Error("the reference bus has every capability: no case may skip");
};

const run = (name: string, defects: readonly BusDefect[], echo = true): Promise<void> => {
  const testCase = transportCases.find((c) => c.name === name);
  if (testCase === undefined) throw new Error(`no case named "${name}"`);
  return runTransportCase(
    testCase,
    async ({ peers }) => createBusHarness(peers, new Set(defects), echo),
    noSkip,
  );
};

describe("the transport suite", () => {
  for (const echo of [true, false]) {
    it(`passes every case on a correct reference transport (echo ${echo})`, async () => {
      for (const testCase of transportCases) await run(testCase.name, [], echo);
    });
  }

  for (const [defect, cases] of Object.entries(CAUGHT_BY) as [BusDefect, readonly string[]][]) {
    for (const name of cases) {
      it(`catches "${defect}" in: ${name}`, async () => {
        await expect(run(name, [defect])).rejects.toThrow();
      });
    }
  }

  it("reports a payload that never arrived as an assertion failure naming the peer and the payload", async () => {
    const error: unknown = await run("delivers both ways between two peers", ["one-way"]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: "AssertionError",
      message: "peer 0 did not receive [b-to-a] within 0 ms",
    });
  });

  it("catches a transport that echoes although its harness says it does not", async () => {
    await expect(run(ECHO_CASE, ["echo-anyway"], false)).rejects.toThrow();
  });

  it("has a defect that each case catches (no case that cannot fail)", () => {
    const covered = new Set([...Object.values(CAUGHT_BY).flat(), ECHO_CASE]);
    expect(transportCases.map((c) => c.name).filter((name) => !covered.has(name))).toEqual([]);
  });
});
