import 'server-only';
// The one way this console talks HTTP to NSQ: a keep-alive pool with nsqadmin's connect and request
// timeouts, a response-size cap, res.ok, the legacy envelope, and a zod parse, failing with one typed
// error that names the node.
import { Agent, errors as undiciErrors, request } from 'undici';
import type { z } from 'zod';
import { legacyEnvelopeSchema } from './schemas';

export type UpstreamErrorKind = 'http' | 'timeout' | 'network' | 'parse';

export interface UpstreamErrorInfo {
  kind: UpstreamErrorKind;
  /** the upstream's address, host:port */
  node: string;
  status?: number;
  message: string;
}

export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  readonly node: string;
  readonly status?: number;

  constructor(info: UpstreamErrorInfo) {
    super(info.message);
    this.name = 'UpstreamError';
    this.kind = info.kind;
    this.node = info.node;
    this.status = info.status;
  }

  toJSON(): UpstreamErrorInfo {
    const { kind, node, status, message } = this;
    return status === undefined ? { kind, node, message } : { kind, node, status, message };
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

export interface HttpOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxResponseBytes?: number;
}

export interface NsqHttp {
  getJson<S extends z.ZodType>(node: string, pathAndQuery: string, schema: S): Promise<z.output<S>>;
  getText(node: string, pathAndQuery: string): Promise<string>;
  post(node: string, pathAndQuery: string): Promise<void>;
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
    return new UpstreamError({ kind: 'timeout', node, message: `${what} timed out (${what === 'connect' ? 'connect timeout' : `${timeoutMs}ms`})` });
  }
  if (err instanceof undiciErrors.ResponseExceededMaxSizeError) {
    return new UpstreamError({ kind: 'parse', node, message: 'response larger than the size cap' });
  }
  return new UpstreamError({ kind: 'network', node, message: code ? `${code} ${e.message ?? ''}`.trim() : (e.message ?? String(err)) });
}

function excerpt(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

/**
 * A response body as the schema's type: JSON, unwrapped from the pre-1.0 {status_code, status_txt,
 * data} envelope when it has one, then parsed; anything else is a typed 'parse' or 'http' error.
 */
export function decodeBody<S extends z.ZodType>(node: string, pathAndQuery: string, text: string, schema: S): z.output<S> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError({ kind: 'parse', node, message: `GET ${pathAndQuery}: not JSON: ${excerpt(text)}` });
  }
  const legacy = legacyEnvelopeSchema.safeParse(body);
  if (legacy.success) {
    if (legacy.data.status_code !== 200) {
      throw new UpstreamError({ kind: 'http', node, status: legacy.data.status_code, message: `GET ${pathAndQuery}: ${legacy.data.status_txt}` });
    }
    body = legacy.data.data;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new UpstreamError({ kind: 'parse', node, message: `GET ${pathAndQuery}: unexpected JSON at ${where}: ${issue?.message ?? 'invalid'}` });
  }
  return parsed.data;
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

export function createNsqHttp(opts: HttpOptions): NsqHttp {
  const dispatcher = new Agent({
    connect: { timeout: opts.connectTimeoutMs },
    headersTimeout: opts.requestTimeoutMs,
    bodyTimeout: opts.requestTimeoutMs,
    maxResponseSize: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    keepAliveTimeout: 30_000,
  });

  async function send(node: string, method: 'GET' | 'POST', pathAndQuery: string): Promise<string> {
    const url = upstreamUrl(node, pathAndQuery);
    try {
      const res = await request(url, {
        method,
        dispatcher,
        headers: { accept: NSQ_ACCEPT },
        signal: AbortSignal.timeout(opts.requestTimeoutMs),
      });
      const text = await res.body.text();
      if (res.statusCode < 200 || res.statusCode > 299) {
        throw new UpstreamError({ kind: 'http', node, status: res.statusCode, message: `${method} ${pathAndQuery}: HTTP ${res.statusCode} ${excerpt(text)}` });
      }
      return text;
    } catch (err) {
      throw classify(node, err, opts.requestTimeoutMs);
    }
  }

  return {
    async getJson(node, pathAndQuery, schema) {
      return decodeBody(node, pathAndQuery, await send(node, 'GET', pathAndQuery), schema);
    },
    getText: (node, pathAndQuery) => send(node, 'GET', pathAndQuery),
    async post(node, pathAndQuery) {
      await send(node, 'POST', pathAndQuery);
    },
    close: () => dispatcher.close(),
  };
}
