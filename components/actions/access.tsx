'use client';
// How the caller's access shows on a page: nothing on a read-only console but a note; the reason,
// always visible, when the controls are disabled, with a sign-in link when the console has users.
import { withBasePath } from '@/lib/base-path';
import { useAccess } from '@/lib/queries/actions';
import { type ActionAccess, actionAccess } from './helpers';

export function useActionAccess(): ActionAccess {
  const { data, error } = useAccess();
  return actionAccess(data, error);
}

/** Whether the page shows action controls: enabled, or disabled with the reason. */
export const showsControls = (a: ActionAccess) => a.kind === 'enabled' || a.kind === 'disabled';

/** The reason a button is disabled, or undefined when it is not. */
export const disabledReason = (a: ActionAccess) => (a.kind === 'disabled' ? a.reason : undefined);

export function AccessNotice({ access, id }: { access: ActionAccess; id?: string }) {
  if (access.kind === 'hidden') {
    return (
      <p data-testid="read-only-note" className="text-xs text-zinc-600 dark:text-zinc-400">
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-medium dark:bg-zinc-800">read-only</span> this console
        makes no changes to the cluster
      </p>
    );
  }
  if (access.kind !== 'disabled') return null;
  return (
    <p id={id} data-testid="action-disabled-reason" className="text-sm text-amber-900 dark:text-amber-200">
      Actions are disabled: {access.reason}.
      {access.signIn ? (
        <>
          {' '}
          <a
            href={withBasePath('/api/login')}
            data-testid="sign-in"
            className="font-medium text-sky-700 underline dark:text-sky-400"
          >
            Sign in
          </a>
        </>
      ) : null}
    </p>
  );
}
