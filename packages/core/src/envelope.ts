/** STUB: being implemented. */
export interface Envelope {
  header: Record<string, unknown>;
  items: { header: { type: string; length?: number; [key: string]: unknown }; payload: Uint8Array }[];
}
