import type { Context, Hono } from 'hono';
import { auditedLinks } from '../../../access/audited-links.js';
import { linkAdmin } from '../../../profiles/link-admin.js';
import { entityOf, linkEntities, LinkInputError, type LinkEntity } from '../../../profiles/link-entities.js';
import type { UiContext, UiEnv } from '../deps.js';
import { page, redirectWithNotice } from '../layout.js';
import { linksBody } from '../pages/links.js';
import { principalOfSession } from './access-routes.js';

type C = Context<UiEnv>;
const LIMIT = 200;
const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');

/** The entity links page: search, map, unmap (through the same link admin as the API and `plentygate link:*`). */
export function linkPages(app: Hono<UiEnv>, ctx: UiContext): void {
  const links = linkAdmin({ db: ctx.db.db, profiles: ctx.profiles, connectors: ctx.connectors });
  const back = (entity: LinkEntity, magento = '') => `/admin/links?entity=${entity}${magento ? `&magento=${encodeURIComponent(magento)}` : ''}`;

  app.get('/admin/links', async (c) => {
    const raw = c.req.query('entity') ?? 'category';
    const entity = ((linkEntities as readonly string[]).includes(raw) ? raw : 'category') as LinkEntity;
    const magento = c.req.query('magento')?.trim() ?? '';
    const plenty = c.req.query('plenty')?.trim() ?? '';
    const error = plenty && !/^\d+$/.test(plenty) ? 'A PlentyONE id is a number.' : undefined;
    const found = error ? [] : await links.list(entity, { ...(magento ? { magentoKey: magento } : {}), ...(plenty ? { plentyId: plenty } : {}), limit: LIMIT });
    return page(c, { title: 'Entity links', session: c.get('session'), body: linksBody({ session: c.get('session'), entity, magento, plenty, links: found, limit: LIMIT, error }) });
  });

  const act = (fn: (c: C, entity: LinkEntity, form: Record<string, unknown>) => Promise<Response>) => async (c: C) => {
    let entity: LinkEntity = 'category';
    try {
      entity = entityOf(c.req.param('entity') ?? '');
      return await fn(c, entity, c.get('form'));
    } catch (error) {
      if (!(error instanceof LinkInputError)) throw error;
      return redirectWithNotice(c, back(entity), error.message, true);
    }
  };
  app.post('/admin/links/:entity{[a-z_]{1,40}}/map', act(async (c, entity, form) => {
    const link = await auditedLinks(links, ctx.audit, principalOfSession(c)).map(entity, text(form, 'magento'), text(form, 'plenty'));
    return redirectWithNotice(c, back(entity, link.magentoKey), `Mapped ${entity} ${link.magentoKey} ↔ PlentyONE ${link.plentyId}.`);
  }));
  app.post('/admin/links/:entity{[a-z_]{1,40}}/unmap', act(async (c, entity, form) => {
    const magento = text(form, 'magento');
    const removed = await auditedLinks(links, ctx.audit, principalOfSession(c)).unmap(entity, { magentoKey: magento });
    return redirectWithNotice(c, back(entity), removed ? `Unmapped ${entity} ${magento}.` : `No ${entity} link for ${magento}.`, !removed);
  }));
}
