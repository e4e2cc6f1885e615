/**
 * Builds one generated catalog and serves the PlentyONE and Magento sandboxes on it, each on its
 * own port. Used by `plentygate sandbox`, end-to-end tests and benchmarks.
 */
import { serve } from './common/serve.js';
import type { ServedApp } from './common/serve.js';
import type { FaultRuleInput } from './common/faults/rules.js';
import { createCatalog } from './generator/catalog.js';
import type { Catalog } from './generator/catalog.js';
import { normalizeSeed } from './generator/prng.js';
import { createMagentoSandbox } from './magento/index.js';
import type { WebhookFormat } from './magento/index.js';
import { createPlentySandbox } from './plenty/index.js';
import type { PlentySandboxOptions } from './plenty/index.js';


export interface StartSandboxesOptions {
  /** 0 (default) lets the OS choose. */
  readonly plentyPort?: number;
  readonly magentoPort?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 42. */
  readonly seed?: number | string;
  /** Default 1000. */
  readonly variations?: number;
  readonly customers?: number;
  readonly orders?: number;
  /** Use this catalog instead of generating one (seed/variations/customers/orders are then ignored). */
  readonly catalog?: Catalog;
  /** PlentyONE call budget plan, or a custom one (fields override `base`); default classic. */
  readonly plan?: PlentySandboxOptions['plan'];
  /** Default sandbox / sandbox. */
  readonly plentyUser?: string;
  readonly plentyPassword?: string;
  /** Magento integration bearer token; default sandbox. */
  readonly magentoToken?: string;
  /** Initial fault rules (objects or CLI specs) per sandbox. */
  readonly plentyFaults?: readonly (FaultRuleInput | string)[];
  readonly magentoFaults?: readonly (FaultRuleInput | string)[];
  /** Seed of the fault probability streams; default: the catalog seed. */
  readonly faultSeed?: number;
  /** Where the PlentyONE sandbox sends its change callbacks, with the sign key it includes. */
  readonly plentyWebhookUrl?: string;
  /** Default `sandbox`. */
  readonly plentyWebhookSignKey?: string;
  /** Where the Magento sandbox sends its webhooks, and in which format (default `standard`). */
  readonly webhookUrl?: string;
  readonly webhookFormat?: WebhookFormat;
}

export interface RunningSandbox<S> extends ServedApp {
  /** What the sandbox factory returned (app, request log, fault controller, stores...). */
  readonly sandbox: S;
}

export interface StartedSandboxes {
  readonly catalog: Catalog;
  readonly plenty: RunningSandbox<ReturnType<typeof createPlentySandbox>>;
  readonly magento: RunningSandbox<ReturnType<typeof createMagentoSandbox>>;
  /** Stops both servers (open connections included). */
  close(): Promise<void>;
}

export async function startSandboxes(options: StartSandboxesOptions = {}): Promise<StartedSandboxes> {
  const catalog =
    options.catalog ??
    createCatalog({
      seed: options.seed ?? 42,
      variations: options.variations ?? 1000,
      customers: options.customers,
      orders: options.orders,
    });
  const host = options.host ?? '127.0.0.1';
  const faultSeed = options.faultSeed ?? normalizeSeed(catalog.seed);

  const plentySandbox = createPlentySandbox({
    catalog,
    plan: options.plan ?? 'classic',
    username: options.plentyUser ?? 'sandbox',
    password: options.plentyPassword ?? 'sandbox',
    faultRules: options.plentyFaults ?? [],
    faultSeed,
    webhook:
      options.plentyWebhookUrl === undefined
        ? undefined
        : { url: options.plentyWebhookUrl, signKey: options.plentyWebhookSignKey ?? 'sandbox' },
  });
  const magentoSandbox = createMagentoSandbox({
    catalog,
    token: options.magentoToken ?? 'sandbox',
    faultRules: options.magentoFaults ?? [],
    faultSeed,
    webhooks: options.webhookUrl === undefined ? [] : [{ url: options.webhookUrl, format: options.webhookFormat ?? 'standard' }],
  });

  const plenty = await serve(plentySandbox.app, options.plentyPort ?? 0, host);
  let magento: ServedApp;
  try {
    magento = await serve(magentoSandbox.app, options.magentoPort ?? 0, host);
  } catch (error) {
    await plenty.close();
    throw error;
  }
  return {
    catalog,
    plenty: { ...plenty, close: plenty.close, sandbox: plentySandbox },
    magento: { ...magento, close: magento.close, sandbox: magentoSandbox },
    close: async () => {
      await Promise.all([plenty.close(), magento.close()]);
    },
  };
}
