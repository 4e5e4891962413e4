import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/** How a package's source imports another package: for its values at run time, or for types only. */
export interface SourceImports {
  /** Packages imported for values (`import { x }`, `export { x } from`, `import()`): runtime dependencies. */
  readonly values: ReadonlySet<string>;
  /** Packages imported only for types (`import type`, every specifier `type`). */
  readonly types: ReadonlySet<string>;
}

function packageName(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return clause !== undefined && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (clause === undefined) return false; // `import "x"`: a side effect
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.every((e) => e.isTypeOnly)
  );
}

/** The packages a source folder imports (not `node:` builtins, not relative paths), by kind of use. */
export function sourceImports(srcDir: string): SourceImports {
  const values = new Set<string>();
  const types = new Set<string>();
  for (const file of sourceFiles(srcDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier !== undefined
      ) {
        const name = ts.isStringLiteral(node.moduleSpecifier)
          ? packageName(node.moduleSpecifier.text)
          : undefined;
        if (name !== undefined) (isTypeOnly(node) ? types : values).add(name);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [argument] = node.arguments;
        const name =
          argument !== undefined && ts.isStringLiteral(argument) ? packageName(argument.text) : undefined;
        if (name !== undefined) values.add(name);
      } else if (ts.isImportTypeNode(node)) {
        const literal = ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined;
        const name =
          literal !== undefined && ts.isStringLiteral(literal) ? packageName(literal.text) : undefined;
        if (name !== undefined) types.add(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const name of values) types.delete(name);
  return { values, types };
}

/** All of a source folder's TypeScript, concatenated (for plain text checks). */
export function sourceText(srcDir: string): string {
  return sourceFiles(srcDir)
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
}
