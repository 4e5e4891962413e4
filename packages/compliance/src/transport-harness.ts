import type { Transport } from "@reliable-channel/interfaces";

/** What the transport suite asks a {@link TransportHarnessFactory} for. */
export interface TransportHarnessOptions {
  /** How many connected transports to create (2 to 4). */
  readonly peers: number;
}

/**
 * N transports on one shared topic, plus a way to let the network make progress.
 * The suite starts and stops the transports itself; the harness must return them not started.
 */
export interface TransportHarness {
  /** `peers` transports on the same topic, not started. */
  readonly transports: readonly Transport[];
  /**
   * Lets time and the network progress until what was published so far has arrived (or was dropped).
   * A virtual-time harness runs its clock until idle; a real-network harness may resolve at once, because the
   * suite then also waits for each expected payload by event (never by sleeping).
   */
  settle(): Promise<void>;
  /** Releases everything the harness holds (nodes, sockets); called after each test, also on failure. */
  close(): Promise<void>;
  /**
   * Whether a publisher receives its own payloads; `undefined` skips the echo test.
   * @default undefined
   */
  readonly echo?: boolean;
  /**
   * How long (real ms) to wait for an expected payload before failing the test. A virtual-time harness whose
   * `settle()` delivers everything should say 0: the suite then checks right after `settle()` and never
   * starts a real timer.
   * @default DEFAULT_RECEIVE_TIMEOUT_MS (ms)
   */
  readonly receiveTimeoutMs?: number;
  /**
   * The transports' clock (ms): what `queryRange` ranges and `storedAt` are measured in. A virtual-time
   * harness passes its clock's `now`; a real-network one can leave it out. The range query cases read it
   * before the first publish and after the last payload arrived, so the range spans what they published.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Creates a fresh, isolated harness for one test. */
export type TransportHarnessFactory = (options: TransportHarnessOptions) => Promise<TransportHarness>;

/** How long the suite waits for an expected payload by default. @default 10_000 (ms) */
export const DEFAULT_RECEIVE_TIMEOUT_MS = 10_000;
