import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ProfileService } from '../../profiles/service.js';
import { problem, problemResponse as problemOf } from '../http/problem.js';
import { connectionOf, PICK_LISTS, type PickListKey, type PickLists } from '../pick-lists.js';
import { commonErrors, ok, problemResponse, ProfileRefParam, toJson } from './schemas.js';

const CollectedSchema = z.object({
  at: z.string().openapi({ format: 'date-time' }),
  lists: z.array(z.object({
    key: z.enum(Object.keys(PICK_LISTS) as [PickListKey, ...PickListKey[]]),
    label: z.string(),
    options: z.array(z.object({ value: z.string(), label: z.string() })),
    error: z.string().optional().openapi({ description: 'Why this list could not be read (the others are still there)' }),
  })),
}).openapi('ConfigurationData');

const collect = createRoute({
  method: 'post', path: '/profiles/{ref}/collect', tags: ['profiles'], security: [{ Bearer: [] }],
  summary: 'Collect configuration data: the values to pick from in PlentyONE and Magento, through the profile\'s connections',
  request: { params: ProfileRefParam },
  responses: {
    200: ok(CollectedSchema, 'The lists (each with its values, or why it could not be read)'), 404: problemResponse('No such profile'),
    ...commonErrors, 503: problemResponse('This process has no connections to PlentyONE and Magento'),
  },
});

export function collectRoutes(app: OpenAPIHono, deps: { profiles: ProfileService; pickLists: PickLists }): void {
  app.openapi(collect, async (c) => {
    if (!deps.pickLists.available) return problemOf(c, problem(503, 'This process has no connections to PlentyONE and Magento.')) as never;
    const profile = await deps.profiles.get(c.req.valid('param').ref);
    return c.json(toJson(await deps.pickLists.collect(connectionOf(profile.config))), 200);
  });
}
