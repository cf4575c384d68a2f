import { adapterSuite, exampleStarter } from './adapter-suite.js';
import { repoRoot } from './helpers.js';

adapterSuite('node', () => exampleStarter('node'));
adapterSuite('express 5', () => exampleStarter('express'));
adapterSuite('express 4', async () => {
  const { default: express4 } = await import(`${repoRoot()}/node_modules/express4/index.js`);
  return exampleStarter('express', { expressModule: express4 });
});
adapterSuite('fastify', () => exampleStarter('fastify'));
adapterSuite('hono', () => exampleStarter('hono'));
adapterSuite('koa', () => exampleStarter('koa'));
