// `npm start`: an Express API with Faultline on 127.0.0.1:3000. Try /ok and /boom.
import { createFaultline, installProcessGuards } from '@faultline/server';
import { start } from './app.mjs';

const faultline = createFaultline({ service: 'example-express', release: '0.1.0' });
const port = Number(process.env.PORT ?? 3000);
const { url, server } = await start(faultline, { port });
installProcessGuards(faultline, { server });
console.log(`Example API on ${url}  —  try: curl -i ${url}/boom`);
