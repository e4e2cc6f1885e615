/**
 * Magento's REST error answers: `{message, parameters?, errors?, trace?}` where `message` is a
 * template with `%1`, `%2` (parameters as a list) or `%name` (parameters as an object), e.g.
 * `{"message":"The \"%1\" attribute value is empty.","parameters":["sku"]}`. The text a merchant
 * should read is the template with the parameters put in.
 */

type Parameters = readonly unknown[] | Readonly<Record<string, unknown>>;

/** Puts `parameters` into `template`; unknown placeholders stay as they are. */
export function substituteParameters(template: string, parameters: Parameters | undefined): string {
  if (parameters === undefined || parameters === null) return template;
  if (Array.isArray(parameters)) {
    return template.replace(/%(\d+)/g, (whole, n: string) => {
      const value = parameters[Number(n) - 1];
      return value === undefined ? whole : String(value);
    });
  }
  const named = parameters as Readonly<Record<string, unknown>>;
  // Longest names first, so `%fieldName` is not taken for `%field` + "Name".
  const names = Object.keys(named).sort((a, b) => b.length - a.length);
  if (names.length === 0) return template;
  const pattern = new RegExp(`%(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  return template.replace(pattern, (_, name: string) => String(named[name]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function one(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value.message !== 'string') return undefined;
  return substituteParameters(value.message, value.parameters as Parameters | undefined);
}

/**
 * The readable message of an error body, or undefined when the body is not Magento's shape.
 * Aggregated validation errors (`errors: [...]`) are appended after the main message.
 */
export function magentoErrorMessage(body: unknown): string | undefined {
  const main = one(body);
  if (main === undefined) return undefined;
  const nested = isRecord(body) && Array.isArray(body.errors) ? body.errors.map(one).filter((m): m is string => m !== undefined) : [];
  const extra = nested.filter((m) => m !== main);
  return extra.length === 0 ? main : `${main} (${extra.join('; ')})`;
}
