/**
 * PlentyONE attribute value → Magento attribute option id. In order: the attribute value link (shared
 * with the item export), a Magento option whose admin label is the value's backend name (linked then),
 * else a new option with the backend name as admin label and the names per language as store labels
 * (`configurables.createOptions`), linked too, so an option is never created twice. Each Magento
 * attribute's options and the links are read once per run; concurrent items wait for one creation.
 * Property selections (properties.ts) go the same way with a link type and setting of their own. A
 * dry run creates no option: it answers an id below zero for it (`planned`), which the preview names.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { Ctx } from './clients.js';
import { valueName, type AttributeValueInfo } from './plenty-attributes.js';
import { ATTRIBUTE_VALUE_LINK } from './record.js';

export type OptionAnswer = { optionId: number } | { problem: string };

/** What an option stands for: its link type, whether a missing one is created, the setting that maps it. */
export interface OptionUse { linkType: string; createOptions: boolean; noun: string; mapSetting: string; createSetting: string }

const attributeValueUse = (ctx: Ctx): OptionUse => ({
  linkType: ATTRIBUTE_VALUE_LINK, createOptions: ctx.config.configurables.createOptions, noun: 'attribute',
  mapSetting: 'configurables.attributeMap', createSetting: 'configurables.createOptions',
});

export class OptionResolver {
  private readonly linked = new Map<string, Promise<Map<string, number>>>();
  private readonly options = new Map<string, Promise<Map<string, number>>>();
  private readonly pending = new Map<string, Promise<OptionAnswer>>();
  private storeIds: Promise<Map<string, number>> | undefined;
  private readonly attributes = new Map<string, Promise<{ attribute_id: number; default_frontend_label?: string | null | undefined }>>();

  /** Options a dry run would create, by the id below zero it gave each in their place. */
  readonly planned = new Map<number, string>();

  constructor(private readonly ctx: Ctx, private readonly magento: MagentoClient) {}

  private plan(what: string): number {
    const id = -(this.planned.size + 1);
    this.planned.set(id, what);
    return id;
  }

  resolve(code: string, value: AttributeValueInfo, use: OptionUse = attributeValueUse(this.ctx)): Promise<OptionAnswer> {
    const key = `${use.linkType}:${code}:${value.valueId}`;
    let answer = this.pending.get(key);
    if (!answer) {
      answer = this.find(code, value, use);
      this.pending.set(key, answer);
      answer.catch(() => this.pending.delete(key));
    }
    return answer;
  }

  private async find(code: string, value: AttributeValueInfo, use: OptionUse): Promise<OptionAnswer> {
    const linked = (await this.linkedValues(use.linkType)).get(`${code}:${value.valueId}`);
    if (linked !== undefined) return { optionId: linked };
    let byLabel: Map<string, number>;
    try {
      byLabel = await this.optionsOf(code);
    } catch (error) {
      if (error instanceof PermanentApiError && error.status === 404) {
        return { problem: `Magento has no attribute "${code}" (${use.mapSetting} maps PlentyONE ${use.noun} ${value.attributeId} to it): create it in Magento or fix the map.` };
      }
      throw error;
    }
    let optionId = byLabel.get(value.backendName.toLowerCase());
    if (optionId === undefined) {
      if (!use.createOptions) {
        return { problem: `Value "${value.backendName}" (${value.valueId}) of PlentyONE ${use.noun} ${value.attributeName} has no option in Magento attribute "${code}", and ${use.createSetting} is off: create the option in Magento or turn createOptions on.` };
      }
      // A dry run creates nothing (and links nothing): it plans the option under an id below zero.
      if (this.ctx.dryRun) return { optionId: this.plan(`option "${value.backendName}" of attribute "${code}"`) };
      try {
        optionId = await this.create(code, value);
      } catch (error) {
        // Created meanwhile (another worker, or an earlier run that stopped before linking it).
        if (!(error instanceof PermanentApiError && /already exists/i.test(error.message))) throw error;
        this.options.delete(code);
        optionId = (await this.optionsOf(code)).get(value.backendName.toLowerCase());
        if (optionId === undefined) throw error;
      }
      byLabel.set(value.backendName.toLowerCase(), optionId);
    }
    await this.ctx.links.upsert({ entityType: use.linkType, magentoKey: `${code}:${optionId}`, plentyId: String(value.valueId) });
    (await this.linkedValues(use.linkType)).set(`${code}:${value.valueId}`, optionId);
    return { optionId };
  }

  private async create(code: string, value: AttributeValueInfo): Promise<number> {
    const ids = await this.storeViewIds();
    const storeLabels = this.ctx.config.storeMapping.flatMap((row) => {
      const id = ids.get(row.storeView);
      return id === undefined ? [] : [{ store_id: id, label: valueName(value, row.language) }];
    });
    return this.magento.attributes.addOption(code, { label: value.backendName, store_labels: storeLabels }, { signal: this.ctx.signal });
  }

  /** The Magento attribute (id and label) of a code, read once per run. */
  attribute(code: string): Promise<{ attribute_id: number; default_frontend_label?: string | null | undefined }> {
    let attribute = this.attributes.get(code);
    if (!attribute) {
      attribute = this.magento.attributes.get(code, { signal: this.ctx.signal });
      this.attributes.set(code, attribute);
      attribute.catch(() => this.attributes.delete(code));
    }
    return attribute;
  }

  private linkedValues(linkType: string): Promise<Map<string, number>> {
    let linked = this.linked.get(linkType);
    if (!linked) {
      linked = (async () => {
        const map = new Map<string, number>();
        for (const link of await this.ctx.links.list(linkType)) {
          const [code, option] = link.magentoKey.split(':');
          if (code && option) map.set(`${code}:${link.plentyId}`, Number(option));
        }
        return map;
      })();
      this.linked.set(linkType, linked);
    }
    return linked;
  }

  private optionsOf(code: string): Promise<Map<string, number>> {
    let options = this.options.get(code);
    if (!options) {
      options = this.magento.attributes.options(code, { signal: this.ctx.signal })
        .then((list) => new Map(list.map((o) => [o.label.toLowerCase(), Number(o.value)])));
      this.options.set(code, options);
      options.catch(() => this.options.delete(code));
    }
    return options;
  }

  private storeViewIds(): Promise<Map<string, number>> {
    this.storeIds ??= this.magento.storeViews({ signal: this.ctx.signal }).then((views) => new Map(views.map((v) => [v.code, v.id])));
    return this.storeIds;
  }
}

const perRun = new WeakMap<object, OptionResolver>();

export function optionResolverOf(ctx: Ctx, magento: MagentoClient): OptionResolver {
  let resolver = perRun.get(ctx);
  if (!resolver) perRun.set(ctx, (resolver = new OptionResolver(ctx, magento)));
  return resolver;
}
