import { describe, expect, it } from "vitest";
import { MAX_PLOT_POINTS, niceStep, renderDeliveryPlot } from "../src/report/svg-plot.js";

describe("renderDeliveryPlot", () => {
  it("draws each series from 0 % to the share reached, thinning long series", () => {
    const times = Array.from({ length: 2000 }, (_, i) => i);
    const svg = renderDeliveryPlot({
      series: [{ label: "delivered", color: "#00f", times, target: 4000 }],
      faults: [{ at: 500, label: "offline" }],
      durationMs: 2000,
      width: 1048,
      height: 152,
    });
    const points = /points="([^"]+)"/.exec(svg)?.[1]?.split(" ") ?? [];
    expect(points.length).toBeLessThanOrEqual(MAX_PLOT_POINTS + 2);
    expect(points[0]).toBe("48.0,116.0");
    expect(points.at(-1)).toBe("1032.0,66.0");
    expect(svg).toContain("<title>offline</title>");
    expect(svg.startsWith("<svg")).toBe(true);
  });

  it("picks round tick steps", () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(60, 8)).toBe(10);
    expect(niceStep(0.3, 3)).toBeCloseTo(0.1);
  });
});
