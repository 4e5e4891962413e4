import { packageProject } from "@reliable-channel/vitest-preset";

export default packageProject("web", { testTimeout: 120_000, hookTimeout: 120_000 });
