import type { z } from 'zod';

/**
 * One line per problem, `<dotted.path>: <message>`, for the CLI and the admin API. Unknown keys get a
 * line each (a typo is the usual cause), and a bad map key reports the key's own problem rather than
 * the map's.
 */
export function describeConfigError(error: z.ZodError): string[] {
  const lines: string[] = [];
  for (const issue of error.issues) describeIssue(issue, [], lines);
  return lines;
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, prefix: PropertyKey[], lines: string[]): void {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        lines.push(`${dotted([...path, key])}: unknown setting "${key}" (check its spelling against the profile's schema)`);
      }
      return;
    case 'invalid_key':
      for (const inner of issue.issues) {
        lines.push(`${dotted(path)}: key ${JSON.stringify(String(path.at(-1)))}: ${inner.message}`);
      }
      return;
    case 'invalid_element':
      for (const inner of issue.issues) describeIssue(inner, path, lines);
      return;
    case 'invalid_union':
      // Report the branch that got furthest (the most deeply nested problem) rather than "Invalid input".
      {
        const branch = deepestBranch(issue.errors);
        if (branch) {
          for (const inner of branch) describeIssue(inner, path, lines);
          return;
        }
      }
      break;
    default:
      break;
  }
  lines.push(`${dotted(path)}: ${issue.message}`);
}

function deepestBranch(branches: Issue[][]): Issue[] | undefined {
  let best: Issue[] | undefined;
  let bestDepth = 0;
  for (const branch of branches) {
    const depth = Math.max(0, ...branch.map((i) => i.path.length));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

function dotted(path: PropertyKey[]): string {
  return path.length === 0 ? '(config)' : path.map((p) => String(p)).join('.');
}
