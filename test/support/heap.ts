import { getHeapSnapshot } from 'node:v8';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A heap snapshot of this process. Taking it collects garbage first, so only what is still reachable is in it. */
async function takeSnapshot(): Promise<Snapshot> {
  let json = '';
  for await (const chunk of getHeapSnapshot()) json += chunk;
  return JSON.parse(json) as Snapshot;
}

/**
 * The nodes of this process's heap that `match` takes, by their snapshot name (a string's text, an
 * object's constructor or V8's `system / …` name) and type (`string`, `object`, `hidden`…).
 */
export async function countHeapNodes(match: (name: string, type: string) => boolean): Promise<number> {
  const snapshot = await takeSnapshot();
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const [name, type] = [fields.indexOf('name'), fields.indexOf('type')];
  let count = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (match(snapshot.strings[snapshot.nodes[i + name]!]!, types[snapshot.nodes[i + type]!]!)) count++;
  }
  return count;
}

/**
 * The bytes of the largest array store held by a closure variable of this name, anywhere in the heap
 * (0 when none): how far a module's internal array grew, which no API shows.
 */
export async function largestArrayHeldBy(variable: string): Promise<number> {
  const { snapshot: { meta }, nodes, edges, strings } = await takeSnapshot();
  const nodeSize = meta.node_fields.length;
  const edgeSize = meta.edge_fields.length;
  const [edgeCount, selfSize] = [meta.node_fields.indexOf('edge_count'), meta.node_fields.indexOf('self_size')];
  const [edgeType, edgeName, edgeTo] = [meta.edge_fields.indexOf('type'), meta.edge_fields.indexOf('name_or_index'), meta.edge_fields.indexOf('to_node')];
  const [contextType, internalType] = [meta.edge_types[0].indexOf('context'), meta.edge_types[0].indexOf('internal')];
  // Each node's edges follow the previous node's in `edges`.
  const firstEdge = new Map<number, number>();
  for (let node = 0, edge = 0; node < nodes.length; node += nodeSize) {
    firstEdge.set(node, edge);
    edge += nodes[node + edgeCount]! * edgeSize;
  }
  const edgesOf = function* (node: number): Generator<number> {
    const first = firstEdge.get(node)!;
    for (let e = first; e < first + nodes[node + edgeCount]! * edgeSize; e += edgeSize) yield e;
  };
  let largest = 0;
  for (let node = 0; node < nodes.length; node += nodeSize) {
    for (const e of edgesOf(node)) {
      if (edges[e + edgeType] !== contextType || strings[edges[e + edgeName]!] !== variable) continue;
      // The variable's array; its elements are a store of their own.
      for (const inner of edgesOf(edges[e + edgeTo]!)) {
        if (edges[inner + edgeType] === internalType && strings[edges[inner + edgeName]!] === 'elements') {
          largest = Math.max(largest, nodes[edges[inner + edgeTo]! + selfSize]!);
        }
      }
    }
  }
  return largest;
}
