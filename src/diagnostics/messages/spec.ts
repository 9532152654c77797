/**
 * Messages of the spec stage (codes SS1xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const specMessages = {
  yamlSyntax: (detail: string): Message => ({ code: 'SS101', message: `YAML syntax error: ${detail}` }),
  duplicateKey: (key: string): Message => ({
    code: 'SS102',
    message: `duplicate key '${key}': a key may appear only once in a mapping`,
  }),
  aliasBomb: (limit: number): Message => ({
    code: 'SS103',
    message: `too many YAML alias expansions (more than ${limit}); the spec looks like an alias bomb`,
  }),
  unknownKey: (key: string, where: string): Message => ({
    code: 'SS104',
    message: `unknown key '${key}' in ${where}`,
  }),
  badEnum: (value: string, where: string, allowed: readonly string[]): Message => ({
    code: 'SS105',
    message: `'${value}' is not a valid ${where}`,
    notes: [`expected one of: ${allowed.join(', ')}`],
  }),
  wrongType: (where: string, expected: string): Message => ({
    code: 'SS106',
    message: `${where} must be ${expected}`,
  }),
  missingKey: (key: string, where: string): Message => ({
    code: 'SS107',
    message: `${where} needs a '${key}' key`,
  }),
  badValue: (where: string, detail: string): Message => ({ code: 'SS108', message: `${where}: ${detail}` }),
  notAMapping: (): Message => ({ code: 'SS109', message: 'a study spec must be a YAML mapping (key: value lines)' }),
  badVcov: (text: string): Message => ({
    code: 'SS110',
    message: `'${text}' is not a valid vcov`,
    notes: ['expected iid, hc1, hc2, hc3, cluster(a, b, …) (a way may be a^b), nw(L), dk(L) or conley(cutoff_km, lat = la, lon = lo)'],
  }),
  stataSpelling: (written: string, canonical: string): Message => ({
    code: 'SS111',
    message: `Stata spelling '${written}' read as '${canonical}'`,
  }),
  optionNotForEstimator: (option: string, estimator: string): Message => ({
    code: 'SS112',
    message: `option '${option}' has no effect with estimator '${estimator}'`,
  }),
  needsOption: (option: string, estimator: string): Message => ({
    code: 'SS113',
    message: `estimator '${estimator}' needs '${option}'`,
  }),
  tableKindNeeds: (kind: string, key: string): Message => ({
    code: 'SS114',
    message: `a ${kind} table needs '${key}'`,
  }),
  dataNeedsSource: (): Message => ({
    code: 'SS115',
    message: "a data table needs either 'source' (a file) or 'from' (another table), not both and not neither",
  }),
  aggregateNeedsGroupBy: (): Message => ({
    code: 'SS116',
    message: "'aggregate' needs 'group_by' (the columns that define one output row)",
  }),
  badFormat: (source: string): Message => ({
    code: 'SS117',
    message: `cannot tell the format of '${source}' from its extension`,
    notes: ["add 'format: csv' (or parquet, json, dta, xlsx, duckdb)"],
  }),
  emptyDocument: (): Message => ({ code: 'SS118', message: 'the spec file is empty' }),
  unsupportedVersion: (v: unknown): Message => ({
    code: 'SS119',
    message: `unsupported spec version ${JSON.stringify(v)}; this tool reads version 1`,
  }),
  figureKindNeeds: (kind: string, key: string): Message => ({
    code: 'SS120',
    message: `a ${kind} figure needs '${key}'`,
  }),
  // Limits (SS140–SS149; see docs/spec-reference.md, "Limits").
  specTooLarge: (bytes: number, limit: number): Message => ({
    code: 'SS140',
    message: `the spec file is ${bytes} bytes; the limit is ${limit} bytes (a spec is text that describes a study, not data)`,
    notes: ['put data in files under data: and read them with source:'],
  }),
  yamlTooDeep: (limit: number): Message => ({
    code: 'SS141',
    message: `YAML nested more than ${limit} levels deep; a spec needs only a few levels`,
  }),
  textTooLong: (where: string, length: number, limit: number): Message => ({
    code: 'SS142',
    message: `${where} is ${length} characters long; the limit is ${limit}`,
  }),
  valueTooLarge: (where: string, value: number, limit: number): Message => ({
    code: 'SS143',
    message: `${where} is ${value}; the limit is ${limit}`,
  }),
  unsafeRegex: (pattern: string, why: string): Message => ({
    code: 'SS144',
    message: `regular expression ${pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern} is refused: ${why}`,
    notes: ['such patterns can take exponential time; write the alternatives as separate entries or list the terms'],
  }),
  keyNotName: (): Message => ({
    code: 'SS145',
    message: 'a key must be a name, not a list or a mapping',
  }),
  stataKey: (key: string, instead: string): Message => ({
    code: 'SS160',
    message: `a model has no key '${key}' (Stata's option); here it is written as ${instead}`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;
