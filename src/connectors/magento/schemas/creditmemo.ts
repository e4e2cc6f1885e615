/** `GET /V1/creditmemos` items: what plentygate reads to find a credit memo it wrote (its comment). */
import { z } from 'zod';
import { searchResultSchema } from './search-result.js';

export const creditmemoSchema = z.looseObject({
  entity_id: z.number().int(),
  order_id: z.number().int(),
  grand_total: z.number().optional(),
  comments: z.array(z.looseObject({ comment: z.string().nullable().optional() })).optional(),
});
export type Creditmemo = z.infer<typeof creditmemoSchema>;

export const creditmemoSearchSchema = searchResultSchema(creditmemoSchema);
