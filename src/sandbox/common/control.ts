/**
 * The `/_sandbox` control sub-app: request counts, fault rules and sandbox state. Each sandbox passes
 * its own state provider and may add its own helpers (place an order, change stock, ...).
 */
import { Hono } from 'hono';
import type { FaultController } from './faults/controller.js';
import { FaultRuleError } from './faults/rules.js';
import type { FaultRuleInput } from './faults/rules.js';
import type { RequestLog } from './request-log.js';

export interface ControlAppOptions {
  readonly log: RequestLog;
  readonly faults: FaultController;
  /** Sandbox-specific state for `GET /_sandbox/state` (throttle state, record counts, ...). */
  readonly state?: () => unknown;
  /** Adds sandbox-specific routes to the control app (paths relative to `/_sandbox`). */
  readonly extend?: (control: Hono) => void;
  /** Shown by `GET /_sandbox`. */
  readonly name?: string;
}

export function createControlApp(options: ControlAppOptions): Hono {
  const { log, faults } = options;
  const control = new Hono();

  control.get('/', (c) =>
    c.json({
      sandbox: options.name ?? 'sandbox',
      endpoints: [
        'GET /_sandbox/requests',
        'DELETE /_sandbox/requests',
        'GET /_sandbox/faults',
        'POST /_sandbox/faults',
        'DELETE /_sandbox/faults',
        'DELETE /_sandbox/faults/:id',
        'GET /_sandbox/state',
      ],
    }),
  );

  control.get('/requests', (c) => c.json(log.snapshot()));
  control.delete('/requests', (c) => {
    log.reset();
    return c.json(log.snapshot());
  });

  control.get('/faults', (c) => c.json({ seed: faults.currentSeed, rules: faults.list() }));

  /**
   * Body: one rule object, an array of rules, `{rules: [...]}`, `{spec: "..."}` or `{specs: [...]}`
   * (CLI syntax), optionally with `seed` to restart the probability stream. All-or-nothing.
   */
  control.post('/faults', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'invalid fault rule', issues: [{ path: '', message: 'body must be JSON' }] }, 400);
    }
    const inputs = ruleInputs(body);
    if (!inputs) {
      return c.json(
        { error: 'invalid fault rule', issues: [{ path: '', message: 'expected a rule object, an array of rules, {rules}, {spec} or {specs}' }] },
        400,
      );
    }
    try {
      const added = faults.addAll(inputs.rules);
      if (inputs.seed !== undefined) faults.reseed(inputs.seed);
      return c.json({ rules: added }, 201);
    } catch (error) {
      if (error instanceof FaultRuleError) return c.json({ error: 'invalid fault rule', issues: error.issues }, 400);
      throw error;
    }
  });

  control.delete('/faults', (c) => c.json({ removed: faults.clear() }));
  control.delete('/faults/:id', (c) => {
    const id = c.req.param('id');
    return faults.remove(id) ? c.json({ removed: 1 }) : c.json({ error: `no fault rule with id "${id}"` }, 404);
  });

  control.get('/state', async (c) => c.json((await options.state?.()) ?? {}));

  options.extend?.(control);
  return control;
}

function ruleInputs(body: unknown): { rules: (FaultRuleInput | string)[]; seed?: number } | undefined {
  if (Array.isArray(body)) return { rules: body as FaultRuleInput[] };
  if (typeof body !== 'object' || body === null) return undefined;
  const o = body as Record<string, unknown>;
  const seed = Number.isInteger(o.seed) ? (o.seed as number) : undefined;
  if (Array.isArray(o.rules)) return { rules: o.rules as FaultRuleInput[], seed };
  if (typeof o.spec === 'string') return { rules: [o.spec], seed };
  if (Array.isArray(o.specs) && o.specs.every((s) => typeof s === 'string')) return { rules: o.specs as string[], seed };
  if ('kind' in o) return { rules: [o as FaultRuleInput], seed };
  if (seed !== undefined && Object.keys(o).length === 1) return { rules: [], seed };
  return undefined;
}
