import { expect, it } from "vitest";
import { buildApiReference, entryPoints } from "../src/api-reference.js";

it("every export of every publishable package is documented, and every {@link} resolves", async () => {
  expect(entryPoints().length).toBeGreaterThan(10);
  const { problems } = await buildApiReference(undefined);
  expect(problems).toEqual([]);
});
