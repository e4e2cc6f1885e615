/**
 * Declared fields derived from a connector's zod schema (the record as the API sends it), so a type's
 * source fields follow the schema instead of a second list that could drift from it.
 */
import { z } from 'zod';
import type { FieldDecl, FieldType } from './fields.js';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; description?: string; anyOf?: JsonSchema[]; items?: JsonSchema };

function typeOf(s: JsonSchema): FieldType {
  const variants = s.anyOf ?? [s];
  const types = variants.flatMap((v) => (Array.isArray(v.type) ? v.type : v.type ? [v.type] : [])).filter((t) => t !== 'null');
  const t = types[0];
  if (types.length !== 1) return 'any';
  return t === 'string' || t === 'number' || t === 'integer' || t === 'boolean' || t === 'object' || t === 'array' ? t : 'any';
}

function walk(s: JsonSchema, prefix: string, out: FieldDecl[], depth: number): void {
  const object = s.anyOf?.find((v) => v.properties) ?? s;
  for (const [key, child] of Object.entries(object.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    const type = typeOf(child);
    const inner = child.anyOf?.find((v) => v.properties) ?? child;
    out.push({ name, type, description: child.description ?? inner.description ?? '' });
    if (inner.properties && depth < 3) walk(inner, name, out, depth + 1);
  }
}

/** The fields of a zod object schema, nested objects as dotted paths (`billing_address.city`). */
export function fieldsFromSchema(schema: z.ZodType, prefix = '', describe: Record<string, string> = {}): FieldDecl[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const out: FieldDecl[] = [];
  walk(json, prefix, out, 0);
  return out.map((f) => ({ ...f, description: describe[f.name] ?? (f.description || `${f.name} as the API sends it.`) }));
}
