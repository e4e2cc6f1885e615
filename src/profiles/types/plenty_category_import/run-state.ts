/** What one run learns as it writes, parents first: the Magento id each category got, and failures. */
import type { Ctx } from './clients.js';

export interface ImportRunState {
  written: Map<number, number>;
  failed: Map<number, string>;
  /** Magento categories this run created: they have no children but those this run writes. */
  created: Set<number>;
}

const states = new WeakMap<object, ImportRunState>();

export function runStateOf(ctx: Ctx): ImportRunState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { written: new Map(), failed: new Map(), created: new Set() }));
  return state;
}
