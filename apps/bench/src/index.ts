/**
 * `./run bench [name...]`: runs the named benchmarks from the registry (all of them when none is named),
 * one after the other, and exits non-zero on an unknown name.
 */
import { benches } from "./benches/index.js";

async function main(argv: readonly string[]): Promise<number> {
  const names = argv.filter((a) => a !== "--");
  const unknown = names.filter((n) => !(n in benches));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(benches).join(", ")}`);
    return 2;
  }
  for (const name of names.length > 0 ? names : Object.keys(benches)) {
    const bench = benches[name];
    if (bench !== undefined) await bench();
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
