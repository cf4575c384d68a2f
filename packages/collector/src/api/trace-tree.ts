/**
 * The services of one distributed trace as a tree, and the origin of a cascade: the deepest
 * failing span, i.e. the service whose failure did not come from a failing downstream call.
 *
 * Spans are linked by `parent_span_id`. A W3C caller sends a fresh span id per outgoing
 * attempt, which is not the span of any stored event; Faultline's server therefore lists the
 * attempt spans of a failed downstream call in its event (`contexts.faultline.downstream_spans`),
 * and a child whose parent is one of them hangs under that event's span. A child whose parent
 * is unknown (an SDK that reported no such link) becomes a root; then, among failing spans with
 * no failing descendant, the one whose first error is oldest is the origin — in a cascade the
 * deepest service fails first. Span ids are sender-controlled, so a cycle is cut, not followed.
 */

/** What the tree needs from one error event. */
export interface TraceEventInfo {
  eventId: string;
  issueId: number;
  spanId: string | null;
  parentSpanId: string | null;
  service: string | null;
  title: string;
  timestamp: number;
  /** Faultline's `category` tag (dependency, timeout, bug...), when the sender classified it. */
  category: string | null;
  /** The HTTP status the service answered, when known. */
  status: number | null;
  /** Attempt spans of downstream calls that failed inside this event's request. */
  downstreamSpans: string[];
}

export interface TraceTransactionInfo {
  spanId: string | null;
  parentSpanId: string | null;
  service: string | null;
  name: string | null;
  op: string | null;
  status: string | null;
  httpStatus: number | null;
  durationMs: number | null;
  timestamp: number;
}

export interface TraceNode {
  spanId: string;
  parentSpanId: string | null;
  service: string | null;
  events: TraceEventInfo[];
  transaction: TraceTransactionInfo | null;
  failing: boolean;
  origin: boolean;
  children: TraceNode[];
}

export interface TraceOrigin {
  spanId: string;
  service: string | null;
  category: string | null;
  status: number | null;
  eventId: string | null;
  title: string | null;
}

export interface TraceTree {
  roots: TraceNode[];
  origin: TraceOrigin | null;
}

function nodeFor(nodes: Map<string, TraceNode>, spanId: string, parentSpanId: string | null): TraceNode {
  let node = nodes.get(spanId);
  if (node === undefined) {
    node = {
      spanId,
      parentSpanId,
      service: null,
      events: [],
      transaction: null,
      failing: false,
      origin: false,
      children: [],
    };
    nodes.set(spanId, node);
  }
  node.parentSpanId ??= parentSpanId;
  return node;
}

/** Whether `ancestor` is `node` or above it (following parents already linked). */
function isAncestorOrSelf(node: TraceNode, ancestor: TraceNode, parents: Map<TraceNode, TraceNode>): boolean {
  const seen = new Set<TraceNode>();
  for (let n: TraceNode | undefined = ancestor; n !== undefined && !seen.has(n); n = parents.get(n)) {
    if (n === node) return true;
    seen.add(n);
  }
  return false;
}

function firstErrorAt(node: TraceNode): number {
  let min = Number.POSITIVE_INFINITY;
  for (const e of node.events) min = Math.min(min, e.timestamp);
  return Number.isFinite(min) ? min : (node.transaction?.timestamp ?? Number.POSITIVE_INFINITY);
}

/**
 * @example buildTraceTree([{ spanId: 'b', parentSpanId: 'a', ... }], [])
 */
export function buildTraceTree(
  events: readonly TraceEventInfo[],
  transactions: readonly TraceTransactionInfo[],
): TraceTree {
  const nodes = new Map<string, TraceNode>();
  // Events without a span id still belong to the trace: each is its own node.
  let anonymous = 0;
  for (const e of events) {
    const node = nodeFor(nodes, e.spanId ?? `event:${anonymous++}`, e.parentSpanId);
    node.events.push(e);
    node.service ??= e.service;
    node.failing = true;
  }
  for (const t of transactions) {
    if (t.spanId === null) continue;
    const node = nodeFor(nodes, t.spanId, t.parentSpanId);
    node.transaction ??= t;
    node.service ??= t.service;
    if ((t.httpStatus ?? 0) >= 500) node.failing = true;
  }
  const viaAttempt = new Map<string, TraceNode>();
  for (const node of nodes.values())
    for (const e of node.events)
      for (const s of e.downstreamSpans) if (!viaAttempt.has(s)) viaAttempt.set(s, node);

  const parents = new Map<TraceNode, TraceNode>();
  const roots: TraceNode[] = [];
  for (const node of nodes.values()) {
    const p = node.parentSpanId;
    const parent = p === null ? undefined : (nodes.get(p) ?? viaAttempt.get(p));
    if (parent === undefined || isAncestorOrSelf(node, parent, parents)) {
      roots.push(node);
    } else {
      parents.set(node, parent);
      parent.children.push(node);
    }
  }

  // The origin: a failing node without failing descendants; the deepest, then the oldest.
  let best: { node: TraceNode; depth: number; at: number } | undefined;
  const visit = (node: TraceNode, depth: number): boolean => {
    let failingBelow = false;
    for (const child of node.children) if (visit(child, depth + 1)) failingBelow = true;
    if (node.failing && !failingBelow) {
      const at = firstErrorAt(node);
      if (best === undefined || depth > best.depth || (depth === best.depth && at < best.at))
        best = { node, depth, at };
    }
    return failingBelow || node.failing;
  };
  const byTime = (a: TraceNode, b: TraceNode) => firstErrorAt(a) - firstErrorAt(b);
  roots.sort(byTime);
  for (const root of roots) visit(root, 0);
  if (best === undefined) return { roots, origin: null };
  best.node.origin = true;
  const first = [...best.node.events].sort((a, b) => a.timestamp - b.timestamp)[0];
  return {
    roots,
    origin: {
      spanId: best.node.spanId,
      service: best.node.service,
      category: first?.category ?? null,
      status: first?.status ?? best.node.transaction?.httpStatus ?? null,
      eventId: first?.eventId ?? null,
      title: first?.title ?? null,
    },
  };
}
