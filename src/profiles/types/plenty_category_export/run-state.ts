/**
 * What one run learns as it writes, parents first: the PlentyONE id each category got and why a
 * category failed, so a child knows its parent's fate without another lookup, and the PlentyONE
 * children already listed per parent (looked at before any create).
 */
import type { PlentyCategory } from '../../../connectors/plenty/index.js';
import type { Ctx } from './clients.js';

export interface ExportRunState {
  written: Map<number, number>;
  failed: Map<number, string>;
  /** PlentyONE categories this run created: they have no children but those this run writes. */
  created: Set<number>;
  children: Map<string, Promise<PlentyCategory[]>>;
}

// The context object lives exactly as long as the run (a resumed run starts afresh from the links).
const states = new WeakMap<object, ExportRunState>();

export function runStateOf(ctx: Ctx): ExportRunState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { written: new Map(), failed: new Map(), created: new Set(), children: new Map() }));
  return state;
}
