/**
 * The seed studies' data generators (examples/<study>/generate.mjs): deterministic for the same
 * arguments, different for another seed, `--truth` overrides checked (an unknown or mistyped
 * parameter is an error, never silently the default), and a clear usage error for bad arguments.
 * The fast generator (virtual-agglomeration) stands in for the shared command line and overrides.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const generator = join(root, 'examples', 'virtual-agglomeration', 'generate.mjs');

function generate(...args: string[]): { status: number; stderr: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-gen-'));
  const r = spawnSync(process.execPath, [generator, '--out', join(dir, 'data'), ...args], { encoding: 'utf8' });
  return { status: r.status ?? -1, stderr: r.stderr, dir: join(dir, 'data') };
}
const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('seed-study generators', () => {
  it('write byte-identical files for the same arguments, other data for another seed', () => {
    const a = generate('--seed', '5'), b = generate('--seed', '5'), c = generate('--seed', '6');
    expect(a.status).toBe(0);
    expect(Object.keys(files(a.dir))).toEqual(['exports.csv', 'national.csv', 'province_year.csv', 'provinces.csv', 'truth.json']);
    expect(files(b.dir)).toEqual(files(a.dir));
    expect(files(c.dir)['exports.csv']).not.toBe(files(a.dir)['exports.csv']);
  });
  it('apply --truth overrides to the parameters and the targets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studyspec-gen-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ _comment: 'flip', beta_vag: -0.06 }));
    const r = generate('--truth', join(dir, 'p.json'));
    expect(r.status).toBe(0);
    const truth = JSON.parse(readFileSync(join(r.dir, 'truth.json'), 'utf8'));
    expect(truth.params.beta_vag).toBe(-0.06);
    expect(truth.targets.moderation_centred.Vag).toBe(-0.06);
  });
  it('reject an unknown or mistyped parameter and bad arguments with a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studyspec-gen-'));
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ beta_vga: 1 }));
    writeFileSync(join(dir, 'type.json'), JSON.stringify({ beta_vag: '1' }));
    const typo = generate('--truth', join(dir, 'typo.json'));
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown parameter params.beta_vga');
    const type = generate('--truth', join(dir, 'type.json'));
    expect(type.stderr).toContain('params.beta_vag must be a number');
    expect(type.stderr).not.toContain('    at ');
    writeFileSync(join(dir, 'bad.json'), '{ beta_vag: ');
    expect(generate('--truth', join(dir, 'bad.json')).stderr).toContain('not valid JSON');
    const size = generate('--size', 'huge');
    expect(size.status).toBe(2);
    expect(size.stderr).toContain('--size must be one of small, large');
  });
});
