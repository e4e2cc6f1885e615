import { z } from 'zod';
import type { ProfileType } from '../../../src/profiles/profile-type.js';

/**
 * A profile type for the gateway tests: listens to every entity the gateway emits, and records the keys
 * its runs processed (delta runs as `*delta*`), so a test sees webhooks end up processed. Keys starting
 * with `holdPrefix` are recorded as started and never finish (a run caught by a crash).
 */
export function listenerType(id = 'test_listener', holdPrefix?: string): {
  type: ProfileType<Record<string, never>, string, string>; processed: string[]; started: string[];
} {
  const processed: string[] = [];
  const started: string[] = [];
  const magento = ['order', 'shipment', 'product', 'stock', 'category', 'customer'];
  const plenty = ['order', 'item', 'variation', 'stock', 'contact', 'category'];
  const type: ProfileType<Record<string, never>, string, string> = {
    id,
    name: 'Test listener',
    entity: 'any',
    direction: 'magento_to_plenty',
    configSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    triggers: [
      ...magento.map((entity) => ({ source: 'magento' as const, entity })),
      ...plenty.map((entity) => ({ source: 'plenty' as const, entity })),
    ],
    defaultBatchSize: 50,
    stages: {
      async *collect(ctx) {
        const keys = ctx.run.input.mode === 'ids' ? ctx.run.input.ids ?? [] : ['*delta*'];
        for (const key of keys) yield { key, raw: key };
      },
      transform: (raw) => raw,
      async process(batch) {
        for (const { key } of batch) {
          if (holdPrefix && key.startsWith(holdPrefix)) {
            started.push(key);
            await new Promise(() => {});
          }
          processed.push(key);
        }
        return batch.map(({ key }) => ({ key, result: 'created' as const }));
      },
    },
  };
  return { type, processed, started };
}
