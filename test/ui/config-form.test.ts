import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { orderExportSandboxConfig } from '../../src/profiles/types/plenty_order_export/sandbox-config.js';
import { configFormSchema, problemsByField, readConfigForm, renderConfigForm } from '../../src/gateway/ui/config-form.js';
import { parseMapping, splitMapping } from '../../src/mapping/profile-config.js';
import type { AnyProfileType } from '../../src/profiles/profile-type.js';
import type { PickList } from '../../src/gateway/pick-lists.js';

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
    const read = readConfigForm(schema, {
      'cfg.batchSize': 'many',
      'cfg.warehouseMapping[0].warehouseId': 'one', 'cfg.warehouseMapping[0].sourceCode': 'default',
      'cfg.warehouseMapping[1].warehouseId': '', 'cfg.warehouseMapping[1].sourceCode': '',
    });
    expect(read.errors.batchSize).toEqual(['"many" is not a number']);
    expect(read.errors.warehouseMapping).toEqual(['row 1, warehouseId: "one" is not a number']);
    expect(read.raw.batchSize).toBe('many');
    expect(read.raw['cfg.warehouseMapping[0].warehouseId']).toBe('one');
  });

  it('shows a map as rows whose values are picked from the collected list, and reads the pick back', async () => {
    const type = registry.get('plenty_order_export');
    const schema = configFormSchema(type);
    const stored = type.configSchema.parse(orderExportSandboxConfig);
    const pickLists: PickList[] = [{ key: 'paymentMethods', label: 'PlentyONE payment methods', options: [
      { value: '2', label: 'Cash in advance' }, { value: '6001', label: 'Invoice' }, { value: '6002', label: 'PayPal' },
    ] }];
    const form = String(await renderConfigForm(schema, { values: stored, pickLists }));
    // The stored mapping is a row, its value a select of the collected methods with the stored one chosen.
    expect(form).toContain('name="cfg.paymentMap[0].key" value="checkmo"');
    expect(form).toMatch(/<select id="[^"]+" name="cfg\.paymentMap\[0\]\.value">[\s\S]*?<option value="2" selected>2 · Cash in advance<\/option>/);
    // What a merchant does: pick PayPal for checkmo, add cashondelivery in a blank row, clear banktransfer.
    const submittedForm = submitted(form);
    expect(submittedForm['cfg.paymentMap[1].key']).toBe('banktransfer');
    Object.assign(submittedForm, {
      'cfg.paymentMap[0].value': '6002',
      'cfg.paymentMap[1].key': '', 'cfg.paymentMap[1].value': '',
      'cfg.paymentMap[2].key': 'cashondelivery', 'cfg.paymentMap[2].value': '6001',
    });
    const read = readConfigForm(schema, submittedForm);
    expect(read.errors).toEqual({});
    expect(parsedFromForm(type, read.config).paymentMap).toEqual({ checkmo: 6002, cashondelivery: 6001 });
  });

  it('refuses a map row without a value or with a key twice, naming the row', () => {
    const schema = configFormSchema(registry.get('plenty_order_export'));
    const read = readConfigForm(schema, {
      'cfg.paymentMap[0].key': 'checkmo', 'cfg.paymentMap[0].value': '2',
      'cfg.paymentMap[1].key': 'checkmo', 'cfg.paymentMap[1].value': '6001',
      'cfg.paymentMap[2].key': 'free', 'cfg.paymentMap[2].value': '',
    });
    expect(read.errors.paymentMap).toEqual(['row 2: "checkmo" is mapped twice', 'row 3: "free" has no value']);
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
