// Passes a request on to a real server (an nsqd) and its answer back: the body of the test proxies
// that count or hold what the console asks nsqd.
import http from 'node:http';

export function forward(target: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const [host, port] = target.split(':');
  const upstream = http.request(
    { host, port: Number(port), path: req.url, method: req.method, headers: req.headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}
