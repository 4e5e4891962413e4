import { runReadmeExample } from "@reliable-channel/vitest-preset/readme-example";
import { it } from "vitest";

it("runs the README's example", async () => {
  await runReadmeExample(new URL("../", import.meta.url), "@reliable-channel/segmentation");
});
