import { expect } from "vitest";
import { REPORT_DATA_ELEMENT_ID } from "../src/report/html-report.js";

/** The numbers of one table row of the report, by `data-metric` key. */
export type ParsedRow = Record<string, string>;

/** What a test reads back from a rendered HTML report. */
export interface ParsedReport {
  readonly verdict: string;
  readonly data: {
    readonly passed: boolean;
    readonly run: { readonly participants: number; readonly messages: number; readonly seed: number };
    readonly total: Record<string, number>;
    readonly participants: readonly Record<string, number | string>[];
    readonly guarantees: readonly { readonly id: string; readonly passed: boolean }[];
  };
  readonly rows: readonly ParsedRow[];
  readonly totalRow: ParsedRow;
  readonly guaranteeItems: readonly { readonly id: string; readonly passed: boolean }[];
  readonly polylines: number;
}

/** Parses the report with plain string matching (the report has a fixed, simple shape). */
export function parseReport(html: string): ParsedReport {
  const json = new RegExp(
    `<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">(.*?)</script>`,
    "s",
  ).exec(html);
  const verdict = /<p class="verdict [a-z]+" id="verdict">(.*?)<\/p>/.exec(html)?.[1] ?? "";
  const rowOf = (tr: string): ParsedRow =>
    Object.fromEntries(
      [...tr.matchAll(/<td data-metric="([A-Za-z0-9]+)">(.*?)<\/td>/g)].map((m) => [m[1], m[2]]),
    );
  const rows = [...html.matchAll(/<tr class="participant">(.*?)<\/tr>/g)].map((m) => rowOf(m[1] ?? ""));
  const total = /<tr class="total">(.*?)<\/tr>/.exec(html)?.[1] ?? "";
  const guaranteeItems = [...html.matchAll(/data-guarantee="([a-z-]+)" data-passed="(true|false)"/g)].map(
    (m) => ({
      id: m[1] ?? "",
      passed: m[2] === "true",
    }),
  );
  return {
    verdict,
    data: JSON.parse(json?.[1] ?? "null"),
    rows,
    totalRow: rowOf(total),
    guaranteeItems,
    polylines: [...html.matchAll(/<polyline class="series"/g)].length,
  };
}

/** Asserts the report is self-contained and its table, JSON and verdict agree with each other. */
export function expectConsistentReport(html: string): ParsedReport {
  expect(html).not.toMatch(/\ssrc=|\shref=|url\(|@import/);
  const report = parseReport(html);
  const { data, rows, totalRow } = report;
  expect(rows).toHaveLength(data.run.participants);
  const sum = (key: string): number => data.participants.reduce((acc, row) => acc + Number(row[key]), 0);
  for (const key of [
    "sent",
    "delivered",
    "duplicates",
    "retrieved",
    "repaired",
    "acknowledged",
    "expected",
  ]) {
    expect(data.total[key], key).toBe(sum(key));
  }
  expect(totalRow.sent).toBe(String(data.total.sent));
  expect(totalRow.delivered).toBe(`${data.total.delivered}/${data.total.expected}`);
  expect(totalRow.acknowledged).toBe(`${data.total.acknowledged}/${data.total.sent}`);
  expect(totalRow.duplicates).toBe(String(data.total.duplicates));
  expect(totalRow.retrieved).toBe(String(data.total.retrieved));
  expect(totalRow.repaired).toBe(String(data.total.repaired));
  expect(report.guaranteeItems).toEqual(data.guarantees.map((g) => ({ id: g.id, passed: g.passed })));
  expect(data.passed).toBe(data.guarantees.every((g) => g.passed));
  expect(report.verdict).toBe(data.passed ? "All guarantees held" : "A guarantee failed");
  expect(report.polylines).toBe(2);
  return report;
}
