import 'server-only';
// The one way this console talks HTTP to NSQ: a keep-alive pool with nsqadmin's connect and request
// timeouts, a response-size cap and res.ok, failing with one typed error that names the node. What the
// bodies say is read elsewhere (lib/nsq/decode.ts, lib/nsq/poll-stats.ts). Like nsqadmin, every node
// is first asked over http://, and an nsqd that
// answers 403 with an https_port (its TLS_REQUIRED reply) is asked again, once, over https:// on that
// port with the --http-client-tls-* settings; the port is remembered so later calls go there directly.
import { once } from 'node:events';
import { Agent, request, errors as undiciErrors } from 'undici';

/** 'refused': not contacted at all, the address being outside --nsqd-allow (lib/nsq/allow.ts) */
export type UpstreamErrorKind = 'http' | 'timeout' | 'network' | 'parse' | 'refused';

export interface UpstreamErrorInfo {
  kind: UpstreamErrorKind;
  /** the upstream's address, host:port */
  node: string;
  status?: number;
  /** this console's words, never the upstream's */
  message: string;
  /**
   * The start of what the upstream answered, when that is what failed. Whoever registers with
   * nsqlookupd picks what answers, so only callers who may change the cluster are shown it
   * (lib/api/upstream-text.ts).
   */
  upstream_body?: string;
}

export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  readonly node: string;
  readonly status?: number;
  readonly upstreamBody?: string;

  constructor(info: UpstreamErrorInfo) {
    super(info.message);
    this.name = 'UpstreamError';
    this.kind = info.kind;
    this.node = info.node;
    this.status = info.status;
    this.upstreamBody = info.upstream_body;
  }

  toJSON(): UpstreamErrorInfo {
    const { kind, node, status, message, upstreamBody } = this;
    return {
      kind,
      node,
      ...(status === undefined ? {} : { status }),
      message,
      ...(upstreamBody === undefined ? {} : { upstream_body: upstreamBody }),
    };
  }
}

/**
 * Whether this is an UpstreamError. Checked by shape, not instanceof: Next.js bundles this module more
 * than once (the shared runtime and each route), and each copy has its own class.
 */
export function isUpstreamError(e: unknown): e is UpstreamError {
  return e instanceof Error && e.name === 'UpstreamError' && typeof (e as { kind?: unknown }).kind === 'string';
}

/** Any failure of a call to `node`, as the one typed upstream error. */
export function errorInfo(e: unknown, node: string): UpstreamErrorInfo {
  return isUpstreamError(e) ? e.toJSON() : { kind: 'network', node, message: String(e) };
}

export const NSQ_ACCEPT = 'application/vnd.nsq; version=1.0';
/** A 1,000-topic × 4-channel nsqd answers about 1.4 MB; clients can make it far larger. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** undici's TLS connect options (see lib/tls-files.ts for where they come from). */
export interface TlsOptions {
  rejectUnauthorized: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export interface HttpOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxResponseBytes?: number;
  /** for nodes that require TLS; without it, certificates are checked against Node's own CA list */
  tls?: TlsOptions;
  /** why this request may not be made (--nsqd-allow), or null; asked before every request */
  refuse?: (node: string, path: string) => string | null;
}

export interface NsqHttp {
  getText(node: string, pathAndQuery: string): Promise<string>;
  /**
   * The body undecoded, for a caller that reads the bytes themselves (the poller's /stats:
   * lib/nsq/poll-stats.ts). It is read into a buffer the size of the last body from the same node
   * and path, so a large body is not grown chunk by chunk.
   */
  getBytes(node: string, pathAndQuery: string): Promise<Buffer>;
  post(node: string, pathAndQuery: string): Promise<void>;
  /** A POST with a body (nsqd's /pub and /mpub), answering nsqd's reply text ("OK"). */
  postBody(node: string, pathAndQuery: string, body: Buffer): Promise<string>;
  close(): Promise<void>;
}

function classify(node: string, err: unknown, timeoutMs: number): UpstreamError {
  if (isUpstreamError(err)) return err;
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  if (
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect' : 'request';
    return new UpstreamError({
      kind: 'timeout',
      node,
      message: `${what} timed out (${what === 'connect' ? 'connect timeout' : `${timeoutMs}ms`})`,
    });
  }
  if (err instanceof undiciErrors.ResponseExceededMaxSizeError) {
    return new UpstreamError({ kind: 'parse', node, message: 'response larger than the size cap' });
  }
  return new UpstreamError({
    kind: 'network',
    node,
    message: code ? `${code} ${e.message ?? ''}`.trim() : (e.message ?? String(err)),
  });
}

/** The start of what an upstream answered, on one line, for an error's upstream_body. */
export function excerpt(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

/**
 * http://<node><path>, refusing a node address that would reach another host or path. Node
 * addresses come from nsqlookupd, where any nsqd can register any broadcast_address, so a value
 * like "169.254.169.254/latest#" must not turn into a request somewhere else.
 */
export function upstreamUrl(node: string, pathAndQuery: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(`http://${node}${pathAndQuery}`);
  } catch {
    url = null;
  }
  if (!url || url.host !== node.toLowerCase() || !/^[A-Za-z0-9._\-[\]:]+$/.test(node)) {
    throw new UpstreamError({ kind: 'network', node, message: 'not a host:port address; refused' });
  }
  return url;
}

/**
 * The https port in nsqd's TLS_REQUIRED reply (`403 {"message": "TLS_REQUIRED", "https_port": 4152}`),
 * or null when a 403 body is anything else (then the 403 stands, as an http error).
 */
export function tlsRequiredPort(body: string): number | null {
  try {
    const port = (JSON.parse(body) as { https_port?: unknown } | null)?.https_port;
    return Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535 ? (port as number) : null;
  } catch {
    return null;
  }
}

/**
 * The same request over https:// on another port of the same host: only the scheme and the port
 * change, so the upstreamUrl guard (never another host) still holds.
 */
export function httpsUrl(httpUrl: URL, port: number): URL {
  const url = new URL(httpUrl);
  url.protocol = 'https:';
  url.port = String(port);
  return url;
}

/** Node's TLS error codes that mean "this certificate is not trusted" (no or the wrong CA). */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** A failure of the https:// retry in words an operator can act on: for TLS failures, which flag to give. */
function httpsFailure(code: string | undefined, message: string): string {
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
  if (code && UNTRUSTED.has(code)) {
    return `TLS: certificate not trusted (${detail}); give its CA with --http-client-tls-root-ca-file, or use --http-client-tls-insecure-skip-verify`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: certificate does not name this host (${detail})`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `TLS: certificate not valid now (${detail})`;
  // A server that wants a client certificate refuses the handshake (TLS 1.2: an alert) or, under TLS 1.3,
  // closes the connection once the handshake is done, which undici reports as "other side closed".
  const CLIENT_CERT =
    'if nsqd requires client certificates (--tls-client-auth-policy), give --http-client-tls-cert and --http-client-tls-key';
  if (/certificate required|handshake failure|bad certificate|unknown ca/i.test(message))
    return `TLS: handshake refused (${detail}); ${CLIENT_CERT}`;
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')
    return `TLS: connection closed by nsqd (${detail}); ${CLIENT_CERT}`;
  if (/^(ERR_TLS|ERR_SSL|CERT_)/.test(code ?? '') || /\b(SSL|TLS)\b|certificate/i.test(message))
    return `TLS: ${detail}`;
  return detail;
}

export function createNsqHttp(opts: HttpOptions): NsqHttp {
  const tls = opts.tls ?? { rejectUnauthorized: true };
  const dispatcher = new Agent({
    // the TLS options only apply to https:// origins
    connect: { timeout: opts.connectTimeoutMs, ...tls },
    headersTimeout: opts.requestTimeoutMs,
    bodyTimeout: opts.requestTimeoutMs,
    maxResponseSize: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    keepAliveTimeout: 30_000,
  });
  /** node (its http address) → the https port its TLS_REQUIRED reply named */
  const httpsPorts = new Map<string, number>();

  interface Exchanged {
    status: number;
    body: Buffer;
  }
  const text = (res: Exchanged) => res.body.toString();
  /** node + path → the length of the last body getBytes read there: the size of the next one's buffer */
  const lastLength = new Map<string, number>();

  /**
   * The body is copied into one buffer as each chunk arrives, so a socket's read buffer is garbage
   * the moment it is read rather than held until the body is whole. That buffer is `into`
   * when given; without it the first chunk sizes it, so a small answer costs its own size. It grows
   * by doubling when the body is longer.
   */
  async function exchange(method: 'GET' | 'POST', url: URL, into?: Buffer, payload?: Buffer): Promise<Exchanged> {
    const res = await request(url, {
      method,
      dispatcher,
      headers: { accept: NSQ_ACCEPT },
      body: payload,
      signal: AbortSignal.timeout(opts.requestTimeoutMs),
    });
    let body = into ?? Buffer.allocUnsafeSlow(0);
    let length = 0;
    res.body.on('data', (chunk: Buffer) => {
      if (length + chunk.length > body.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(length + chunk.length, body.length * 2));
        body.copy(grown, 0, 0, length);
        body = grown;
      }
      length += chunk.copy(body, length);
    });
    await once(res.body, 'end');
    return { status: res.statusCode, body: body.subarray(0, length) };
  }

  async function overHttps(
    node: string,
    method: 'GET' | 'POST',
    pathAndQuery: string,
    url: URL,
    into: Buffer | undefined,
    payload: Buffer | undefined,
  ) {
    try {
      return await exchange(method, url, into, payload);
    } catch (err) {
      // Forget the port: if the node dropped TLS or moved it, the next call starts over with http://.
      httpsPorts.delete(node);
      const e = classify(node, err, opts.requestTimeoutMs);
      if (e.kind !== 'network') throw e;
      const c = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
      const code = c.code ?? c.cause?.code;
      const message = c.cause?.message ?? c.message ?? String(err);
      throw new UpstreamError({
        kind: 'network',
        node,
        message: `${method} ${pathAndQuery}: nsqd requires TLS; ${url.origin}: ${httpsFailure(code, message)}`,
      });
    }
  }

  async function send(
    node: string,
    method: 'GET' | 'POST',
    pathAndQuery: string,
    into?: Buffer,
    payload?: Buffer,
  ): Promise<Exchanged> {
    const refusal = opts.refuse?.(node, pathAndQuery.split('?')[0] as string) ?? null;
    if (refusal !== null) throw new UpstreamError({ kind: 'refused', node, message: refusal });
    const url = upstreamUrl(node, pathAndQuery);
    let res: Exchanged;
    try {
      const known = httpsPorts.get(node);
      if (known !== undefined) {
        res = await overHttps(node, method, pathAndQuery, httpsUrl(url, known), into, payload);
      } else {
        res = await exchange(method, url, into, payload);
        const port = res.status === 403 ? tlsRequiredPort(text(res)) : null;
        if (port !== null) {
          httpsPorts.set(node, port);
          res = await overHttps(node, method, pathAndQuery, httpsUrl(url, port), into, payload);
        }
      }
    } catch (err) {
      throw classify(node, err, opts.requestTimeoutMs);
    }
    if (res.status < 200 || res.status > 299) {
      throw new UpstreamError({
        kind: 'http',
        node,
        status: res.status,
        message: `${method} ${pathAndQuery}: HTTP ${res.status}`,
        upstream_body: excerpt(text(res)),
      });
    }
    return res;
  }

  return {
    getText: async (node, pathAndQuery) => text(await send(node, 'GET', pathAndQuery)),
    async getBytes(node, pathAndQuery) {
      const key = `${node} ${pathAndQuery}`;
      const expected = lastLength.get(key) ?? 0;
      // a sixteenth more than the last body, for growth
      const into = expected > 0 ? Buffer.allocUnsafeSlow(expected + (expected >> 4)) : undefined;
      const { body } = await send(node, 'GET', pathAndQuery, into);
      lastLength.set(key, body.length);
      return body;
    },
    async post(node, pathAndQuery) {
      await send(node, 'POST', pathAndQuery);
    },
    postBody: async (node, pathAndQuery, payload) => text(await send(node, 'POST', pathAndQuery, undefined, payload)),
    close: () => dispatcher.close(),
  };
}
