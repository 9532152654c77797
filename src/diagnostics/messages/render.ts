/**
 * Messages of the render stage (codes SS6xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const renderMessages = {
  tableUnknownModel: (table: string, model: string, known: readonly string[]): Message => ({
    code: 'SS601',
    message: `table '${table}' lists model '${model}', which has no result`,
    notes: known.length ? [`models with results: ${known.join(', ')}`] : [],
  }),
  tableUnknownStat: (table: string, key: string, known: readonly string[]): Message => ({
    code: 'SS602',
    message: `table '${table}' asks for statistic '${key}', which is not a known table statistic`,
    notes: [`known statistics: ${known.join(', ')}`],
  }),
  tableBadRegex: (table: string, pattern: string, detail: string): Message => ({
    code: 'SS603',
    message: `table '${table}': '${pattern}' is not a valid regular expression (${detail})`,
    notes: ['write regexes as /pattern/ in JavaScript syntax, e.g. /^lag_/'],
  }),
  tableGroupNotAdjacent: (table: string, group: string): Message => ({
    code: 'SS604',
    message: `table '${table}': the models of column group '${group}' are not adjacent columns`,
    notes: ['list the models in `models:` so that each group spans consecutive columns'],
  }),
  templateNotFound: (path: string): Message => ({
    code: 'SS605',
    message: `table template '${path}' was not found`,
  }),
  templateFailed: (path: string, detail: string): Message => ({
    code: 'SS606',
    message: `table template '${path}' failed: ${detail}`,
  }),
  fontMissing: (tried: readonly string[]): Message => ({
    code: 'SS607',
    message: 'no font file found for rendering figures to PNG',
    notes: [
      `looked for: ${tried.join(', ')}`,
      'install fonts-dejavu-core (and fonts-noto-cjk for Chinese labels), or set STUDYSPEC_FONTS to a list of .ttf/.ttc files',
    ],
  }),
  figureNoDraws: (figure: string, model: string): Message => ({
    code: 'SS608',
    message: `figure '${figure}': model '${model}' has no placebo draws to plot`,
  }),
  figureNoMteGrid: (figure: string, model: string): Message => ({
    code: 'SS609',
    message: `figure '${figure}': model '${model}' has no MTE curve (extra.mte)`,
  }),
  summaryUnknownStat: (table: string, key: string): Message => ({
    code: 'SS610',
    message: `summary table '${table}' asks for statistic '${key}'`,
    notes: ['known: n, mean, sd, min, max, median, p1 … p99'],
  }),
  writeFailed: (path: string, detail: string): Message => ({
    code: 'SS611',
    message: `could not write '${path}': ${detail}`,
  }),
  tableUnknownFormat: (table: string, format: string): Message => ({
    code: 'SS612',
    message: `table '${table}': unknown format '${format}' (latex, markdown, html)`,
  }),
  tableKeepMatchesNothing: (table: string, entry: string): Message => ({
    code: 'SS613',
    message: `table '${table}': keep/order entry '${entry}' matches no coefficient of its models`,
  }),
  figureNoData: (figure: string, what: string): Message => ({
    code: 'SS614',
    message: `figure '${figure}' has nothing to plot: ${what}`,
  }),
  figureUnknownKind: (figure: string, kind: string): Message => ({
    code: 'SS615',
    message: `figure '${figure}': unknown kind '${kind}' (density, coefplot, trend, mte)`,
  }),
  summaryMissingVariable: (table: string, variable: string): Message => ({
    code: 'SS616',
    message: `summary table '${table}': no values for variable '${variable}'`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;
