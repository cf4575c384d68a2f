/** STUB: being implemented. */
export function normalizeMessage(message: string): string {
  return message;
}
