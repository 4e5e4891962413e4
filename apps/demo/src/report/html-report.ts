import type { ParticipantMetrics } from "../metrics/metrics.js";
import { METRIC_COLUMNS } from "./columns.js";
import type { DemoReport } from "./demo-report.js";
import { escapeHtml } from "./escape-html.js";
import { renderDeliveryPlot } from "./svg-plot.js";

/** The id of the `<script type="application/json">` element holding the report's numbers. */
export const REPORT_DATA_ELEMENT_ID = "demo-data";

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child{text-align:left}
tr.total td{font-weight:600;border-top:2px solid #999}.pass{color:#1e7e34}.fail{color:#c0392b}
.verdict{font-size:1.2rem;font-weight:600}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{color:#666}svg{max-width:100%;height:auto}code{background:#f4f4f4;padding:0 .2rem}`;

/**
 * Renders a finished run as one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * assets): the verdict, the guarantees, the per-participant table, a plot of delivery over time, and the
 * numbers as JSON in `<script type="application/json" id="demo-data">` for machines.
 */
export function renderHtmlReport(report: DemoReport): string {
  const verdict = report.passed ? "All guarantees held" : "A guarantee failed";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>reliable-channel demo — ${escapeHtml(verdict)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>reliable-channel demo</h1>
<p class="verdict ${report.passed ? "pass" : "fail"}" id="verdict">${escapeHtml(verdict)}</p>
${runSection(report)}
<h2>Guarantees</h2>
${guaranteeList(report)}
<h2>Delivery over time</h2>
${plot(report)}
<h2>Per participant</h2>
${metricTable(report.metrics.participants, report.metrics.total)}
<h2>What happened</h2>
<ol>${report.scenario.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ol>
<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">${jsonForHtml(reportData(report))}</script>
</body>
</html>
`;
}

function runSection(report: DemoReport): string {
  const { run } = report;
  const rows: [string, string][] = [
    ["transport", run.connect === undefined ? run.transport : `${run.transport} via ${run.connect}`],
    ["participants", String(run.participants)],
    ["messages", String(run.messages)],
    ["loss", `${Math.round(run.loss * 1000) / 10}%`],
    ["seed", String(run.seed)],
    ["started", run.startedAt],
    ["run time", `${(run.runMs / 1000).toFixed(2)} s${run.transport === "memory" ? " (virtual)" : ""}`],
    ["wall time", `${(run.wallMs / 1000).toFixed(2)} s`],
  ];
  return `<dl>${rows.map(([key, value]) => `<dt>${key}</dt><dd data-run="${key}">${escapeHtml(value)}</dd>`).join("")}</dl>`;
}

function guaranteeList(report: DemoReport): string {
  const items = report.guarantees.map((check) => {
    const mark = check.passed ? "✔" : "✘";
    const details = check.violations.map((violation) => `<li>${escapeHtml(violation)}</li>`).join("");
    const more =
      check.violationCount > check.violations.length ? `<li>… ${check.violationCount} in all</li>` : "";
    const list = check.passed ? "" : `<ul>${details}${more}</ul>`;
    return `<li class="${check.passed ? "pass" : "fail"}" data-guarantee="${check.id}" data-passed="${check.passed}">${mark} ${escapeHtml(check.title)}${list}</li>`;
  });
  return `<ul>${items.join("")}</ul>`;
}

function plot(report: DemoReport): string {
  const { metrics } = report;
  return renderDeliveryPlot({
    series: [
      { label: "delivered", color: "#2c7be5", times: metrics.deliveryTimes, target: metrics.total.expected },
      {
        label: "acknowledged",
        color: "#27ae60",
        times: metrics.acknowledgementTimes,
        target: metrics.total.sent,
      },
    ],
    faults: metrics.faults,
    durationMs: report.run.runMs,
  });
}

function metricTable(rows: readonly ParticipantMetrics[], total: ParticipantMetrics): string {
  const head = METRIC_COLUMNS.map((column) => `<th>${escapeHtml(column.title)}</th>`).join("");
  const row = (metrics: ParticipantMetrics, cls: string): string =>
    `<tr class="${cls}">${METRIC_COLUMNS.map((column) => `<td data-metric="${column.key}">${escapeHtml(column.value(metrics))}</td>`).join("")}</tr>`;
  const body = [...rows.map((metrics) => row(metrics, "participant")), row(total, "total")].join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function reportData(report: DemoReport): unknown {
  return {
    run: report.run,
    passed: report.passed,
    guarantees: report.guarantees,
    total: report.metrics.total,
    participants: report.metrics.participants,
    faults: report.metrics.faults,
  };
}

/** JSON that cannot close its `<script>` element early. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
