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
    message: 'the font shipped with studyspec for drawing figures is missing',
    notes: [
      `looked for: ${tried.join(', ')} next to the installed package`,
      'reinstall studyspec; STUDYSPEC_FONTS can add fonts but does not replace the shipped one',
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
    message: `table '${table}': unknown format '${format}' (latex, markdown, html, docx, xlsx, csv)`,
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
    message: `figure '${figure}': unknown kind '${kind}' (density, coefplot, trend, mte, event)`,
  }),
  summaryMissingVariable: (table: string, variable: string): Message => ({
    code: 'SS616',
    message: `summary table '${table}': no values for variable '${variable}'`,
  }),
  tableExtraRowLength: (table: string, label: string, got: number, want: number): Message => ({
    code: 'SS617',
    message: `table '${table}': extra row '${label}' has ${got} value${got === 1 ? '' : 's'}, but the table has ${want} model column${want === 1 ? '' : 's'}`,
    notes: ['give one value per column, in column order (use "" for an empty cell)'],
  }),
  figureFailed: (figure: string, detail: string): Message => ({
    code: 'SS618',
    message: `figure '${figure}' was not drawn: ${detail}`,
    notes: ['the other tables and figures of the run were written'],
  }),
  figureNoEventTerms: (figure: string, model: string): Message => ({
    code: 'SS619',
    message: `event figure '${figure}': model '${model}' has no i(time, …) coefficients to plot`,
    notes: ['write the event-time dummies as i(year, treat, ref = 2008) (or i(rel_time, ref = -1)) in the formula'],
  }),
  tableWriterFailed: (table: string, format: string, detail: string): Message => ({
    code: 'SS620',
    message: `table '${table}': could not build the ${format} file: ${detail}`,
  }),
  noFirstStage: (ref: string, model: string): Message => ({
    code: 'SS622',
    message: `'${ref}' asks for the first stage of model '${model}', which is not an instrumental-variables model`,
    notes: ['a first stage exists for formulas with a third part: y ~ x | fe | endogenous ~ instruments'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
