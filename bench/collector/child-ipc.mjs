// The child side of spawn-child.mjs: answers `rss` (now, and the peak sampled every 100 ms since
// the last `reset`), `stats` (whatever the child counts, plus the CPU time of all its threads
// per wall-clock second since the last `reset`: 1.0 = one core busy, and that CPU time itself
// in µs, `cpuUs`, to divide by what the child did) and `stop` (clean close,
// then exit, so that --cpu-prof writes its profile).
const SAMPLE_MS = 100;

/** @example serveIpc({ stats: () => ({ commits }), reset: () => {}, close: () => server.close() }) */
export function serveIpc({ stats = () => ({}), reset = () => {}, close = async () => {} }) {
  let peak = process.memoryUsage.rss();
  let since = { cpu: process.cpuUsage(), at: performance.now() };
  const cpuUs = () => {
    const { user, system } = process.cpuUsage(since.cpu);
    return user + system;
  };
  const cpuShare = () => cpuUs() / 1000 / (performance.now() - since.at);
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, SAMPLE_MS);
  sampler.unref();
  process.on('message', async (m) => {
    if (m.type === 'rss') process.send({ type: 'rss', rss: process.memoryUsage.rss(), peak });
    else if (m.type === 'reset') {
      peak = process.memoryUsage.rss();
      since = { cpu: process.cpuUsage(), at: performance.now() };
      reset();
      process.send({ type: 'reset-done' });
    } else if (m.type === 'stats')
      process.send({ type: 'stats', cpu: cpuShare(), cpuUs: cpuUs(), ...stats() });
    else if (m.type === 'stop') {
      clearInterval(sampler);
      await close();
      process.exit(0);
    }
  });
  // The parent died: do not linger.
  process.on('disconnect', () => process.exit(0));
}
