import { packageProject } from "@reliable-channel/vitest-preset";

// typedoc reads every package's sources: tens of seconds, not milliseconds.
export default packageProject("docs", { testTimeout: 300_000 });
