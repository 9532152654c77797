/**
 * `studyspec init DIR`: a new study folder that runs at once —
 *
 *   DIR/study.yaml       a spec in block style (editor completion works in every value)
 *   DIR/data/firms.csv   a small synthetic firm-year panel (60 firms × 8 years) with a known truth
 *   DIR/README.md        how to check, run and change it
 *
 * The data are drawn from a fixed seed, so every `init` writes the same files. DIR must not
 * exist or be empty: init never writes over anything.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { diag } from '../diagnostics/messages/index.js';
import { cliMessages } from '../diagnostics/messages/cli.js';
import { starterData, starterReadme, starterSpec } from './init-files.js';
import { EXIT, internalError, printDiagnostics, type Io } from './report.js';

export function initCommand(dir: string, opts: { debug?: boolean }, io: Io): number {
  try {
    const abs = resolve(dir);
    if (existsSync(abs) && (!statSync(abs).isDirectory() || readdirSync(abs).length > 0)) {
      printDiagnostics(io, [diag(cliMessages.initNotEmpty(dir))], 'text');
      return EXIT.usage;
    }
    try {
      mkdirSync(join(abs, 'data'), { recursive: true });
      writeFileSync(join(abs, 'data', 'firms.csv'), starterData(), { flag: 'wx' });
      writeFileSync(join(abs, 'study.yaml'), starterSpec(), { flag: 'wx' });
      writeFileSync(join(abs, 'README.md'), starterReadme(), { flag: 'wx' });
    } catch (e) {
      printDiagnostics(io, [diag(cliMessages.initFailed(dir, e instanceof Error ? e.message : String(e)))], 'text');
      return EXIT.spec;
    }
    const rel = relative(process.cwd(), abs) || '.';
    io.err(`created ${rel}/study.yaml, ${rel}/data/firms.csv and ${rel}/README.md\nnext: studyspec run ${join(rel, 'study.yaml')}`);
    return EXIT.ok;
  } catch (e) {
    internalError(io, e, opts.debug ?? false);
    return EXIT.internal;
  }
}
