import { defineConfig } from "vitest/config";
import SummaryReporter from "./tooling/vitest/summary-reporter.ts";

// One root config; every package and app with a vitest.config.ts is a vitest project of its own.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "tooling/*/vitest.config.ts"],
    reporters: ["default", new SummaryReporter()],
  },
});
