// Serves the built dist/ on http://127.0.0.1:8080/ (JORNADA_PORT to change), as a static host would (gzip included).
import { startServer } from '../tests/e2e/harness.mjs';

const port = Number(process.env.JORNADA_PORT || 8080);
const { url } = await startServer({ prefix: '/', port, gzip: true });
console.log(`Jornada is served on ${url} (Ctrl-C to stop)`);
