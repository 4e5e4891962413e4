import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints one plain closing line after vitest's own summary, e.g. `tests: 412 passed, 0 failed, 3 skipped`,
 * so any CI can read the counts. A test file that fails to load (or fails outside its tests) counts as one
 * failure, and a run with zero tests executed is a failure, not a pass.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failedInModule += 1;
        else skipped += 1;
      }
      if (failedInModule === 0 && module.state() === "failed") failedInModule = 1;
      failed += failedInModule;
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (passed + failed === 0) process.exitCode = 1;
  }
}
