// Liveness, like nsqadmin's /ping: the process answers; it does not check NSQ.
export function GET() {
  return new Response('OK', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
