/**
 * Implementations of the expression language's functions, by catalogue name. Names,
 * parameters and defaults come from the catalogue (src/expr/functions.ts); this table only
 * says how each is computed. Aggregations (kind 'aggregate') are computed by the data
 * layer's group_by, not here. test/variables/registry.test.ts keeps the two in step.
 */
import type { FnImpl } from './call.js';
import { columnFunctions } from './column.js';
import { groupFunctions } from './groups.js';
import { mathFunctions } from './math.js';
import { measureFunctions } from './measures.js';
import { productivityFunctions } from './productivity.js';
import { modelFunctions } from './model.js';
import { panelFunctions } from './panel.js';
import { textFunctions } from './text.js';

export const IMPLEMENTATIONS: Readonly<Record<string, FnImpl>> = Object.freeze({
  ...mathFunctions,
  ...textFunctions,
  ...panelFunctions,
  ...groupFunctions,
  ...columnFunctions,
  ...measureFunctions,
  ...productivityFunctions,
  ...modelFunctions,
});
