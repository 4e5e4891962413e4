import type { DemoMetrics } from "../metrics/metrics.js";
import { METRIC_COLUMNS } from "./columns.js";

/** Rows shown before the table is cut short (the total row always follows). @default 12 (rows) */
export const DEFAULT_MAX_TABLE_ROWS = 12;

/**
 * The final table for the terminal: one row per participant (the first `maxRows`), then the total.
 * Numbers are right-aligned; returns the lines without trailing newlines.
 */
export function renderTextTable(metrics: DemoMetrics, maxRows = DEFAULT_MAX_TABLE_ROWS): string[] {
  const shown = metrics.participants.slice(0, maxRows);
  const cells = [...shown, metrics.total].map((row) => METRIC_COLUMNS.map((column) => column.value(row)));
  const headers = METRIC_COLUMNS.map((column) => column.header);
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => (row[i] ?? "").length)),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => (i === 0 ? value.padEnd(widths[i] ?? 0) : value.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("  ");
  const body = cells.slice(0, -1).map(line);
  const hidden = metrics.participants.length - shown.length;
  if (hidden > 0) body.push(`… ${hidden} more participants (all of them are in the HTML report)`);
  const total = cells.at(-1) ?? [];
  return [line(headers), rule, ...body, rule, line(total)];
}
