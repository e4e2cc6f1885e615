import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { orderExportSandboxConfig } from '../../src/profiles/types/plenty_order_export/sandbox-config.js';
import { configFormSchema, problemsByField, readConfigForm, renderConfigForm } from '../../src/gateway/ui/config-form.js';
import { parseMapping, splitMapping } from '../../src/mapping/profile-config.js';
import type { AnyProfileType } from '../../src/profiles/profile-type.js';

const registry = await builtinRegistry();

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a browser submits for the rendered form: text inputs, textareas, selected options, ticked boxes. */
function submitted(formHtml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of formHtml.matchAll(/<input type="(text|checkbox)"[^>]*?name="([^"]+)" value="([^"]*)"([^>]*)>/g)) {
    if (m[1] === 'checkbox' && !m[4]!.includes('checked')) continue;
    out[m[2]!] = unescape(m[3]!);
  }
  for (const m of formHtml.matchAll(/<textarea[^>]*?name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = unescape(m[2]!);
  for (const m of formHtml.matchAll(/<select[^>]*?name="([^"]+)">([\s\S]*?)<\/select>/g)) {
    out[m[1]!] = unescape(/<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? '');
  }
  return out;
}

/** The type's own settings as its schema parses them, after checking the form's `mapping` part as the service does. */
function parsedFromForm(type: AnyProfileType, config: unknown) {
  const { rest, mapping } = splitMapping(config);
  expect(parseMapping(type, mapping).problems).toEqual([]);
  return type.configSchema.parse(rest);
}

describe('config form generated from the JSON Schema', () => {
  it.each(registry.all().map((t) => [t.id, t] as const))('%s: the stored config survives a round trip through the form', async (_id, type) => {
    const schema = configFormSchema(type);
    const stored = type.configSchema.parse({});
    const form = String(await renderConfigForm(schema, { values: stored }));
    const read = readConfigForm(schema, submitted(form));
    expect(read.errors).toEqual({});
    expect(parsedFromForm(type, read.config)).toEqual(stored);
  });

  it('keeps a full config (maps, lists of rows, numbers, enums) through the form', async () => {
    const type = registry.get('plenty_order_export');
    const schema = configFormSchema(type);
    const stored = type.configSchema.parse(orderExportSandboxConfig);
    const read = readConfigForm(schema, submitted(String(await renderConfigForm(schema, { values: stored }))));
    expect(read.errors).toEqual({});
    expect(parsedFromForm(type, read.config)).toEqual(stored);
  });

  it('shows each setting with its description, grouped by object', async () => {
    const type = registry.get('plenty_order_export');
    const form = String(await renderConfigForm(configFormSchema(type), { values: type.configSchema.parse({}) }));
    expect(form).toContain('data-group="filters"');
    expect(form).toContain('data-field="filters.excludeStatuses"');
    expect(form).toContain('Orders in these statuses wait');
    expect(form).toMatch(/<input type="checkbox" id="f-createPayment" name="cfg.createPayment" value="true" checked>/);
  });

  it('reads what cannot be a value as a field error, and keeps the text', () => {
    const schema = configFormSchema(registry.get('plenty_stock_import'));
    const read = readConfigForm(schema, { 'cfg.batchSize': 'many', 'cfg.warehouseMapping': '[{"warehouseId": 1,' });
    expect(read.errors.batchSize).toEqual(['"many" is not a number']);
    expect(read.errors.warehouseMapping?.[0]).toMatch(/^not valid JSON/);
    expect(read.raw.batchSize).toBe('many');
  });

  it('puts each problem of the schema at the deepest field its path names', () => {
    const schema = configFormSchema(registry.get('plenty_order_export'));
    const errors = problemsByField(schema, [
      'batchSize: Too big: expected number to be <=1000',
      'filters.statuses.0: "x" is also in excludeStatuses; remove it from one of the lists',
      'unknownThing: unknown setting "unknownThing" (check its spelling against the profile\'s schema)',
    ]);
    expect(errors.batchSize).toEqual(['Too big: expected number to be <=1000']);
    expect(errors['filters.statuses']).toEqual(['filters.statuses.0: "x" is also in excludeStatuses; remove it from one of the lists']);
    expect(errors['']).toEqual(['unknownThing: unknown setting "unknownThing" (check its spelling against the profile\'s schema)']);
  });
});
