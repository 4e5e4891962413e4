/** The release path and the smoke test's helpers (private tooling). */
export {
  type CodeBlock,
  codeBlocksOf,
  documentationCodeBlocks,
  documentationFiles,
} from "./code-blocks.js";
export { importedSpecifiers, packageOf } from "./imports.js";
export { type PackedPackage, packAll, packPackage } from "./pack.js";
export { readTarball, type TarballFiles } from "./tarball.js";
export { LICENSE, LICENSE_FILES, verifyPacked } from "./verify.js";
export {
  type Manifest,
  publishablePackages,
  readJson,
  repoRoot,
  type WorkspacePackage,
} from "./workspace.js";
