/**
 * Compile a generated table with a real TeX engine and keep a PNG of page 1 for people to
 * look at. A missing engine is a failure, not a skip: CI installs TeX (.ci/run APT_PKGS).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outputDir = join(repoRoot, 'test', 'output');

/** The preamble docs/tables.md tells users to add. */
const PACKAGES = '\\usepackage{booktabs}\n\\usepackage{threeparttable}\n\\usepackage{siunitx}\n\\usepackage{graphicx}\n';
const PDFLATEX = `\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n${PACKAGES}\\pagestyle{empty}\n`;
const XELATEX = `\\documentclass{article}\n\\usepackage{xeCJK}\n\\setCJKmainfont{Noto Serif CJK SC}\n${PACKAGES}\\pagestyle{empty}\n`;

export interface TexRun {
  readonly pdf: string;
  readonly png: string;
  readonly log: string;
}

/** Wrap `table` in a minimal document, compile, fail on any error, write test/output/<name>.png. */
export function compileTable(table: string, name: string, engine: 'pdflatex' | 'xelatex'): TexRun {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-tex-'));
  try {
    const doc = `${engine === 'xelatex' ? XELATEX : PDFLATEX}\\begin{document}\n${table}\n\\end{document}\n`;
    writeFileSync(join(dir, 'doc.tex'), doc);
    let log = '';
    try {
      execFileSync(engine, ['-halt-on-error', '-interaction=nonstopmode', '-no-shell-escape', 'doc.tex'], {
        cwd: dir,
        stdio: 'pipe',
        timeout: 120_000,
      });
    } catch (e) {
      log = existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'utf8') : String(e);
      const errs = log.split('\n').filter((l) => l.startsWith('!')).slice(0, 5).join('\n');
      throw new Error(`${engine} failed on ${name}:\n${errs || (e as Error).message}\n--- document ---\n${doc}`);
    }
    log = readFileSync(join(dir, 'doc.log'), 'utf8');
    mkdirSync(outputDir, { recursive: true });
    const pdf = join(outputDir, `${name}.pdf`);
    copyFileSync(join(dir, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, join(outputDir, name)], { stdio: 'pipe' });
    return { pdf, png: join(outputDir, `${name}.png`), log };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Font/character problems TeX only warns about ("Missing character"), which would drop glyphs silently. */
export function missingGlyphs(log: string): string[] {
  return log.split('\n').filter((l) => /Missing character/.test(l));
}
