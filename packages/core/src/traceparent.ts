export interface Traceparent {
  version: string;
  traceId: string;
  parentId: string;
  flags: number;
  sampled: boolean;
}

/** STUB: being implemented. */
export function parseTraceparent(_header: string | null | undefined): Traceparent | null {
  return null;
}

/** STUB: being implemented. */
export function formatTraceparent(tp: { traceId: string; parentId: string; sampled?: boolean }): string {
  return `00-${tp.traceId}-${tp.parentId}-${tp.sampled ? '01' : '00'}`;
}
