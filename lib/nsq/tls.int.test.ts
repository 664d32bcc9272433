// TLS to nsqd, as nsqadmin does it, against real nsqd v1.3.0 with --tls-required: the console asks over
// http://, nsqd answers 403 {"https_port": ...}, and the console asks again over https:// with its
// --http-client-tls-* settings. Certificates are made for the test (test/tls-certs.ts).
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { eventually, getJson } from '../../test/http-json';
import { makeTestPki, type TestPki } from '../../test/tls-certs';
import type { ClusterSnapshot } from '../cluster/types';

const POLL = '--poll-interval=500ms';
const TOPIC = 'secure_orders';

let pki: TestPki;
/** --tls-required: every client that trusts the CA is served */
let tlsOnly: NsqCluster;
/** --tls-required and --tls-client-auth-policy=require-verify: clients need a certificate from the CA */
let mutual: NsqCluster;
const consoles: ConsoleServer[] = [];

const nsqdA = () => tlsOnly.nsqds[0] as NsqCluster['nsqds'][number];
const nsqdB = () => mutual.nsqds[0] as NsqCluster['nsqds'][number];

/** A POST straight to nsqd over HTTPS, as a TLS client of the test CA (with the client certificate). */
function nsqdPost(httpsAddress: string, path: string, body = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `https://${httpsAddress}${path}`,
      {
        method: 'POST',
        agent: false,
        ca: readFileSync(pki.caCert),
        cert: readFileSync(pki.clientCert),
        key: readFileSync(pki.clientKey),
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`POST ${path}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function seed(httpsAddress: string, messages: number) {
  await nsqdPost(httpsAddress, `/topic/create?topic=${TOPIC}`);
  await nsqdPost(httpsAddress, `/channel/create?topic=${TOPIC}&channel=billing`);
  await nsqdPost(httpsAddress, `/mpub?topic=${TOPIC}`, Array.from({ length: messages }, (_, i) => `m${i}`).join('\n'));
}

async function consoleFor(args: string[]) {
  const c = await startConsole([...args, POLL]);
  consoles.push(c);
  return c;
}

const nodesOf = async (c: ConsoleServer) =>
  (await getJson<ClusterSnapshot>(`${c.url}/api/cluster?topics=false`)).body.nodes;

beforeAll(async () => {
  pki = makeTestPki();
  const tls = { certFile: pki.serverCert, keyFile: pki.serverKey, rootCaFile: pki.caCert, required: true };
  [tlsOnly, mutual] = await Promise.all([
    startCluster({ nsqdCount: 1, withLookupd: false, tls }),
    startCluster({ nsqdCount: 1, withLookupd: false, tls: { ...tls, clientAuthPolicy: 'require-verify' } }),
  ]);
  await seed(nsqdA().httpsAddress, 5);
  await seed(nsqdB().httpsAddress, 3);
});

afterAll(async () => {
  await Promise.all(consoles.map((c) => c.stop()));
  await tlsOnly?.stop();
  await mutual?.stop();
  pki?.remove();
});

describe('an nsqd with --tls-required', () => {
  it('answers plain HTTP with 403 and its https port (what the console upgrades on)', async () => {
    const { status, body } = await getJson<{ message: string; https_port: number }>(
      `http://${nsqdA().httpAddress}/stats`,
    );
    expect(status).toBe(403);
    expect(body).toEqual({ message: 'TLS_REQUIRED', https_port: Number(nsqdA().httpsAddress.split(':')[1]) });
  });

  it('is read over HTTPS with the CA from --http-client-tls-root-ca-file', async () => {
    const c = await consoleFor([
      `--nsqd-http-address=${nsqdA().httpAddress}`,
      `--http-client-tls-root-ca-file=${pki.caCert}`,
    ]);
    const { body: list } = await eventually(
      () => getJson<{ topics: string[]; message: string }>(`${c.url}/api/topics`),
      (r) => r.body.topics.includes(TOPIC),
      `${TOPIC} in /api/topics`,
    );
    expect(list.message).toBe('');
    const { status, body } = await getJson<{
      depth: number;
      message_count: number;
      message: string;
      nodes: { node: string; depth: number; message_count: number }[];
      channels: { channel_name: string; depth: number; message_count: number }[];
    }>(`${c.url}/api/topics/${TOPIC}`);
    expect(status).toBe(200);
    // the channel existed before the messages were published, so they sit in the channel, not the topic
    expect(body).toMatchObject({ depth: 0, message_count: 5, message: '' });
    expect(body.nodes).toEqual([expect.objectContaining({ node: nsqdA().httpAddress, depth: 0, message_count: 5 })]);
    expect(body.channels).toEqual([expect.objectContaining({ channel_name: 'billing', depth: 5, message_count: 5 })]);
    const [node] = await nodesOf(c);
    expect(node).toMatchObject({ node: nsqdA().httpAddress, status: 'up', error: null });
  });

  it('shows a clear TLS error on the node without the CA (and without insecure-skip-verify)', async () => {
    const c = await consoleFor([`--nsqd-http-address=${nsqdA().httpAddress}`]);
    const [node] = await eventually(
      () => nodesOf(c),
      (n) => n[0]?.error != null,
      'a node error',
    );
    expect(node).toMatchObject({ status: 'down', error: { kind: 'network', node: nsqdA().httpAddress } });
    expect(node?.error?.message).toMatch(
      new RegExp(
        `nsqd requires TLS; https://${nsqdA().httpsAddress.replaceAll('.', '\\.')}: TLS: certificate not trusted .*--http-client-tls-root-ca-file`,
      ),
    );
    const { body } = await getJson<{ message: string }>(`${c.url}/api/topics`);
    expect(body.message).toMatch(/TLS: certificate not trusted/);
  });

  it('reads without the CA with --http-client-tls-insecure-skip-verify', async () => {
    const c = await consoleFor([
      `--nsqd-http-address=${nsqdA().httpAddress}`,
      '--http-client-tls-insecure-skip-verify',
    ]);
    const [node] = await eventually(
      () => nodesOf(c),
      (n) => n[0]?.status === 'up',
      'the node up',
    );
    expect(node?.message_count).toBe(5);
  });
});

describe('an nsqd that also requires client certificates (mutual TLS)', () => {
  it('is read, and changed, with --http-client-tls-cert and --http-client-tls-key; without them the node says so', async () => {
    const addresses = [`--nsqd-http-address=${nsqdA().httpAddress}`, `--nsqd-http-address=${nsqdB().httpAddress}`];
    const [withCert, withoutCert] = await Promise.all([
      consoleFor([
        ...addresses,
        `--http-client-tls-root-ca-file=${pki.caCert}`,
        `--http-client-tls-cert=${pki.clientCert}`,
        `--http-client-tls-key=${pki.clientKey}`,
      ]),
      consoleFor([...addresses, `--http-client-tls-root-ca-file=${pki.caCert}`]),
    ]);

    const topic = await eventually(
      () =>
        getJson<{ message_count: number; nodes: { node: string; message_count: number }[] }>(
          `${withCert.url}/api/topics/${TOPIC}`,
        ),
      (r) => r.status === 200 && r.body.nodes.length === 2,
      'both nodes on the topic',
    );
    expect(topic.body.message_count).toBe(8);
    expect(Object.fromEntries(topic.body.nodes.map((n) => [n.node, n.message_count]))).toEqual({
      [nsqdA().httpAddress]: 5,
      [nsqdB().httpAddress]: 3,
    });

    // an action goes over HTTPS too: POST /topic/pause on both nodes
    const res = await fetch(`${withCert.url}/api/topics/${TOPIC}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'pause' }),
    });
    expect(res.status).toBe(200);
    const paused = await getJson<{ paused: boolean }>(`${withCert.url}/api/topics/${TOPIC}`);
    expect(paused.body.paused).toBe(true);

    const nodes = await eventually(
      () => nodesOf(withoutCert),
      (n) => n.length === 2 && n.some((x) => x.error != null) && n.some((x) => x.status === 'up'),
      'one node up and one down',
    );
    const b = nodes.find((n) => n.node === nsqdB().httpAddress);
    expect(nodes.find((n) => n.node === nsqdA().httpAddress)?.status).toBe('up');
    expect(b?.status).toBe('down');
    expect(b?.error?.message).toMatch(
      /nsqd requires TLS; https:\/\/.*: TLS: .*--http-client-tls-cert and --http-client-tls-key/,
    );
  });
});
