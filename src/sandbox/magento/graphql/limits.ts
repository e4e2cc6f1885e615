/**
 * Magento's GraphQL query limits, computed the way Magento computes them so the sandbox rejects
 * exactly the queries a production store rejects (defaults from Magento's `di.xml`: depth 20,
 * complexity 300; production mode only, which is what the sandbox imitates).
 *
 * Magento applies three checks (`QueryComplexityLimiter` + webonyx/graphql-php rules):
 * 1. before validation, the number of field nodes written in the document (fragments counted where
 *    they are written, not where they are spread) must not exceed the complexity limit — an
 *    input error, category `graphql-input`;
 * 2. the `QueryComplexity` rule: every selected field costs 1 plus its children, fragments expanded
 *    at each spread, fields dropped by `@skip`/`@include` not counted; only reported when the
 *    document has no other validation error;
 * 3. the `QueryDepth` rule: the deepest field that has a sub-selection, counting top-level fields
 *    as depth 0 (`{ a { b { c } } }` has depth 1); fragments do not add depth.
 * Both rules answer "Max query ... should be <limit> but got <value>." (category `graphql`).
 */
import { GraphQLError, Kind } from 'graphql';
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { visit } from 'graphql';

export interface QueryLimits {
  /** `queryDepth` in Magento's di.xml; 0 disables the check. */
  maxDepth: number;
  /** `queryComplexity` in Magento's di.xml; 0 disables both complexity checks. */
  maxComplexity: number;
}

export const MAGENTO_DEFAULT_LIMITS: QueryLimits = { maxDepth: 20, maxComplexity: 300 };

export function depthMessage(max: number, got: number): string {
  return `Max query depth should be ${max} but got ${got}.`;
}

export function complexityMessage(max: number, got: number): string {
  return `Max query complexity should be ${max} but got ${got}.`;
}

/** Field nodes as written in the document (Magento's `validateFieldCount`). */
export function countFieldNodes(document: DocumentNode): number {
  let count = 0;
  visit(document, {
    Field: {
      leave() {
        count++;
      },
    },
  });
  return count;
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

function fragmentsOf(document: DocumentNode): Fragments {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  return fragments;
}

/** Depth of one operation (webonyx `QueryDepth::fieldDepth`). Fragment cycles are cut, not followed. */
export function operationDepth(operation: OperationDefinitionNode, fragments: Fragments): number {
  const walk = (selectionSet: SelectionSetNode, depth: number, maxDepth: number, path: Set<string>): number => {
    let max = maxDepth;
    for (const node of selectionSet.selections) {
      if (node.kind === Kind.FIELD) {
        if (node.selectionSet === undefined) continue;
        if (depth > max) max = depth;
        max = walk(node.selectionSet, depth + 1, max, path);
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        max = walk(node.selectionSet, depth, max, path);
      } else {
        const name = node.name.value;
        const fragment = fragments.get(name);
        if (fragment === undefined || path.has(name)) continue;
        max = walk(fragment.selectionSet, depth, max, new Set(path).add(name));
      }
    }
    return max;
  };
  return walk(operation.selectionSet, 0, 0, new Set());
}

/** Complexity of one operation (webonyx `QueryComplexity` with the default cost function). */
export function operationComplexity(
  operation: OperationDefinitionNode,
  fragments: Fragments,
  variables: Readonly<Record<string, unknown>>,
): number {
  const walk = (selectionSet: SelectionSetNode, path: Set<string>): number => {
    let total = 0;
    for (const node of selectionSet.selections) {
      if (node.kind === Kind.FIELD) {
        if (excludedByDirective(node, variables)) continue;
        total += 1 + (node.selectionSet === undefined ? 0 : walk(node.selectionSet, path));
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        total += walk(node.selectionSet, path);
      } else {
        const name = node.name.value;
        const fragment = fragments.get(name);
        if (fragment === undefined || path.has(name)) continue;
        total += walk(fragment.selectionSet, new Set(path).add(name));
      }
    }
    return total;
  };
  return walk(operation.selectionSet, new Set());
}

/** As graphql-php: the first `@include`/`@skip` decides; an earlier `@deprecated` keeps the field. */
function excludedByDirective(node: FieldNode, variables: Readonly<Record<string, unknown>>): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name === 'deprecated') return false;
    if (name !== 'include' && name !== 'skip') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    let value = false;
    if (arg?.value.kind === Kind.BOOLEAN) value = arg.value.value;
    else if (arg?.value.kind === Kind.VARIABLE) value = variables[arg.value.name.value] === true;
    return name === 'include' ? !value : value;
  }
  return false;
}

function operationRule(check: (operation: OperationDefinitionNode, fragments: Fragments) => string | null): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition: {
        leave(operation: OperationDefinitionNode) {
          const message = check(operation, fragments);
          if (message !== null) context.reportError(new GraphQLError(message));
        },
      },
    };
  };
}

export function depthRule(maxDepth: number): ValidationRule {
  return operationRule((operation, fragments) => {
    if (maxDepth === 0) return null;
    const depth = operationDepth(operation, fragments);
    return depth > maxDepth ? depthMessage(maxDepth, depth) : null;
  });
}

export function complexityRule(maxComplexity: number, variables: Readonly<Record<string, unknown>>): ValidationRule {
  return operationRule((operation, fragments) => {
    if (maxComplexity === 0) return null;
    const complexity = operationComplexity(operation, fragments, variables);
    return complexity > maxComplexity ? complexityMessage(maxComplexity, complexity) : null;
  });
}
