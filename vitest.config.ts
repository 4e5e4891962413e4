import { defineConfig } from "vitest/config";

// One root config; every package and app with a test/ folder is a vitest project of its own.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts"],
  },
});
