/**
 * `plentygate sandbox`: runs the PlentyONE and Magento simulators on two ports, on one generated
 * catalog, until Ctrl-C / SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
// The sandboxes themselves are loaded when the command runs; what its options need is light.
import { FAULT_SPEC_HELP, FaultRuleError, parseFaultSpec } from '../../sandbox/common/faults/rules.js';
import { MAX_VARIATIONS } from '../../sandbox/generator/catalog.js';
import { PLAN_NAMES } from '../../sandbox/plenty/plans.js';
import { webhookFormatSchema } from '../../sandbox/magento/webhooks/config.js';
import type { StartSandboxesOptions, StartedSandboxes } from '../../sandbox/start.js';
import { UsageError } from '../context.js';

interface SandboxFlags {
  plentyPort: string;
  magentoPort: string;
  host: string;
  seed: string;
  variations: string;
  customers?: string;
  orders?: string;
  plan: StartSandboxesOptions['plan'];
  plentyUser: string;
  plentyPassword: string;
  magentoToken: string;
  fault: string[];
  plentyFault: string[];
  magentoFault: string[];
  faultSeed?: string;
  webhookUrl?: string;
  webhookFormat: StartSandboxesOptions['webhookFormat'];
  plentyWebhookUrl?: string;
  plentyWebhookKey?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Start the PlentyONE and Magento sandboxes (simulated APIs on generated data) until Ctrl-C')
    .option('--plenty-port <port>', 'PlentyONE sandbox port (0 = any free port)', '9101')
    .option('--magento-port <port>', 'Magento sandbox port (0 = any free port)', '9102')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <seed>', 'data generator seed (number or text); same seed, same data', '42')
    .option('--variations <n>', `catalog size in variations (1..${MAX_VARIATIONS})`, '1000')
    .option('--customers <n>', 'number of generated customers (default: variations / 10)')
    .option('--orders <n>', 'number of generated Magento orders (default: variations / 20)')
    .addOption(new Option('--plan <plan>', 'PlentyONE call budget plan').choices([...PLAN_NAMES]).default('classic'))
    .option('--plenty-user <user>', 'PlentyONE login user', 'sandbox')
    .option('--plenty-password <password>', 'PlentyONE login password', 'sandbox')
    .option('--magento-token <token>', 'Magento integration bearer token', 'sandbox')
    .option('--fault <spec>', 'inject a fault into both sandboxes (repeatable, syntax below)', collect, [])
    .option('--plenty-fault <spec>', 'inject a fault into the PlentyONE sandbox only (repeatable)', collect, [])
    .option('--magento-fault <spec>', 'inject a fault into the Magento sandbox only (repeatable)', collect, [])
    .option('--fault-seed <n>', 'seed of the fault probability stream (default: --seed)')
    .option('--webhook-url <url>', 'where the Magento sandbox sends webhooks (e.g. the gateway)')
    .addOption(
      new Option('--webhook-format <format>', 'format of the Magento webhooks: Adobe Commerce Webhooks, I/O Events, extension-style, Standard Webhooks')
        .choices(webhookFormatSchema.options)
        .default('standard'),
    )
    .option('--plenty-webhook-url <url>', 'where the PlentyONE sandbox sends change callbacks')
    .option('--plenty-webhook-key <key>', 'sign key included in PlentyONE callbacks (default: a generated one, printed at start; serve refuses weak keys)')
    .addHelpText(
      'after',
      `\n${FAULT_SPEC_HELP}\n\nFaults can also be changed at runtime: POST/DELETE <base url>/_sandbox/faults, ` +
        'request counts at GET <base url>/_sandbox/requests.',
    )
    .action(async (flags: SandboxFlags) => {
      const options = toOptions(flags);
      const { startSandboxes } = await import('../../sandbox/start.js');
      const started = await startSandboxes(options);
      process.stdout.write(describe(started, options));
      await untilSignal();
      process.stdout.write('Stopping sandboxes...\n');
      await started.close();
    });
}

function toOptions(flags: SandboxFlags): StartSandboxesOptions {
  const seed = /^\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed;
  return {
    plentyPort: port('--plenty-port', flags.plentyPort),
    magentoPort: port('--magento-port', flags.magentoPort),
    host: flags.host,
    seed,
    variations: count('--variations', flags.variations, 1, MAX_VARIATIONS),
    customers: flags.customers === undefined ? undefined : count('--customers', flags.customers, 0, 10_000_000),
    orders: flags.orders === undefined ? undefined : count('--orders', flags.orders, 0, 10_000_000),
    plan: flags.plan,
    plentyUser: flags.plentyUser,
    plentyPassword: flags.plentyPassword,
    magentoToken: flags.magentoToken,
    plentyFaults: faultSpecs([...flags.fault, ...flags.plentyFault]),
    magentoFaults: faultSpecs([...flags.fault, ...flags.magentoFault]),
    faultSeed: flags.faultSeed === undefined ? undefined : count('--fault-seed', flags.faultSeed, 0, 0xffffffff),
    webhookUrl: flags.webhookUrl,
    webhookFormat: flags.webhookFormat,
    plentyWebhookUrl: flags.plentyWebhookUrl,
    plentyWebhookSignKey: flags.plentyWebhookKey ?? randomBytes(32).toString('base64url'),
  };
}

function port(name: string, value: string): number {
  return count(name, value, 0, 65_535);
}

function count(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${name} expects a whole number in ${min}..${max}, got "${value}".`);
  }
  return Number(value);
}

/** Validates specs up front so a typo stops the command with a clear message instead of at runtime. */
function faultSpecs(specs: string[]): string[] {
  for (const spec of specs) {
    try {
      parseFaultSpec(spec);
    } catch (error) {
      if (error instanceof FaultRuleError) throw new UsageError(`--fault "${spec}": ${error.message}`);
      throw error;
    }
  }
  return specs;
}

function describe(s: StartedSandboxes, o: StartSandboxesOptions): string {
  const c = s.catalog;
  const faults = (o.plentyFaults?.length ?? 0) + (o.magentoFaults?.length ?? 0);
  return [
    `PlentyONE sandbox  ${s.plenty.url}/rest`,
    `  login            POST ${s.plenty.url}/rest/login  {"username":"${o.plentyUser}","password":"${o.plentyPassword}"}`,
    `  plan             ${o.plan ?? 'classic'}`,
    `Magento sandbox    ${s.magento.url}/rest/V1  ${s.magento.url}/rest/<store_code>/V1  ${s.magento.url}/graphql`,
    `  auth             Authorization: Bearer ${o.magentoToken}`,
    `  store views      ${c.storeViews.map((v) => `${v.code} (${v.language})`).join(', ')}`,
    `Control            ${s.plenty.url}/_sandbox  ${s.magento.url}/_sandbox  (requests, faults, state)`,
    `Catalog            seed ${c.seed}: ${c.variationCount} variations in ${c.itemCount} items, ` +
      `${c.categoryCount} categories, ${c.customerCount} customers, ${c.orderCount} orders`,
    ...s.magento.sandbox.webhooks
      .targets()
      .map((t) => `  webhooks         ${t.format} (${t.delivery}) -> ${t.url}${t.secret ? `  secret ${t.secret}` : ''}`),
    ...(o.plentyWebhookUrl ? [`PlentyONE hooks    -> ${o.plentyWebhookUrl}  sign key ${o.plentyWebhookSignKey ?? 'sandbox'}`] : []),
    ...(faults > 0 ? [`Faults             ${faults} rule(s) active; GET /_sandbox/faults lists them`] : []),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
