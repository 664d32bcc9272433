// What callers are shown of an upstream's own answer. Anyone who can register with nsqlookupd picks
// an nsqd address, and so what answers there: its text is shown only to callers who may change the
// cluster (lib/auth/access.ts judgeMutation); others see the status and the kind of error.
import { judgeMutation } from '../auth/access';
import type { AccessConfig } from '../config';
import type { UpstreamErrorInfo } from '../nsq/http';
import { peerAddress } from '../peer';

/**
 * Whether this request is shown what upstreams answered. No password is checked for it (these reads
 * repeat every poll): a basic-auth admin sees the text in the results of the actions it takes.
 */
export async function showsUpstreamText(access: AccessConfig, req: { headers: Headers }): Promise<boolean> {
  const decision = await judgeMutation(
    access,
    { headers: req.headers, peer: peerAddress(req.headers) },
    { checkPassword: false },
  );
  return decision.allowed;
}

/** The error without what the upstream answered, or as it is when shown. */
export function errorFor<E extends UpstreamErrorInfo | null>(e: E, show: boolean): E {
  if (show || e === null || e.upstream_body === undefined) return e;
  const { upstream_body: _text, ...rest } = e;
  return rest as E;
}

/** Each item's error as errorFor makes it; items without upstream text are kept as they are. */
export function withErrorsFor<T extends { error: UpstreamErrorInfo | null }>(items: readonly T[], show: boolean): T[] {
  return items.map((x) =>
    show || x.error?.upstream_body === undefined ? x : { ...x, error: errorFor(x.error, false) },
  );
}
