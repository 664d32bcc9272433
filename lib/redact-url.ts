// URLs in what the console shows or logs (GET /config, webhook failures, start-up errors) lose what
// may be secret: credentials, and a path or query, where webhook services put their tokens.

/** scheme://host, with "***" where credentials, a path or a query were; '' stays ''. */
export function redactUrl(raw: string): string {
  if (raw === '') return '';
  if (!URL.canParse(raw)) return '***';
  const u = new URL(raw);
  const auth = u.username || u.password ? '***@' : '';
  const rest = (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash ? '/***' : '';
  return `${u.protocol}//${auth}${u.host}${rest}`;
}
