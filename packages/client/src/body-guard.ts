/**
 * Keeps a wrapper's timer armed until a streamed body has been read. `fetch` resolves on
 * headers; clearing the timeout there would leave the body unbounded (anchors §2 pitfalls,
 * unjs/ofetch #620, workos-node #1679). Only `stream: true` calls take this path; buffered
 * calls read the body inside the attempt.
 */

/**
 * Returns a stream of the same bytes that calls `release` once it is fully read, cancelled
 * or failed; `mapError` turns a read failure into the error the reader should see.
 * @example return { ...reply, stream: releaseWhenRead(reply.stream, () => clearTimeout(timer)) };
 */
export function releaseWhenRead(
  stream: ReadableStream<Uint8Array>,
  release: () => void,
  mapError: (error: unknown) => unknown = (e) => e,
): ReadableStream<Uint8Array> {
  let released = false;
  const once = () => {
    if (!released) {
      released = true;
      release();
    }
  };
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          once();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        once();
        controller.error(mapError(error));
      }
    },
    cancel(reason) {
      once();
      return reader.cancel(reason);
    },
  });
}
