// The bare anchor of the client benches: one GET /hello through an undici Dispatcher's
// dispatch(), the body parsed as JSON, with nothing of the client around it.

/** @example await dispatchJson(new Agent(), 'http://127.0.0.1:3000') // { hello: 'world' } */
export function dispatchJson(dispatcher, origin, headers = {}) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    dispatcher.dispatch(
      { origin, path: '/hello', method: 'GET', headers },
      {
        onRequestStart() {},
        onResponseStart(_c, status) {
          if (status !== 200) reject(new Error(String(status)));
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        },
        onResponseError(_c, error) {
          reject(error);
        },
      },
    );
  });
}
