/**
 * A trace tree cut to what a page can show: nesting past MAX_TRACE_DEPTH and nodes past
 * MAX_TRACE_NODES are counted, not rendered, and a node met twice (span ids are sender-chosen)
 * is shown once. The views then recurse over a tree that is known to be bounded.
 */

import type { TraceNode } from './types.js';

export interface ShownNode {
  node: TraceNode;
  children: ShownNode[];
  /** Children (with their subtrees) left out by the bounds. */
  hidden: number;
}

export interface ShownTrace {
  roots: ShownNode[];
  /** Nodes left out in all. */
  hidden: number;
}

function size(node: TraceNode, seen: Set<TraceNode>): number {
  if (seen.has(node)) return 0;
  seen.add(node);
  let n = 1;
  for (const c of node.children) n += size(c, seen);
  return n;
}

/**
 * @example boundTrace(trace.roots, 32, 1000).hidden // 0 for any ordinary trace
 */
export function boundTrace(roots: readonly TraceNode[], maxDepth: number, maxNodes: number): ShownTrace {
  const seen = new Set<TraceNode>();
  let shown = 0;
  let hidden = 0;
  /** The node as shown, or how many nodes were left out in its place. */
  const visit = (node: TraceNode, depth: number): ShownNode | number => {
    if (seen.has(node)) return 0;
    if (depth >= maxDepth || shown >= maxNodes) {
      const n = size(node, seen);
      hidden += n;
      return n;
    }
    seen.add(node);
    shown++;
    const out: ShownNode = { node, children: [], hidden: 0 };
    for (const child of node.children) {
      const c = visit(child, depth + 1);
      if (typeof c === 'number') out.hidden += c;
      else out.children.push(c);
    }
    return out;
  };
  const top: ShownNode[] = [];
  for (const root of roots) {
    const r = visit(root, 0);
    if (typeof r !== 'number') top.push(r);
  }
  return { roots: top, hidden };
}
