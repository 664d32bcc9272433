// `npm start -- <flags>`: runs the launcher that `npm run build` bundled beside the standalone server,
// the same file the container runs (`node start.mjs`).
import { existsSync } from 'node:fs';

const launcher = new URL('../.next/standalone/start.mjs', import.meta.url);
if (!existsSync(launcher)) {
  process.stderr.write('nsq-console: no production build found; run `npm run build` first\n');
  process.exit(1);
}
await import(launcher.href);
