// nsqjs, the NSQ TCP client, typed. The package is CommonJS and ships no types: this is the one typed
// entry point, for the console's message tools (lib/messages/) and for the scripts' test traffic.
// No 'server-only' here: the scripts import it outside Next.js, and nothing in the browser does.
// A plain import (not createRequire), so that Next.js traces nsqjs into the standalone build.
import nsqjsModule from 'nsqjs';

export interface NsqjsMessage {
  /** nsqd's 16-character message id */
  readonly id: string;
  /** when nsqd received the message, ns since the epoch */
  readonly timestamp: bigint;
  /** deliveries so far, 1 on the first */
  readonly attempts: number;
  readonly body: Buffer;
  finish(): void;
  requeue(delayMs?: number, backoff?: boolean): void;
  /** tells nsqd the message is still being worked on: its timeout starts again */
  touch(): void;
}

/** NSQDConnection internals we hook into; identify() builds the IDENTIFY body. */
export interface NsqjsConnection {
  identify(): Record<string, unknown>;
}

export interface NsqjsReaderOptions {
  nsqdTCPAddresses?: string[];
  lookupdHTTPAddresses?: string[];
  maxInFlight?: number;
  /** Seconds; also the reconnect interval for direct nsqdTCPAddresses. */
  lookupdPollInterval?: number;
  clientId?: string;
  /** Milliseconds, sent as IDENTIFY msg_timeout. */
  messageTimeout?: number;
}

export interface NsqjsReader {
  /** host:port of connections that are open or being opened. */
  connectionIds: string[];
  connect(): void;
  close(): void;
  pause(): void;
  unpause(): void;
  on(event: 'message', listener: (msg: NsqjsMessage) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'ready' | 'not_ready', listener: () => void): this;
  on(event: 'nsqd_connected' | 'nsqd_closed', listener: (host: string, port: number) => void): this;
  registerConnectionListeners(conn: NsqjsConnection): void;
}

export interface NsqjsWriter {
  conn?: NsqjsConnection;
  connect(): void;
  close(): void;
  publish(topic: string, msgs: string[], callback: (err?: Error | null) => void): void;
  once(event: 'ready' | 'closed', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

interface NsqjsModule {
  Reader: new (topic: string, channel: string, options: NsqjsReaderOptions) => NsqjsReader;
  Writer: new (host: string, port: number, options: { clientId?: string }) => NsqjsWriter;
}

export const nsqjs = nsqjsModule as NsqjsModule;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reader.close() tears sockets down synchronously, but connections still in their handshake close
 * only once they reach READY, so this waits (briefly) until none is left.
 */
export async function closeReader(reader: NsqjsReader, timeoutMs = 3_000): Promise<void> {
  reader.close();
  const deadline = Date.now() + timeoutMs;
  while (reader.connectionIds.length > 0 && Date.now() < deadline) await sleep(20);
}
