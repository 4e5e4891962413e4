import { defineProject, type UserWorkspaceConfig } from "vitest/config";

/**
 * The shared vitest project of a package: tests live in `test/` beside `src/`, named `*.test.ts`.
 * Tests never sleep on wall-clock time and never retry (`retry: 0`); randomized tests print their seed.
 */
export function packageProject(
  name: string,
  overrides: UserWorkspaceConfig["test"] = {},
): UserWorkspaceConfig {
  return defineProject({
    test: {
      name,
      include: ["test/**/*.test.ts"],
      environment: "node",
      retry: 0,
      testTimeout: 20_000,
      ...overrides,
    },
  });
}
