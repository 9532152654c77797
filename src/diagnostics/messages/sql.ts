/**
 * Messages of the linear model fitted inside the data engine (`engine: sql`, src/sqlfe/):
 * what that path refuses, and how its demeaning went (codes SS770–SS789).
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

const q = (s: string): string => `'${s}'`;
const MEMORY = 'remove `engine: sql` to fit this model in memory';

export const sqlMessages = {
  sqlEstimator: (model: string, estimator: string): Message => ({
    code: 'SS770',
    message: `${model}: engine: sql fits linear models (estimator: ols) only, not estimator: ${estimator}`,
    notes: [MEMORY],
  }),
  sqlIv: (model: string): Message => ({
    code: 'SS771',
    message: `${model}: engine: sql does not fit instrumental-variable models (the formula has an IV part)`,
    notes: [MEMORY],
  }),
  sqlWeights: (model: string): Message => ({
    code: 'SS772',
    message: `${model}: engine: sql does not take weights yet`,
    notes: [MEMORY],
  }),
  sqlVcov: (model: string, vcov: string): Message => ({
    code: 'SS773',
    message: `${model}: engine: sql computes iid, hc1 (robust) and cluster(…) variances, not ${vcov}`,
    notes: ['hc2/hc3 need every leverage and nw/dk/conley the row order; both stay in memory', MEMORY],
  }),
  sqlTerm: (model: string, term: string, why: string): Message => ({
    code: 'SS774',
    message: `${model}: engine: sql cannot form the term ${q(term)}: ${why}`,
    notes: ['the SQL path takes numeric columns of the data table and row-wise expressions of them (log(x), I(x^2), x*z)', MEMORY],
  }),
  sqlSpecVariable: (model: string, name: string, table: string): Message => ({
    code: 'SS775',
    message: `${model}: ${q(name)} is a spec variable computed in memory; engine: sql reads only columns of table ${q(table)}`,
    notes: [`define ${q(name)} under data.${table}.variables, where it is computed in the data engine`],
  }),
  sqlSampleOrSplit: (model: string, key: 'sample' | 'split'): Message => ({
    code: 'SS776',
    message: `${model}: engine: sql does not take \`${key}:\` yet`,
    notes: [key === 'sample' ? 'restrict the rows with a `where:` on a table built `from` this one' : 'write one model per group, each on a table with its own `where:`', MEMORY],
  }),
  sqlNoColumns: (model: string, fn: string): Message => ({
    code: 'SS777',
    message: `${fn}(${model}) needs per-row values of a model fitted with engine: sql, which stay in the data engine and are not loaded`,
    notes: [MEMORY],
  }),
  sqlPlacebo: (model: string): Message => ({
    code: 'SS778',
    message: `placebo of ${model}: a model fitted with engine: sql cannot be re-estimated on permuted data`,
    notes: [MEMORY],
  }),
  sqlNotConverged: (model: string, iterations: number, tol: number): Message => ({
    code: 'SS779',
    message: `${model}: the SQL demeaning did not converge in ${iterations} iterations (tol ${tol}); estimates may be imprecise`,
    notes: ['raise `tol` only if the imprecision is acceptable; a graph this hard fits faster in memory'],
  }),
  sqlComponentsNotConverged: (model: string, iterations: number): Message => ({
    code: 'SS780',
    message: `${model}: counting the connected components of the first two fixed effects took more than ${iterations} label-propagation passes; the second fixed effect's levels are counted as levels − 1`,
  }),
  sqlTextTerm: (model: string, term: string, column: string): Message => ({
    code: 'SS781',
    message: `${model}: the term ${q(term)} reads the text column ${q(column)} as a number`,
    notes: ['convert it under the table\'s `types:` or `variables:` first'],
  }),
  sqlNoFixedEffectColumn: (model: string, column: string, table: string): Message => ({
    code: 'SS782',
    message: `${model}: ${q(column)} is not a column of table ${q(table)}; engine: sql groups by columns of the table only`,
    notes: [MEMORY],
  }),
};
