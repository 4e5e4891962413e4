import { packageProject } from "@reliable-channel/vitest-preset";

export default packageProject("test-kit");
