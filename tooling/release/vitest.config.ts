import { packageProject } from "@reliable-channel/vitest-preset";

// The smoke test packs every package and installs the tarballs with npm: minutes, not seconds.
export default packageProject("release", { testTimeout: 180_000, hookTimeout: 900_000 });
