// Kleibergen–Paap rk statistics with two endogenous regressors against the R transcription
// of Stata's ranktest (oracle/lin_kp_rank.R; its self-checks tie it to the one-endogenous
// ivreg2 values and to the Anderson / Cragg–Donald identities). The expected values live in
// this repository (test/fixtures/expected), the data in test/fixtures/data.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectRel, formula, readCsvFrame, v } from '../../helpers/linear-fixture.js';
import { fit } from '../../helpers/linear-fit.js';

const here = dirname(fileURLToPath(import.meta.url));

interface KpCase {
  spec: { depvar: string; endogenous: string[]; exogenous: string[]; instruments: string[]; fixed_effects: string[]; cluster?: string | null };
  dataset: string;
  coefficients: Record<string, number>;
  tests: {
    kleibergen_paap_rk_lm: { chi2: number; df: number; p: number };
    kleibergen_paap_rk_wald: { chi2: number; df: number; p: number };
    kleibergen_paap_rk_wald_F: { F: number };
    cragg_donald: { F: number };
    canonical_correlations: number[];
  };
}

function load(name: string): KpCase {
  return JSON.parse(readFileSync(join(here, '..', '..', 'fixtures', 'expected', `${name}.json`), 'utf8')) as KpCase;
}

const cases = [
  'lin_kp_cigsw1995_k2_hc1',
  'lin_kp_cigsw1995_k2_exact_hc1',
  'lin_kp_produc_fe_k2_hc1',
  'lin_kp_produc_fe_k2_cluster_state',
];

describe('Kleibergen–Paap rk with two endogenous regressors (ranktest oracle)', () => {
  for (const name of cases) {
    it(name, () => {
      const e = load(name);
      const s = e.spec;
      const frame = readCsvFrame(e.dataset.replace(/^data\//, ''));
      const f = formula({
        y: s.depvar,
        x: s.exogenous.map((x) => v(x)),
        ...(s.fixed_effects.length ? { fe: s.fixed_effects } : {}),
        iv: { endog: s.endogenous.map((x) => v(x)), instr: s.instruments.map((x) => v(x)) },
      });
      const r = fit(f, frame, s.cluster ? { vcov: 'cluster', clusters: [s.cluster] } : { vcov: 'hc1' });
      for (const [term, b] of Object.entries(e.coefficients)) expectRel(r.coefficients[term]?.estimate, b, 1e-8, `coefficient ${term}`);
      const t = r.extra!.tests as Record<string, any>;
      const x = e.tests;
      expectRel(t.kleibergen_paap_rk_lm.chi2, x.kleibergen_paap_rk_lm.chi2, 1e-6, 'KP rk LM');
      expect(t.kleibergen_paap_rk_lm.df).toBe(x.kleibergen_paap_rk_lm.df);
      expectRel(t.kleibergen_paap_rk_lm.p, x.kleibergen_paap_rk_lm.p, 1e-6, 'KP rk LM p');
      expectRel(t.kleibergen_paap_rk_wald_f.wald, x.kleibergen_paap_rk_wald.chi2, 1e-6, 'KP rk Wald chi2');
      expectRel(t.kleibergen_paap_rk_wald_f.F, x.kleibergen_paap_rk_wald_F.F, 1e-6, 'KP rk Wald F');
      expectRel(t.cragg_donald_f, x.cragg_donald.F, 1e-6, 'Cragg–Donald F');
      x.canonical_correlations.forEach((c, j) => expectRel(t.canonical_correlations[j], c, 1e-6, `canonical correlation ${j + 1}`));
    });
  }
});
