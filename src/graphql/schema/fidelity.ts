/**
 * Checks that a GraphQL SDL subset only uses what the reference Magento schemas define.
 *
 * The rule (where the references in reference/magento differ in a type or its nullability, the
 * Adobe Commerce files — live introspection — are the more reliable):
 * - every type of the subset exists in every reference, with the same kind;
 * - every field, argument, input field, enum value, union member and implemented interface of the
 *   subset exists in every reference;
 * - against an `adobe-commerce` reference a type reference must print exactly the same (`[X]!` is
 *   not `[X!]!`), so where Adobe Commerce versions disagree with each other the element cannot be in
 *   the subset;
 * - against the `open-source` reference (schema files merged from Magento's modules) only the shape
 *   must match: the same named type and list nesting, nullability ignored, because there the Adobe
 *   Commerce files win;
 * - default values of arguments and input fields print the same where both declare one, and an
 *   Adobe Commerce default cannot be dropped;
 * - the subset may not omit an argument or input field a reference requires (non-null, no default):
 *   otherwise a call valid against the subset would be rejected by Magento.
 *
 * References are read with `parse()` and same-named definitions and extensions are merged here,
 * because Magento's module schema files re-declare types instead of extending them.
 */
import { Kind, parse, print } from 'graphql';
import type {
  ConstValueNode,
  DefinitionNode,
  FieldDefinitionNode,
  InputValueDefinitionNode,
  TypeNode,
} from 'graphql';

export type ReferenceAuthority = 'open-source' | 'adobe-commerce';

type TypeKind = 'object' | 'interface' | 'input' | 'enum' | 'union' | 'scalar';

interface MergedField {
  type: TypeNode;
  args: Map<string, InputValueDefinitionNode>;
}

interface MergedType {
  kind: TypeKind;
  fields: Map<string, MergedField>;
  inputFields: Map<string, InputValueDefinitionNode>;
  enumValues: Set<string>;
  interfaces: Set<string>;
  members: Set<string>;
}

export interface ReferenceSchema {
  name: string;
  authority: ReferenceAuthority;
  types: Map<string, MergedType>;
  /** Same field re-declared with a different type by two definitions (first one kept). */
  conflicts: string[];
}

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

function kindOf(def: DefinitionNode): TypeKind | null {
  switch (def.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
      return 'object';
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION:
      return 'interface';
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      return 'input';
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
      return 'enum';
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.UNION_TYPE_EXTENSION:
      return 'union';
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_EXTENSION:
      return 'scalar';
    default:
      return null;
  }
}

function emptyType(kind: TypeKind): MergedType {
  return {
    kind,
    fields: new Map(),
    inputFields: new Map(),
    enumValues: new Set(),
    interfaces: new Set(),
    members: new Set(),
  };
}

/** Parses SDL and merges every definition and extension of the same type name into one. */
export function mergeTypeDefinitions(sdl: string): { types: Map<string, MergedType>; conflicts: string[] } {
  const types = new Map<string, MergedType>();
  const conflicts: string[] = [];
  for (const def of parse(sdl, { noLocation: true }).definitions) {
    const kind = kindOf(def);
    if (kind === null || !('name' in def) || def.name === undefined) continue;
    const name = def.name.value;
    let merged = types.get(name);
    if (merged === undefined) {
      merged = emptyType(kind);
      types.set(name, merged);
    } else if (merged.kind !== kind) {
      conflicts.push(`${name}: declared as ${merged.kind} and as ${kind}`);
      continue;
    }
    mergeInto(name, merged, def, conflicts);
  }
  return { types, conflicts };
}

function mergeInto(name: string, merged: MergedType, def: DefinitionNode, conflicts: string[]): void {
  if ('interfaces' in def) for (const i of def.interfaces ?? []) merged.interfaces.add(i.name.value);
  if ('types' in def) for (const t of def.types ?? []) merged.members.add(t.name.value);
  if ('values' in def) for (const v of def.values ?? []) merged.enumValues.add(v.name.value);
  if (!('fields' in def)) return;
  for (const field of def.fields ?? []) {
    if (field.kind === Kind.INPUT_VALUE_DEFINITION) {
      const seen = merged.inputFields.get(field.name.value);
      if (seen !== undefined && print(seen.type) !== print(field.type)) {
        conflicts.push(`${name}.${field.name.value}: ${print(seen.type)} vs ${print(field.type)}`);
      } else if (seen === undefined) merged.inputFields.set(field.name.value, field);
      continue;
    }
    mergeField(name, merged, field, conflicts);
  }
}

function mergeField(name: string, merged: MergedType, field: FieldDefinitionNode, conflicts: string[]): void {
  const seen = merged.fields.get(field.name.value);
  if (seen === undefined) {
    merged.fields.set(field.name.value, {
      type: field.type,
      args: new Map((field.arguments ?? []).map((a) => [a.name.value, a])),
    });
    return;
  }
  if (print(seen.type) !== print(field.type)) {
    conflicts.push(`${name}.${field.name.value}: ${print(seen.type)} vs ${print(field.type)}`);
    return;
  }
  for (const arg of field.arguments ?? []) if (!seen.args.has(arg.name.value)) seen.args.set(arg.name.value, arg);
}

export function loadReferenceSchema(name: string, sdl: string, authority: ReferenceAuthority): ReferenceSchema {
  const { types, conflicts } = mergeTypeDefinitions(sdl);
  return { name, authority, types, conflicts };
}

/** `[X!]!` → `[X]`: the shape a type reference has once nullability is ignored. */
function shapeOf(type: TypeNode): string {
  if (type.kind === Kind.NON_NULL_TYPE) return shapeOf(type.type);
  if (type.kind === Kind.LIST_TYPE) return `[${shapeOf(type.type)}]`;
  return type.name.value;
}

function isRequired(value: InputValueDefinitionNode): boolean {
  return value.type.kind === Kind.NON_NULL_TYPE && value.defaultValue === undefined;
}

function printDefault(value: ConstValueNode | undefined): string | null {
  return value === undefined ? null : print(value);
}

/** Compares one type reference of the subset with the reference's, by the reference's authority. */
function typeProblem(where: string, subset: TypeNode, ref: TypeNode, reference: ReferenceSchema): string | null {
  if (reference.authority === 'adobe-commerce') {
    if (print(subset) === print(ref)) return null;
    return `${where}: type ${print(subset)} but ${reference.name} has ${print(ref)}`;
  }
  if (shapeOf(subset) === shapeOf(ref)) return null;
  return `${where}: type ${print(subset)} but ${reference.name} has ${print(ref)} (differs beyond nullability)`;
}

function defaultProblem(
  where: string,
  subset: InputValueDefinitionNode,
  ref: InputValueDefinitionNode,
  reference: ReferenceSchema,
): string | null {
  const mine = printDefault(subset.defaultValue);
  const theirs = printDefault(ref.defaultValue);
  if (mine === theirs) return null;
  if (mine !== null && theirs !== null) return `${where}: default ${mine} but ${reference.name} has ${theirs}`;
  if (reference.authority === 'adobe-commerce' && theirs !== null) {
    return `${where}: no default but ${reference.name} has ${theirs}`;
  }
  if (mine !== null && theirs === null && reference.authority === 'adobe-commerce') {
    return `${where}: default ${mine} but ${reference.name} has none`;
  }
  return null;
}

/** Checks input values (arguments or input fields) of one subset element against a reference. */
function inputValueProblems(
  owner: string,
  mine: Map<string, InputValueDefinitionNode>,
  theirs: Map<string, InputValueDefinitionNode>,
  reference: ReferenceSchema,
  noun: 'argument' | 'input field',
): string[] {
  const problems: string[] = [];
  for (const [name, value] of mine) {
    const where = noun === 'argument' ? `${owner}(${name})` : `${owner}.${name}`;
    const ref = theirs.get(name);
    if (ref === undefined) {
      problems.push(`${where}: ${noun} missing in ${reference.name}`);
      continue;
    }
    const typeIssue = typeProblem(where, value.type, ref.type, reference);
    if (typeIssue !== null) problems.push(typeIssue);
    const defaultIssue = defaultProblem(where, value, ref, reference);
    if (defaultIssue !== null) problems.push(defaultIssue);
  }
  for (const [name, ref] of theirs) {
    if (isRequired(ref) && !mine.has(name)) {
      problems.push(`${owner}: omits ${noun} ${name} that ${reference.name} requires (${print(ref.type)})`);
    }
  }
  return problems;
}

function typeProblems(name: string, mine: MergedType, reference: ReferenceSchema): string[] {
  const ref = reference.types.get(name);
  if (ref === undefined) return [`${name}: type missing in ${reference.name}`];
  if (ref.kind !== mine.kind) return [`${name}: ${mine.kind} but ${reference.name} has ${ref.kind}`];
  const problems: string[] = [];
  for (const iface of mine.interfaces) {
    if (!ref.interfaces.has(iface)) problems.push(`${name}: implements ${iface}, not in ${reference.name}`);
  }
  for (const member of mine.members) {
    if (!ref.members.has(member)) problems.push(`${name}: union member ${member} missing in ${reference.name}`);
  }
  for (const value of mine.enumValues) {
    if (!ref.enumValues.has(value)) problems.push(`${name}.${value}: enum value missing in ${reference.name}`);
  }
  for (const [fieldName, field] of mine.fields) {
    const where = `${name}.${fieldName}`;
    const refField = ref.fields.get(fieldName);
    if (refField === undefined) {
      problems.push(`${where}: field missing in ${reference.name}`);
      continue;
    }
    const typeIssue = typeProblem(where, field.type, refField.type, reference);
    if (typeIssue !== null) problems.push(typeIssue);
    problems.push(...inputValueProblems(where, field.args, refField.args, reference, 'argument'));
  }
  problems.push(...inputValueProblems(name, mine.inputFields, ref.inputFields, reference, 'input field'));
  return problems;
}

/**
 * Every way the subset departs from the references, one line each (empty when faithful).
 * The subset itself must not re-declare a type differently (that is reported too).
 */
export function checkSubsetFidelity(subsetSdl: string, references: readonly ReferenceSchema[]): string[] {
  const { types, conflicts } = mergeTypeDefinitions(subsetSdl);
  const problems = conflicts.map((c) => `subset conflict: ${c}`);
  for (const [name, mine] of types) {
    if (mine.kind === 'scalar' && BUILT_IN_SCALARS.has(name)) continue;
    for (const reference of references) problems.push(...typeProblems(name, mine, reference));
  }
  return problems;
}
