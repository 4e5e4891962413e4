import { InvalidArgumentError, type PublishResult, type Transport } from "@reliable-channel/interfaces";
import { DEFAULT_RECEIVE_TIMEOUT_MS, type TransportHarness } from "./transport-harness.js";
import { createInbox, type Inbox, suitePayload } from "./transport-inbox.js";

/** The transports of one test, each with an inbox subscribed before start (internal to the suite). */
export interface TransportFixture {
  readonly harness: TransportHarness;
  readonly transports: readonly Transport[];
  readonly inboxes: readonly Inbox[];
  /** How long (real ms) to wait for an expected payload or event (the harness's `receiveTimeoutMs`). */
  readonly timeoutMs: number;
  /** The transports' clock (the harness's `now`, or `Date.now`). */
  now(): number;
  /** The transport at `index` (throws on a bad index, so tests stay free of non-null assertions). */
  at(index: number): Transport;
  /** The inbox of the transport at `index`. */
  inbox(index: number): Inbox;
  /** Starts every transport (or those at `indexes`). */
  start(indexes?: readonly number[]): Promise<void>;
  /** Publishes the suite payload `label` from `from` (`size` bytes when given). */
  publish(from: number, label: string, size?: number): Promise<PublishResult>;
  /** Lets the network settle, then waits (by event) until peer `to` has received every label. */
  expectReceived(to: number, labels: readonly string[]): Promise<void>;
}

/** What a {@link TransportCase} is given to run (internal to the suite). */
export interface TransportCaseContext {
  /** A fresh harness of `peers` transports, inboxes subscribed, started unless `start: false`. Once per case. */
  setup(peers: number, options?: { readonly start?: boolean }): Promise<TransportFixture>;
  /** Skips the case (the transport lacks an optional capability). */
  skip(): never;
}

/** One check of the transport contract; the suite turns each into a vitest `it` (internal to the suite). */
export interface TransportCase {
  readonly name: string;
  run(context: TransportCaseContext): Promise<void>;
}

/** Wraps a harness into a {@link TransportFixture}. */
export function createFixture(harness: TransportHarness): TransportFixture {
  const transports = harness.transports;
  const inboxes = transports.map((transport, i) => createInbox(transport, `peer ${i}`));
  const timeoutMs = harness.receiveTimeoutMs ?? DEFAULT_RECEIVE_TIMEOUT_MS;
  const now = harness.now ?? Date.now;
  const pick = <T>(list: readonly T[], index: number): T => {
    const item = list[index];
    if (item === undefined) throw new InvalidArgumentError(`the harness has no peer ${index}`);
    return item;
  };
  const fixture: TransportFixture = {
    harness,
    transports,
    inboxes,
    timeoutMs,
    now: () => now(),
    at: (index) => pick(transports, index),
    inbox: (index) => pick(inboxes, index),
    async start(indexes = transports.map((_, i) => i)) {
      await Promise.all(indexes.map((i) => pick(transports, i).start()));
    },
    publish: (from, label, size) => pick(transports, from).publish(suitePayload(label, size)),
    async expectReceived(to, labels) {
      await harness.settle();
      await pick(inboxes, to).waitFor(labels, timeoutMs);
    },
  };
  return fixture;
}
