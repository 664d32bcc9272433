// Next's standalone output leaves static assets out (they are meant for a CDN); the console serves
// them itself, so copy them beside the standalone server, as Next's documentation describes.
import { cpSync, existsSync } from 'node:fs';

const target = '.next/standalone';
if (!existsSync(target)) {
  console.error('copy-standalone-assets: .next/standalone is missing; is output: "standalone" set?');
  process.exit(1);
}
cpSync('.next/static', `${target}/.next/static`, { recursive: true });
if (existsSync('public')) cpSync('public', `${target}/public`, { recursive: true });
