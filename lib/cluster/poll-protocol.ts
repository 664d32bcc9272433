// The messages between the poller (poll-source.ts, on the thread that answers requests) and the poll
// worker (poll-worker.ts). Each request carries an id that its answer repeats.
import type { PostedObservation } from './handover';
import type { FocusRead, FocusRequest, Sweep } from './reader';

export type ToWorker =
  | { type: 'sweep'; id: number; intervalMs: number }
  | { type: 'focus'; id: number; requests: FocusRequest[] }
  | { type: 'resetRates'; addresses: readonly string[] }
  | { type: 'setLookupds'; addresses: readonly string[] }
  | { type: 'close' };

export type FromWorker =
  /** one node of the sweep `id`, posted as soon as it is read */
  | { type: 'node'; id: number; posted: PostedObservation }
  /** the sweep `id` is complete; `work_ms`: how long the worker's thread was busy with it */
  | { type: 'swept'; id: number; sweep: Omit<Sweep, 'nodes'>; work_ms: number }
  | { type: 'focused'; id: number; reads: FocusRead[] }
  | { type: 'failed'; id: number; error: string };
