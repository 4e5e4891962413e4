import type { ParticipantMetrics } from "../metrics/metrics.js";

/** One column of the final table and the report's tables. */
export interface MetricColumn {
  /** Short header for the terminal. */
  readonly header: string;
  /** Longer header for the HTML report. */
  readonly title: string;
  /** Stable key, used as `data-metric` in the HTML report. */
  readonly key: string;
  readonly value: (row: ParticipantMetrics) => string;
}

const latency = (ms: number | undefined): string => (ms === undefined ? "-" : String(Math.round(ms)));

/** The table's columns, in order: the numbers the issue asks for, per participant and in total. */
export const METRIC_COLUMNS: readonly MetricColumn[] = [
  { header: "participant", title: "Participant", key: "participant", value: (row) => row.participant },
  { header: "sent", title: "Sent", key: "sent", value: (row) => String(row.sent) },
  {
    header: "delivered",
    title: "Delivered",
    key: "delivered",
    value: (row) => `${row.delivered}/${row.expected}`,
  },
  {
    header: "dups",
    title: "Duplicates suppressed",
    key: "duplicates",
    value: (row) => String(row.duplicates),
  },
  { header: "store", title: "Retrieved from store", key: "retrieved", value: (row) => String(row.retrieved) },
  { header: "repair", title: "Repaired by peers", key: "repaired", value: (row) => String(row.repaired) },
  {
    header: "acked",
    title: "Acknowledged",
    key: "acknowledged",
    value: (row) => `${row.acknowledged}/${row.sent}`,
  },
  {
    header: "all",
    title: "Delivered to all",
    key: "deliveredToAll",
    value: (row) => (row.deliveredToAll === undefined ? "-" : `${row.deliveredToAll}/${row.sent}`),
  },
  { header: "p50 ms", title: "Latency p50 (ms)", key: "latencyP50", value: (row) => latency(row.latencyP50) },
  { header: "p95 ms", title: "Latency p95 (ms)", key: "latencyP95", value: (row) => latency(row.latencyP95) },
];
