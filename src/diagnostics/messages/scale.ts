/**
 * Messages of the fixed-effect solvers for large and hard FE graphs (codes SS750–SS769).
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const scaleMessages = {
  scaleCgNotConverged: (iterations: number, tol: number, levels: number): Message => ({
    code: 'SS750',
    message: `fixed-effect solver cg did not converge in ${iterations} iterations (tolerance ${tol}, ${levels} fixed-effect levels solved for); estimates may be inaccurate`,
    notes: ['raise `maxIter`, or try `solver: ap`; a graph this slow usually has weakly connected pieces'],
  }),
  scaleSolverUnavailable: (requested: string, used: string, reason: string): Message => ({
    code: 'SS751',
    message: `fixed-effect solver '${requested}' cannot be used here (${reason}); '${used}' was used instead`,
    notes: ['`solver: auto` chooses from the fixed-effect graph; see docs/conventions.md, "Demeaning"'],
  }),
};
