// What NSQ answers, as typed values: JSON, unwrapped from the pre-1.0 {status_code, status_txt, data}
// envelope when it has one, checked against a zod schema (lib/nsq/schemas.ts). Anything else fails
// with a typed 'parse' error (an envelope's error status: 'http') that names the node. The bytes come
// from lib/nsq/http.ts, which knows nothing of what they say.
import type { z } from 'zod';
import { excerpt, type NsqHttp, UpstreamError } from './http';
import { legacyEnvelopeSchema } from './schemas';

/** A response body as JSON, unwrapped from the legacy envelope when it has one. */
function jsonBody(node: string, pathAndQuery: string, text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError({
      kind: 'parse',
      node,
      message: `GET ${pathAndQuery}: not JSON`,
      upstream_body: excerpt(text),
    });
  }
  const legacy = legacyEnvelopeSchema.safeParse(body);
  if (!legacy.success) return body;
  if (legacy.data.status_code !== 200) {
    throw new UpstreamError({
      kind: 'http',
      node,
      status: legacy.data.status_code,
      message: `GET ${pathAndQuery}: status_code ${legacy.data.status_code}`,
      upstream_body: excerpt(legacy.data.status_txt),
    });
  }
  return legacy.data.data;
}

function schemaError(node: string, pathAndQuery: string, error: z.ZodError): UpstreamError {
  const issue = error.issues[0];
  const where = issue?.path.join('.') || '(root)';
  return new UpstreamError({
    kind: 'parse',
    node,
    message: `GET ${pathAndQuery}: unexpected JSON at ${where}: ${issue?.message ?? 'invalid'}`,
  });
}

/** A response body as the schema's type: JSON (see jsonBody), then parsed; anything else is a typed 'parse' or 'http' error. */
export function decodeBody<S extends z.ZodType>(
  node: string,
  pathAndQuery: string,
  text: string,
  schema: S,
): z.output<S> {
  const parsed = schema.safeParse(jsonBody(node, pathAndQuery, text));
  if (!parsed.success) throw schemaError(node, pathAndQuery, parsed.error);
  return parsed.data;
}

/**
 * Like decodeBody, for a schema without defaults or transforms (its input type is its output): the
 * parsed JSON is checked where it lies (zod's validate) and returned as it is, not copied. Only a body
 * that fails is parsed again, for the issue to report.
 */
export function checkBody<T>(node: string, pathAndQuery: string, text: string, schema: z.ZodType<T, T>): T {
  const body = jsonBody(node, pathAndQuery, text);
  if (schema.validate(body)) return body;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw schemaError(node, pathAndQuery, parsed.error);
}

/** GET `pathAndQuery` of `node` as the schema's type. */
export async function getJson<S extends z.ZodType>(
  http: NsqHttp,
  node: string,
  pathAndQuery: string,
  schema: S,
): Promise<z.output<S>> {
  return decodeBody(node, pathAndQuery, await http.getText(node, pathAndQuery), schema);
}
