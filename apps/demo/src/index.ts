import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { HELP_TEXT } from "./cli/help.js";
import { parseDemoArgs } from "./cli/parse-args.js";

/** Exit code for invalid options. */
const EXIT_USAGE = 2;
/** Exit code for a run that crashed (not a guarantee failure). */
const EXIT_ERROR = 1;

async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseDemoArgs>;
  try {
    options = parseDemoArgs(argv);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (options.help) {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  // Loaded only for a run, so --help and option errors answer at once.
  const { runDemo } = await import("./run-demo.js");
  return runDemo(options, { out: process.stdout, cwd: process.env.INIT_CWD ?? process.cwd() });
}

main(process.argv.slice(2)).then(
  // Exit explicitly: a Waku node can leave handles behind that would keep the process alive.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(EXIT_ERROR);
  },
);
