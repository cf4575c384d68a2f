// `npm run example`: an Express API with Faultline on 127.0.0.1:3000 (PORT). Try /ok and /boom.
// With FAULTLINE_DSN (the DSN `npm start` prints), every 5xx is reported to that collector,
// where /api/v1/incidents/<instance> finds it.
import { createFaultline, installProcessGuards } from '@faultline/server';
import { start } from './app.mjs';

const faultline = createFaultline({
  service: 'example-express',
  release: '0.1.0',
  dsn: process.env.FAULTLINE_DSN,
});
const port = Number(process.env.PORT ?? 3000);
const { url, server } = await start(faultline, { port });
installProcessGuards(faultline, { server });
console.log(`Example API on ${url}  —  try: curl -i ${url}/boom`);
console.log(
  process.env.FAULTLINE_DSN
    ? `Reporting 5xx to ${new URL(process.env.FAULTLINE_DSN).host}`
    : 'Not reporting: set FAULTLINE_DSN to the DSN `npm start` prints',
);
