/**
 * Reads what `run.ts --cpu-prof` or `--alloc-prof` wrote and prints where the serve process's CPU (or
 * allocation) went: self by function, by file and by package or source folder, and the inclusive share
 * of functions named on the command line (counted once per sample however deep they recur).
 *
 *   npx tsx bench/latency/profile-summary.ts <file.cpuprofile|file.heapprofile> [--top 40] [--incl name,name]
 *
 * CPU profiles count time (`(idle)`: the event loop outside JavaScript, waiting); allocation profiles
 * count bytes allocated, collected ones included.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface CpuNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: CpuNode[]; samples: number[]; timeDeltas: number[] }
interface HeapNode { callFrame: CallFrame; selfSize: number; children: HeapNode[] }

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, incl: { type: 'string', default: '' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile|file.heapprofile> [--top N] [--incl a,b]');
const top = Number(values.top);
const included = values.incl.split(',').filter(Boolean);

/** A package (`pkg:undici`), a node built-in module, or the path below the repository (`src/…`). */
const origin = (url: string): string => {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg:${pkg[1]}`;
  if (url.startsWith('node:')) return url;
  return /\/((?:src|bench|test)\/.*)$/.exec(url)?.[1] ?? url;
};
const folder = (place: string): string => (place.startsWith('src/') ? place.split('/').slice(0, 2).join('/') : place);
const label = (frame: CallFrame): string => `${frame.functionName || '(anonymous)'} ${origin(frame.url)}:${frame.lineNumber + 1}`;

const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);

/** Per sample (CPU) or per allocation site (heap): its amount and its stack, innermost first. */
function stacks(profile: unknown): { unit: 'ms' | 'MB'; scale: number; entries: { amount: number; stack: CallFrame[] }[] } {
  if ((profile as { head?: HeapNode }).head) {
    const entries: { amount: number; stack: CallFrame[] }[] = [];
    const walk = (node: HeapNode, outer: CallFrame[]) => {
      const stack = [node.callFrame, ...outer];
      if (node.selfSize) entries.push({ amount: node.selfSize, stack });
      for (const child of node.children) walk(child, stack);
    };
    walk((profile as { head: HeapNode }).head, []);
    return { unit: 'MB', scale: 1e6, entries };
  }
  const cpu = profile as CpuProfile;
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  cpu.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (cpu.timeDeltas[i + 1] ?? 0)));
  const entries = [...time].map(([id, amount]) => {
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame);
    return { amount, stack };
  });
  return { unit: 'ms', scale: 1e3, entries };
}

const { unit, scale, entries } = stacks(JSON.parse(readFileSync(file, 'utf8')));
const total = entries.reduce((sum, e) => sum + e.amount, 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const byFolder = new Map<string, number>();
const inclusive = new Map<string, number>(included.map((name) => [name, 0]));
for (const { amount, stack } of entries) {
  const self = stack[0]!;
  add(byFunction, label(self), amount);
  add(byFile, origin(self.url), amount);
  add(byFolder, folder(origin(self.url)), amount);
  for (const name of included) if (stack.some((frame) => frame.functionName === name)) add(inclusive, name, amount);
}
const show = (title: string, map: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, amount] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${(amount / scale).toFixed(1).padStart(10)} ${unit} ${((amount / total) * 100).toFixed(1).padStart(5)} %  ${key}\n`);
  }
};
process.stdout.write(`${file}: ${(total / scale).toFixed(0)} ${unit} in all\n`);
show('self, by function', byFunction, top);
show('self, by file', byFile, top);
show('self, by package or source folder', byFolder, top);
if (included.length) show('inclusive', inclusive, included.length);
