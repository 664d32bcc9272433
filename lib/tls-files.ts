// nsqadmin's --http-client-tls-* files: read and checked once by the launcher (a missing or unreadable
// file, or a key that does not match its certificate, stops start-up), read again by the server runtime
// to build the TLS options of the one HTTP client. Plain node:crypto: the launcher imports this too.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TlsConfig {
  /** nsqadmin's --http-client-tls-insecure-skip-verify */
  insecureSkipVerify: boolean;
  /** absolute paths (the server runs in another working directory than the one it was started from) */
  rootCaFile: string | null;
  certFile: string | null;
  keyFile: string | null;
}

/** What undici's Agent takes under `connect` for https:// upstreams. */
export interface TlsMaterial {
  rejectUnauthorized: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export type TlsFlag = 'http-client-tls-root-ca-file' | 'http-client-tls-cert' | 'http-client-tls-key';

export interface TlsProblem {
  flag: TlsFlag;
  reason: string;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function read(path: string, flag: TlsFlag, problems: TlsProblem[]): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    problems.push({ flag, reason: (e as Error).message });
    return null;
  }
}

/** Every certificate of a PEM file, each parsed; a problem when there is none or one does not parse. */
function certificates(text: string, flag: TlsFlag, problems: TlsProblem[]): X509Certificate[] {
  const blocks = text.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) {
    problems.push({ flag, reason: 'no PEM certificate ("-----BEGIN CERTIFICATE-----") in the file' });
    return [];
  }
  const certs: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      certs.push(new X509Certificate(block));
    } catch (e) {
      problems.push({ flag, reason: `certificate ${i + 1} does not parse: ${(e as Error).message}` });
    }
  }
  return certs;
}

/**
 * The TLS options for the upstream client, with every problem found (nothing is thrown): files that
 * cannot be read, PEM that does not parse, a certificate without its key or the reverse, a key that
 * does not belong to the certificate.
 */
export function loadTlsMaterial(tls: TlsConfig): { material: TlsMaterial; problems: TlsProblem[] } {
  const problems: TlsProblem[] = [];
  const material: TlsMaterial = { rejectUnauthorized: !tls.insecureSkipVerify };

  if (tls.rootCaFile !== null) {
    const text = read(tls.rootCaFile, 'http-client-tls-root-ca-file', problems);
    if (text !== null && certificates(text, 'http-client-tls-root-ca-file', problems).length > 0) material.ca = text;
  }

  // nsqadmin: "--http-client-tls-cert requires --http-client-tls-key", and the reverse
  if (tls.certFile !== null && tls.keyFile === null) {
    problems.push({ flag: 'http-client-tls-cert', reason: 'requires --http-client-tls-key' });
  } else if (tls.keyFile !== null && tls.certFile === null) {
    problems.push({ flag: 'http-client-tls-key', reason: 'requires --http-client-tls-cert' });
  } else if (tls.certFile !== null && tls.keyFile !== null) {
    const certText = read(tls.certFile, 'http-client-tls-cert', problems);
    const keyText = read(tls.keyFile, 'http-client-tls-key', problems);
    const [leaf] = certText === null ? [] : certificates(certText, 'http-client-tls-cert', problems);
    let key: ReturnType<typeof createPrivateKey> | null = null;
    if (keyText !== null) {
      try {
        key = createPrivateKey(keyText);
      } catch (e) {
        problems.push({ flag: 'http-client-tls-key', reason: `not a usable private key: ${(e as Error).message}` });
      }
    }
    if (leaf && key) {
      if (leaf.checkPrivateKey(key)) {
        material.cert = certText as string;
        material.key = keyText as string;
      } else {
        problems.push({ flag: 'http-client-tls-key', reason: `does not belong to the certificate in ${tls.certFile}` });
      }
    }
  }
  return { material, problems };
}
