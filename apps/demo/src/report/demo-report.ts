import type { DemoTransportKind } from "../cli/options.js";
import type { GuaranteeResult } from "../metrics/guarantees.js";
import type { DemoMetrics } from "../metrics/metrics.js";

/** Everything a finished run reports: what ran, what happened, and whether the guarantees held. */
export interface DemoReport {
  readonly run: {
    readonly transport: DemoTransportKind;
    readonly participants: number;
    readonly messages: number;
    readonly loss: number;
    readonly seed: number;
    /** The service node used, when it was a real Waku network. */
    readonly connect?: string;
    /** ISO time the run started (wall clock). */
    readonly startedAt: string;
    /** Wall-clock duration of the run (ms). */
    readonly wallMs: number;
    /** Duration on the run's own clock (ms): virtual time on the memory transport, else wall time. */
    readonly runMs: number;
  };
  /** What the scenario did, in order, for people (e.g. "p2 crashed at 1.2 s"). */
  readonly scenario: readonly string[];
  readonly metrics: DemoMetrics;
  readonly guarantees: readonly GuaranteeResult[];
  /** True when every guarantee held. */
  readonly passed: boolean;
}
