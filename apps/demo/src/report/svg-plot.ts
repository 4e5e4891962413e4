import type { FaultMark } from "../metrics/metrics.js";
import { escapeHtml } from "./escape-html.js";

/** A cumulative series to plot: event times (ms, ascending) and the count that means 100 %. */
export interface PlotSeries {
  readonly label: string;
  readonly color: string;
  readonly times: readonly number[];
  readonly target: number;
}

/** What {@link renderDeliveryPlot} draws. */
export interface DeliveryPlotInit {
  readonly series: readonly PlotSeries[];
  readonly faults: readonly FaultMark[];
  /** The x axis ends here (ms); at least the last event time. */
  readonly durationMs: number;
  /** @default 760 (px) */
  readonly width?: number;
  /** @default 320 (px) */
  readonly height?: number;
}

/** Points per series at most; longer series are thinned evenly. @default 400 */
export const MAX_PLOT_POINTS = 400;

const MARGIN = { left: 48, right: 16, top: 16, bottom: 36 } as const;

/**
 * An inline SVG (no external assets) of cumulative progress over time: one line per series in percent of
 * its target, vertical dashed markers for injected faults, axes in seconds and percent.
 */
export function renderDeliveryPlot(init: DeliveryPlotInit): string {
  const width = init.width ?? 760;
  const height = init.height ?? 320;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const last = Math.max(init.durationMs, ...init.series.map((s) => s.times.at(-1) ?? 0), 1);
  const x = (ms: number): number => MARGIN.left + (ms / last) * plotW;
  const y = (percent: number): number => MARGIN.top + plotH - (percent / 100) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="delivery over time">`,
    ...axes(x, y, last, plotW),
    ...init.faults.map((fault, i) => faultMarker(fault, x(fault.at), y, i)),
    ...init.series.map((series) => seriesLine(series, x, y, last)),
    ...legend(init.series),
    "</svg>",
  ];
  return parts.join("\n");
}

function axes(x: (ms: number) => number, y: (p: number) => number, last: number, plotW: number): string[] {
  const lines: string[] = [];
  for (const percent of [0, 25, 50, 75, 100]) {
    lines.push(
      `<line x1="${x(0)}" x2="${x(last)}" y1="${y(percent)}" y2="${y(percent)}" stroke="#ddd"/>`,
      `<text x="${x(0) - 6}" y="${y(percent) + 4}" text-anchor="end" font-size="11">${percent}%</text>`,
    );
  }
  const step = niceStep(last / 1000, Math.max(2, Math.floor(plotW / 80)));
  for (let s = 0; s * 1000 <= last; s += step) {
    const label = Number.isInteger(step) ? String(s) : s.toFixed(1);
    lines.push(
      `<text x="${x(s * 1000)}" y="${y(0) + 16}" text-anchor="middle" font-size="11">${label}</text>`,
    );
  }
  lines.push(`<text x="${x(last / 2)}" y="${y(0) + 32}" text-anchor="middle" font-size="11">time (s)</text>`);
  return lines;
}

/** A round tick step (1, 2 or 5 × 10^k) giving at most `maxTicks` ticks over `span`. */
export function niceStep(span: number, maxTicks: number): number {
  const raw = Math.max(span, 1e-3) / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= raw) return factor * power;
  }
  return 10 * power;
}

function faultMarker(fault: FaultMark, at: number, y: (p: number) => number, index: number): string {
  const full = fault.participant === undefined ? fault.label : `${fault.participant} ${fault.label}`;
  const labelY = y(100) + 10 + (index % 2) * 12;
  return `<g class="fault"><line x1="${at}" x2="${at}" y1="${y(0)}" y2="${y(100)}" stroke="#c0392b" stroke-dasharray="4 3"><title>${escapeHtml(full)}</title></line><text x="${at + 3}" y="${labelY}" font-size="10" fill="#c0392b">${escapeHtml(full)}</text></g>`;
}

function seriesLine(
  series: PlotSeries,
  x: (ms: number) => number,
  y: (p: number) => number,
  last: number,
): string {
  const target = Math.max(series.target, 1);
  const points: string[] = [`${x(0).toFixed(1)},${y(0).toFixed(1)}`];
  const stride = Math.max(1, Math.ceil(series.times.length / MAX_PLOT_POINTS));
  for (let i = stride - 1; i < series.times.length; i += stride) {
    points.push(`${x(series.times[i] ?? 0).toFixed(1)},${y(((i + 1) / target) * 100).toFixed(1)}`);
  }
  const reached = (series.times.length / target) * 100;
  points.push(`${x(last).toFixed(1)},${y(reached).toFixed(1)}`);
  const label = escapeHtml(series.label);
  return `<polyline class="series" data-series="${label}" fill="none" stroke="${series.color}" stroke-width="2" points="${points.join(" ")}"><title>${label}</title></polyline>`;
}

function legend(series: readonly PlotSeries[]): string[] {
  return series.map((s, i) => {
    const top = MARGIN.top + 40 + i * 16;
    const left = MARGIN.left + 12;
    return `<g><rect x="${left}" y="${top - 9}" width="12" height="4" fill="${s.color}"/><text x="${left + 18}" y="${top - 4}" font-size="11">${escapeHtml(s.label)}</text></g>`;
  });
}
