import { expect, it } from "vitest";
import { measureBundleSizes } from "../src/benches/bundle-size.js";

it("the bundle-size bench bundles the three apps and measures what each stack adds to the base", async () => {
  const report = await measureBundleSizes();
  const { base, "js-waku": reference, ours } = report.sizes;
  expect(base.initialGzip).toBeGreaterThan(50 * 1024); // @waku/sdk was really bundled
  expect(base.totalGzip).toBe(base.initialGzip); // one chunk: nothing of the sdk loads on demand
  expect(reference.totalGzip).toBeGreaterThan(base.totalGzip);
  expect(ours.initialGzip).toBeLessThanOrEqual(ours.totalGzip);
  expect(ours.totalGzip).toBeGreaterThan(ours.initialGzip); // segmentation & co. are in on-demand chunks
  expect(report.referenceAdds).toBe(reference.totalGzip - base.totalGzip);
  expect(report.oursAddsInitial).toBeGreaterThan(0);
  expect(report.oursAddsTotal).toBeGreaterThan(report.oursAddsInitial);
}, 60_000);
