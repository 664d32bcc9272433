// Request bodies of the routes that change things, read only once the caller is authorized: JSON
// (or no Content-Type, as plain scripts send it), at most a fixed number of bytes, streamed and
// abandoned at the cap so that a large or endless (chunked) body is never buffered.
import { errorJson, json } from './respond';

/** Mutation bodies are a topic, a channel and an action: a few hundred bytes at most. */
export const MAX_MUTATION_BODY_BYTES = 16 * 1024;

/**
 * Why this request's Content-Type is not accepted for a JSON body, or null. Form encodings and
 * text/plain are what a page on another site can POST without a CORS preflight, and nothing of ours
 * sends them. No Content-Type is what scripts written for nsqadmin send (curl with -d and -H of its
 * own aside), so it is accepted, but not from a browser (Origin or Sec-Fetch-Site present): a page's
 * fetch with a Blob body of no type needs no preflight either.
 */
export function contentTypeProblem(headers: Headers): string | null {
  const contentType = headers.get('content-type');
  if (contentType === null || contentType.trim() === '') {
    const fromBrowser = headers.has('origin') || headers.has('sec-fetch-site');
    return fromBrowser ? 'the body must be JSON sent as Content-Type: application/json' : null;
  }
  const type = (contentType.split(';')[0] as string).trim().toLowerCase();
  if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return null;
  return `the body must be JSON sent as Content-Type: application/json, not ${type} (curl: add -H 'Content-Type: application/json', or use --json)`;
}

export type BodyText = { ok: true; text: string } | { ok: false; response: Response };

const tooLarge = (max: number): BodyText => ({
  ok: false,
  response: json({ message: 'REQUEST_TOO_LARGE', reason: `the body is larger than ${max} bytes` }, 413),
});

/** The body as text, or a 413 as soon as it is known to exceed max bytes; nothing past that is read. */
export async function readBodyText(req: Request, max: number): Promise<BodyText> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > max) {
    await req.body?.cancel().catch(() => undefined);
    return tooLarge(max);
  }
  if (req.body === null) return { ok: true, text: '' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return tooLarge(max);
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

/** A JSON body of at most max bytes, parsed but not yet validated; or the answer that refuses it. */
export async function readJsonBody(
  req: Request,
  max = MAX_MUTATION_BODY_BYTES,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const typeProblem = contentTypeProblem(req.headers);
  if (typeProblem !== null) {
    await req.body?.cancel().catch(() => undefined);
    return { ok: false, response: json({ message: 'UNSUPPORTED_MEDIA_TYPE', reason: typeProblem }, 415) };
  }
  const body = await readBodyText(req, max);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch {
    return { ok: false, response: errorJson(400, 'INVALID_BODY: not JSON') };
  }
}
