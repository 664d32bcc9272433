// nsqadmin's upgrade to HTTPS, against two local servers standing in for an nsqd with --tls-required:
// plain HTTP answering every request with 403 TLS_REQUIRED, and HTTPS with a certificate from a test CA.
// (lib/nsq/tls.int.test.ts does the same against a real nsqd.)
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestPki, type TestPki } from '../../test/tls-certs';
import { getJson } from './decode';
import { createNsqHttp, httpsUrl, type NsqHttp, tlsRequiredPort, upstreamUrl } from './http';

let pki: TestPki;
let plain: http.Server;
let secure: https.Server;
let node: string;
let httpsPort: number;
const hits = { http: 0, https: 0 };
const clients: NsqHttp[] = [];

const listen = (s: http.Server) =>
  new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  pki = makeTestPki();
  secure = https.createServer(
    {
      cert: readFileSync(pki.serverCert),
      key: readFileSync(pki.serverKey),
      ca: readFileSync(pki.caCert),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      hits.https++;
      const socket = req.socket as import('node:tls').TLSSocket;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ path: req.url, method: req.method, client: socket.getPeerCertificate()?.subject?.CN ?? null }),
      );
    },
  );
  httpsPort = await listen(secure);
  plain = http.createServer((_req, res) => {
    hits.http++;
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'x-nsq-content-type': 'nsq; version=1.0' });
    res.end(`{"message": "TLS_REQUIRED", "https_port": ${httpsPort}}`);
  });
  node = `127.0.0.1:${await listen(plain)}`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await new Promise((r) => plain?.close(r));
  await new Promise((r) => secure?.close(r));
  pki?.remove();
});

const client = (tls?: Parameters<typeof createNsqHttp>[0]['tls']) => {
  const c = createNsqHttp({ connectTimeoutMs: 1000, requestTimeoutMs: 2000, tls });
  clients.push(c);
  return c;
};
const answer = z.object({ path: z.string(), method: z.string(), client: z.string().nullable() });

describe('the 403 TLS_REQUIRED upgrade', () => {
  it('retries over https on the port nsqd named, then goes there directly', async () => {
    const c = client({ rejectUnauthorized: true, ca: readFileSync(pki.caCert, 'utf8') });
    hits.http = hits.https = 0;
    expect(await getJson(c, node, '/stats?format=json', answer)).toEqual({
      path: '/stats?format=json',
      method: 'GET',
      client: null,
    });
    expect(hits).toEqual({ http: 1, https: 1 });
    await c.post(node, '/topic/pause?topic=t');
    expect(await c.getText(node, '/ping')).toContain('"path":"/ping"');
    expect(hits).toEqual({ http: 1, https: 3 });
  });

  it('sends the client certificate for mutual TLS', async () => {
    const c = client({
      rejectUnauthorized: true,
      ca: readFileSync(pki.caCert, 'utf8'),
      cert: readFileSync(pki.clientCert, 'utf8'),
      key: readFileSync(pki.clientKey, 'utf8'),
    });
    expect((await getJson(c, node, '/stats', answer)).client).toBe('client');
  });

  it('names the TLS problem and the flag to give when the certificate is not trusted', async () => {
    for (const tls of [undefined, { rejectUnauthorized: true, ca: readFileSync(pki.otherCaCert, 'utf8') }]) {
      const err = await getJson(client(tls), node, '/stats', answer).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'UpstreamError', kind: 'network', node });
      expect((err as Error).message).toMatch(
        new RegExp(
          `^GET /stats: nsqd requires TLS; https://127\\.0\\.0\\.1:${httpsPort}: TLS: certificate not trusted .*--http-client-tls-root-ca-file`,
        ),
      );
    }
  });

  it('skips verification with insecure-skip-verify', async () => {
    expect((await getJson(client({ rejectUnauthorized: false }), node, '/stats', answer)).path).toBe('/stats');
  });

  it('forgets the https port after a failure, so a node that dropped TLS is asked over http again', async () => {
    const c = client({ rejectUnauthorized: false });
    await c.getText(node, '/ping');
    await new Promise((r) => secure.close(r));
    secure.closeAllConnections();
    hits.http = 0;
    await expect(c.getText(node, '/ping')).rejects.toThrow(
      new RegExp(`^GET /ping: nsqd requires TLS; https://127\\.0\\.0\\.1:${httpsPort}: connect ECONNREFUSED`),
    );
    expect(hits.http).toBe(0);
    await expect(c.getText(node, '/ping')).rejects.toThrow(/ECONNREFUSED/);
    expect(hits.http).toBe(1);
  });
});

describe('tlsRequiredPort', () => {
  it('reads https_port from nsqd’s reply and nothing else', () => {
    expect(tlsRequiredPort('{"message": "TLS_REQUIRED", "https_port": 4152}')).toBe(4152);
    expect(tlsRequiredPort('{"message": "FORBIDDEN"}')).toBeNull();
    expect(tlsRequiredPort('{"https_port": 0}')).toBeNull();
    expect(tlsRequiredPort('{"https_port": "4152"}')).toBeNull();
    expect(tlsRequiredPort('{"https_port": 70000}')).toBeNull();
    expect(tlsRequiredPort('forbidden')).toBeNull();
    expect(tlsRequiredPort('null')).toBeNull();
  });
});

describe('httpsUrl', () => {
  it('changes only the scheme and the port, never the host or the path', () => {
    expect(httpsUrl(upstreamUrl('nsqd-1:4151', '/stats?format=json'), 4152).href).toBe(
      'https://nsqd-1:4152/stats?format=json',
    );
    expect(httpsUrl(upstreamUrl('[::1]:4151', '/ping'), 443).href).toBe('https://[::1]/ping');
  });
});

describe('getBytes', () => {
  it('gives each body its own bytes, a short one after a long one from the same path included', async () => {
    let long = true;
    const server = http.createServer((_req, res) => res.end(long ? 'L'.repeat(100_000) : 'short'));
    const at = `127.0.0.1:${await listen(server)}`;
    const c = client();
    try {
      const first = await c.getBytes(at, '/stats');
      long = false;
      const second = await c.getBytes(at, '/stats');
      expect(second.toString()).toBe('short');
      expect(first.toString()).toBe('L'.repeat(100_000));
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
