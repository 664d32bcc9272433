import { describe, expect, it } from 'vitest';
import { contentTypeProblem, readBodyText, readJsonBody } from './body';

/** A request whose body is a stream of n chunks of size bytes, counting how many were pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled === chunks) return c.close();
      pulled++;
      c.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  const req = new Request('http://console/api/topics', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
  return { req, pulled: () => pulled };
}

describe('contentTypeProblem', () => {
  const typed = (t: string | null, more: Record<string, string> = {}) =>
    new Headers(t === null ? more : { 'content-type': t, ...more });

  it('accepts JSON and no content type, and refuses what a cross-site form can send', () => {
    for (const t of [null, '', 'application/json', 'Application/JSON; charset=utf-8', 'application/vnd.api+json'])
      expect(contentTypeProblem(typed(t)), String(t)).toBeNull();
    for (const t of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain;charset=UTF-8',
    ]) {
      expect(contentTypeProblem(typed(t)), t).toMatch(/Content-Type: application\/json/);
    }
  });

  it('refuses a body of no type from a browser, which a page can send without a preflight', () => {
    const browsers: Record<string, string>[] = [
      { origin: 'https://elsewhere.example' },
      { 'sec-fetch-site': 'same-origin' },
    ];
    for (const browser of browsers) {
      expect(contentTypeProblem(typed(null, browser))).toMatch(/Content-Type: application\/json/);
      expect(contentTypeProblem(typed('application/json', browser))).toBeNull();
    }
  });
});

describe('readBodyText', () => {
  it('reads a body within the cap', async () => {
    const { req } = streamed(2, 100);
    expect(await readBodyText(req, 1024)).toEqual({ ok: true, text: ' '.repeat(200) });
  });

  it('stops at the first chunk past the cap of an endless body, with 413', async () => {
    const { req, pulled } = streamed(Number.POSITIVE_INFINITY, 1024);
    const r = await readBodyText(req, 16 * 1024);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.response.status).toBe(413);
    // the stream may have one chunk queued ahead of the reader, no more
    expect(pulled()).toBeLessThanOrEqual(18);
  });

  it('refuses a declared length over the cap without reading anything', async () => {
    const { req, pulled } = streamed(1000, 1024, { 'content-length': String(1024 * 1000) });
    const r = await readBodyText(req, 16 * 1024);
    expect(r.ok ? 200 : r.response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(1);
  });
});

describe('readJsonBody', () => {
  it('answers 415 for a form body and 400 for text that is not JSON', async () => {
    const form = await readJsonBody(
      new Request('http://c/', {
        method: 'POST',
        body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(form.ok ? 200 : form.response.status).toBe(415);
    const bad = await readJsonBody(
      new Request('http://c/', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } }),
    );
    expect(bad.ok ? 200 : bad.response.status).toBe(400);
    // a script that sets no Content-Type (a string body would get text/plain here)
    const bare = new Request('http://c/', { method: 'POST', body: '{"action":"pause"}' });
    bare.headers.delete('content-type');
    const good = await readJsonBody(bare);
    expect(good).toEqual({ ok: true, value: { action: 'pause' } });
  });
});
