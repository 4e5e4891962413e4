import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../../", import.meta.url);
const changesetDir = new URL(".changeset/", root);
const config = JSON.parse(readFileSync(new URL("config.json", changesetDir), "utf8")) as {
  readonly ignore: readonly string[];
};

/** Names of the workspace's packages (packages/*, apps/*, tooling/*). */
function workspacePackages(): Set<string> {
  const names = new Set<string>();
  for (const group of ["packages", "apps", "tooling"]) {
    for (const dir of readdirSync(new URL(`${group}/`, root), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      try {
        const manifest = readFileSync(new URL(`${group}/${dir.name}/package.json`, root), "utf8");
        names.add((JSON.parse(manifest) as { name: string }).name);
      } catch {
        // not a package (no package.json)
      }
    }
  }
  return names;
}

const FRONTMATTER = /^---\n((?:"[^"\n]+": (?:major|minor|patch)\n)+)---\n\n(\S[\s\S]*)$/;

describe("changesets", () => {
  const files = readdirSync(changesetDir).filter((f) => f.endsWith(".md") && f !== "README.md");
  const packages = workspacePackages();

  it("there are some, and the workspace is found", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(packages.has("@reliable-channel/channel")).toBe(true);
  });

  it.each(files)("%s has a valid frontmatter naming released workspace packages", (file) => {
    const text = readFileSync(new URL(file, changesetDir), "utf8");
    const match = FRONTMATTER.exec(text);
    expect(
      match,
      `${file} must start with ---, "package": bump lines, ---, a blank line, a summary`,
    ).not.toBe(null);
    const lines = (match?.[1] ?? "").trim().split("\n");
    for (const line of lines) {
      const name = /^"([^"]+)"/.exec(line)?.[1] ?? "";
      expect(packages.has(name), `${file}: ${name} is not a workspace package`).toBe(true);
      expect(config.ignore.includes(name), `${file}: ${name} is ignored by .changeset/config.json`).toBe(
        false,
      );
    }
  });
});
