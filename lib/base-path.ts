// Where the console is served: '' at the root, else nsqadmin's --base-path ("/nsq"). Next prefixes its
// own links, router, assets and routes; this is for the rest (fetch, raw <a href>, our redirects).
// Inlined at build time by next.config.js (`env`), so it is the same in the browser and on the server:
// '' in the root build, the placeholder in the sub-path build, replaced at start-up (scripts/base-path.ts).
export const BASE_PATH: string = process.env.CONSOLE_BASE_PATH ?? '';

/** An absolute path of this console ("/api/topics") as the browser must ask for it ("/nsq/api/topics"). */
export function withBasePath(path: string): string {
  return path === '/' && BASE_PATH !== '' ? BASE_PATH : `${BASE_PATH}${path}`;
}
