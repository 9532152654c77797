/**
 * CLI entry: `studyspec check | plan | run`. Argument parsing only; the commands live in
 * ./commands.ts and return exit codes (0 ok, 1 errors in the spec or data, 2 internal).
 */
import { Command, Option } from 'commander';
import { checkCommand, planCommand, runCommand } from './commands.js';
import { processIo } from './report.js';
import type { OutputFormat } from '../diagnostics/format.js';

const io = processIo();

function finish(code: number): void {
  process.exitCode = code;
}

const program = new Command()
  .name('studyspec')
  .description('A whole empirical study as one YAML file: check it, plan it, run it.')
  .showHelpAfterError()
  .option('--debug', 'show stack traces of internal errors', false);

program
  .command('check')
  .description('validate spec files: schema, formulas, expressions, references, data columns')
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
  .description('run a study and write results, tables and figures')
  .argument('<spec>', 'spec file')
  .option('--out <dir>', 'output folder (default: <spec dir>/out/<spec name>)')
  .option('--allow-outside', "allow data sources outside the spec's folder", false)
  .option('--debug', 'show stack traces of internal errors', false)
  .action(async (file: string, o: { out?: string; allowOutside: boolean; debug: boolean }) => {
    finish(
      await runCommand(
        file,
        { ...(o.out !== undefined ? { out: o.out } : {}), allowOutside: o.allowOutside, debug: o.debug || program.opts().debug },
        io,
      ),
    );
  });

await program.parseAsync(process.argv);
