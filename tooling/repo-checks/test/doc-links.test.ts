import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { documentationFiles, repoRoot } from "@reliable-channel/release";
import { describe, expect, it } from "vitest";

const files = documentationFiles();
const architecture = readFileSync(join(repoRoot, "ARCHITECTURE.md"), "utf8");
const sections = new Set([...architecture.matchAll(/^## (\d+)\. /gm)].map((match) => match[1]));

/** Relative link targets of a markdown file (no scheme, no pure anchor), without their `#anchor`. */
function relativeLinks(text: string): string[] {
  const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
  return targets.filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith("#")).map((t) => t.replace(/#.*$/, ""));
}

describe("documentation links", () => {
  it("finds the documentation", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("packages/channel/README.md");
  });

  it.each(files)("%s: every relative link names a file or folder that exists", (file) => {
    const text = readFileSync(join(repoRoot, file), "utf8");
    for (const target of relativeLinks(text)) {
      expect(existsSync(join(repoRoot, dirname(file), target)), `${file} links ${target}`).toBe(true);
    }
  });

  it.each(files)("%s: every ARCHITECTURE.md § it cites exists", (file) => {
    const text = readFileSync(join(repoRoot, file), "utf8");
    for (const match of text.matchAll(/ARCHITECTURE\.md[`\])]*\s*§\s*(\d+)/g)) {
      expect(sections, `${file} cites ARCHITECTURE.md §${match[1]}`).toContain(match[1]);
    }
  });
});
