import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./workspace.js";

/** A TypeScript code block of the repository's documentation. */
export interface CodeBlock {
  /** The markdown file, relative to the root, e.g. `packages/channel/README.md`. */
  readonly file: string;
  /** Its 1-based line (the opening fence). */
  readonly line: number;
  /** The code. */
  readonly code: string;
  /**
   * Whether it is executed (plain node, as a user runs it) or only type-checked. A block is executed
   * unless its fence says `no-run` (```` ```ts no-run ````), e.g. one that needs a public Waku network or a
   * test runner.
   */
  readonly run: boolean;
  /** A file-name-safe id, unique per block, e.g. `packages-channel-readme-1`. */
  readonly id: string;
}

/**
 * Every markdown file a user reads: the root README, each README of `packages/*`, `apps/*` and
 * `tooling/*`, and everything under `docs/`. Found anew on every call.
 */
export function documentationFiles(root: string = repoRoot): string[] {
  const files = ["README.md"];
  for (const group of ["packages", "apps", "tooling"]) {
    for (const dir of readdirSync(join(root, group), { withFileTypes: true })) {
      const readme = `${group}/${dir.name}/README.md`;
      if (dir.isDirectory() && existsSync(join(root, readme))) files.push(readme);
    }
  }
  if (existsSync(join(root, "docs"))) {
    for (const entry of readdirSync(join(root, "docs"), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && entry.name.endsWith(".md")) {
        files.push(join(entry.parentPath, entry.name).slice(root.length).replace(/^\//, ""));
      }
    }
  }
  return files.sort();
}

const FENCE = /^```(ts|typescript)\b([^\n]*)\n([\s\S]*?)^```\s*$/gm;

/** The ```` ```ts ```` blocks of one markdown file. */
export function codeBlocksOf(file: string, root: string = repoRoot): CodeBlock[] {
  const text = readFileSync(join(root, file), "utf8");
  const blocks: CodeBlock[] = [];
  const slug = file
    .replace(/\.md$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
  for (const match of text.matchAll(FENCE)) {
    const line = text.slice(0, match.index).split("\n").length;
    const info = match[2] ?? "";
    blocks.push({
      file,
      line,
      code: match[3] ?? "",
      run: !/\bno-run\b/.test(info),
      id: `${slug}-${blocks.length + 1}`,
    });
  }
  return blocks;
}

/** Every TypeScript code block of the documentation, in file order. */
export function documentationCodeBlocks(root: string = repoRoot): CodeBlock[] {
  return documentationFiles(root).flatMap((file) => codeBlocksOf(file, root));
}
