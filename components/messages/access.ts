'use client';
// Whether the message tools show on a page: not at all with --disable-message-tools or on a read-only
// console (they change the cluster, and bodies may be private); disabled with the reason for a caller
// who may not change the cluster; enabled otherwise.
import { useActionAccess } from '@/components/actions/access';
import type { ActionAccess } from '@/components/actions/helpers';
import { useAccess } from '@/lib/queries/actions';

export function useMessageToolsAccess(): ActionAccess | { kind: 'absent' } {
  const { data } = useAccess();
  const access = useActionAccess();
  if (data?.message_tools === false || access.kind === 'hidden') return { kind: 'absent' };
  return access;
}
