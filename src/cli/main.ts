/**
 * CLI entry: `studyspec check | plan | run | init`. Argument parsing only; the commands live
 * in ./commands.ts and ./init.ts and return exit codes (see EXIT in ./report.ts): 0 ok,
 * 1 errors in the spec or data, 2 command-line usage, 3 internal error.
 */
import { Command, CommanderError, Option } from 'commander';
import { TOOL_VERSION } from '../run/version.js';
import { checkCommand, planCommand, runCommand } from './commands.js';
import { initCommand } from './init.js';
import { EXIT, internalError, processIo } from './report.js';
import type { OutputFormat } from '../diagnostics/format.js';
import { mark } from '../run/timings.js';

mark('cli modules loaded');
const io = processIo();

function finish(code: number): void {
  process.exitCode = code;
}

const program = new Command()
  .name('studyspec')
  .description('A whole empirical study as one YAML file: check it, plan it, run it.')
  .version(TOOL_VERSION, '-V, --version', 'print the version and exit')
  // Every usage mistake (unknown option or command, missing argument, bad choice) exits 2,
  // so scripts can tell "you called me wrong" from "your spec is wrong" (1).
  .exitOverride()
  .showHelpAfterError()
  .option('--debug', 'show stack traces of internal errors', false);

program
  .command('check')
  .description('validate spec files: schema, formulas, expressions, references, data headers, table and figure options')
  .argument('<specs...>', 'spec files')
  .addOption(new Option('--format <format>', 'diagnostic output').choices(['text', 'github', 'json']).default('text'))
  .option('--allow-outside', "allow data sources outside the spec's folder", false)
  .option('--debug', 'show stack traces of internal errors', false)
  .action(async (files: string[], o: { format: OutputFormat; allowOutside: boolean; debug: boolean }) => {
    finish(await checkCommand(files, { format: o.format, allowOutside: o.allowOutside, debug: o.debug || program.opts().debug }, io));
  });

program
  .command('plan')
  .description('print the plan (DAG of steps) of a spec')
  .argument('<spec>', 'spec file')
  .option('--json', 'print the plan as JSON', false)
  .option('--allow-outside', "allow data sources outside the spec's folder", false)
  .option('--debug', 'show stack traces of internal errors', false)
  .action(async (file: string, o: { json: boolean; allowOutside: boolean; debug: boolean }) => {
    finish(await planCommand(file, { json: o.json, allowOutside: o.allowOutside, debug: o.debug || program.opts().debug }, io));
  });

program
  .command('run')
  .description('run a study: results.json, tables, figures and a report; print each model')
  .argument('<spec>', 'spec file')
  .option('--out <dir>', 'output folder (default: <spec dir>/out/<spec name>)')
  // Repeatable rather than variadic: a variadic option would swallow the spec after it.
  .option('--only <name>', 'run only this model, table or figure and what it needs (repeat it, or a,b,c)', (v: string, prev: string[] = []) => [...prev, v])
  .option('--no-cache', 'ignore and do not reuse cached step results (the new ones are still stored)')
  .option('-q, --quiet', 'print nothing but errors and warnings: no model tables, no progress', false)
  .option('--allow-outside', "allow data sources outside the spec's folder", false)
  .option('--debug', 'show stack traces of internal errors', false)
  .action(
    async (
      file: string,
      o: { out?: string; only?: string[]; cache: boolean; quiet: boolean; allowOutside: boolean; debug: boolean },
    ) => {
      finish(
        await runCommand(
          file,
          {
            ...(o.out !== undefined ? { out: o.out } : {}),
            ...(o.only ? { only: o.only.flatMap((x) => x.split(',')).filter((x) => x !== '') } : {}),
            cache: o.cache,
            quiet: o.quiet,
            allowOutside: o.allowOutside,
            debug: o.debug || program.opts().debug,
          },
          io,
        ),
      );
    },
  );

program
  .command('init')
  .description('create a new study folder: a spec, a small data set and a README that run at once')
  .argument('<dir>', 'folder to create (must not exist or be empty)')
  .option('--debug', 'show stack traces of internal errors', false)
  .action((dir: string, o: { debug: boolean }) => {
    finish(initCommand(dir, { debug: o.debug || program.opts().debug }, io));
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here with exitCode 0; everything else is a usage error.
    finish(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
  } else {
    internalError(io, e, process.argv.includes('--debug'));
    finish(EXIT.internal);
  }
}
