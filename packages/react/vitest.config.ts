import { packageProject } from "@reliable-channel/vitest-preset";

export default packageProject("react", { environment: "happy-dom" });
