import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { publishablePackages, repoRoot, type WorkspacePackage } from "@reliable-channel/release";
import {
  Application,
  DeclarationReflection,
  LogLevel,
  type ProjectReflection,
  ReferenceReflection,
  ReflectionKind,
  type TypeDocOptions,
} from "typedoc";

/** The modules a user can import from one package: each `exports` target (in `src`). */
function entryPointsOf({ path, manifest }: WorkspacePackage): string[] {
  const exports = (manifest.exports ?? {}) as Record<string, { readonly types?: string }>;
  return Object.values(exports).flatMap((target) =>
    target.types === undefined ? [] : [join(path, target.types)],
  );
}

/** Every module a user can import: each `exports` target of every publishable package. */
export function entryPoints(): string[] {
  return publishablePackages().flatMap(entryPointsOf);
}

/** What one build of the reference found. */
export interface ApiReferenceResult {
  /** typedoc's warnings and errors: an undocumented export, a broken `{@link}`, an unexported type used. */
  readonly problems: readonly string[];
}

/** A tsconfig whose program holds exactly `files` (typedoc needs the entry points in its program). */
function tsconfigFor(name: string, files: readonly string[]): string {
  const cache = join(repoRoot, "node_modules", ".cache", "api-reference");
  mkdirSync(cache, { recursive: true });
  const tsconfig = join(cache, `tsconfig.${name}.json`);
  const config = { extends: join(repoRoot, "tooling/tsconfig/tsconfig.base.json"), files };
  writeFileSync(tsconfig, `${JSON.stringify(config, null, 2)}\n`);
  return tsconfig;
}

const COMMON: TypeDocOptions = {
  entryPointStrategy: "resolve",
  name: "reliable-channel",
  readme: "none",
  excludePrivate: true,
  excludeInternal: true,
  // Types are checked by `./run test` (typecheck); the reference is built even while a package does not compile.
  skipErrorChecking: true,
  disableGit: true,
  sourceLinkTemplate: "https://github.com/reliable-channel/reliable-channel/blob/main/{path}#L{line}",
};

/** Converts with typedoc; returns the project (or undefined) and every warning and error it logged. */
async function convert(options: TypeDocOptions, validate: boolean) {
  const problems: string[] = [];
  const app = await Application.bootstrapWithPlugins({ ...COMMON, ...options });
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message: string, level: LogLevel) => {
    if (level >= LogLevel.Warn) problems.push(message.replaceAll(repoRoot, ""));
    log(message, level);
  };
  const project = await app.convert();
  if (project === undefined) problems.push("typedoc could not convert the project");
  else if (validate) app.validate(project);
  return { app, project, problems };
}

/** The exports of a package's project (its modules' children, or the project's with one entry point). */
function exportsOf(project: ProjectReflection): DeclarationReflection[] {
  const modules = project.getChildrenByKind(ReflectionKind.Module);
  return (modules.length > 0 ? modules : [project]).flatMap((container) => container.children ?? []);
}

/** Whether `reflection` has a doc comment (on itself, or on a signature for functions). */
function documented(reflection: DeclarationReflection): boolean {
  return reflection.hasComment() || reflection.getAllSignatures().some((signature) => signature.hasComment());
}

/**
 * Each export without a doc comment. A re-export of a symbol that another entry point of the package also
 * exports (typedoc's Reference) is documented where its target is.
 */
function undocumentedExports(project: ProjectReflection): string[] {
  return exportsOf(project)
    .filter((child) => {
      if (child instanceof ReferenceReflection) {
        const target = child.tryGetTargetReflectionDeep();
        return !(target instanceof DeclarationReflection && documented(target));
      }
      return !documented(child);
    })
    .map(
      (child) =>
        `${child.getFriendlyFullName()} (${ReflectionKind.singularString(child.kind)}) is exported without a doc comment`,
    );
}

/**
 * Checks the doc comments of every publishable package and, given `out`, writes the API reference there
 * (HTML). An export (function, class, interface, type, variable, enum) without a doc comment is a problem,
 * checked per package (one program holding all packages hides some of them); over all packages together,
 * typedoc's validation adds a `{@link}` that resolves nowhere and a public type that is not exported.
 */
export async function buildApiReference(out: string | undefined): Promise<ApiReferenceResult> {
  const problems: string[] = [];
  for (const pkg of publishablePackages()) {
    const files = entryPointsOf(pkg);
    const tsconfig = tsconfigFor(pkg.dir.replaceAll("/", "-"), files);
    const single = await convert(
      { entryPoints: files, tsconfig, validation: false, logLevel: "Error" },
      false,
    );
    if (single.project === undefined) problems.push(`${pkg.manifest.name}: typedoc could not convert it`);
    else
      problems.push(
        ...undocumentedExports(single.project).map((problem) => `${pkg.manifest.name}: ${problem}`),
      );
  }
  const files = entryPoints();
  const validation = { notExported: true, invalidLink: true, notDocumented: false };
  const all = await convert({ entryPoints: files, tsconfig: tsconfigFor("all", files), validation }, true);
  problems.push(...all.problems);
  if (out !== undefined && all.project !== undefined) await all.app.generateDocs(all.project, out);
  return { problems };
}
