'use client';
// Why the message tools are disabled, under the tools themselves. The page's action bar already shows
// the same reason with its sign-in link (components/actions/access.tsx); this one only names it.
export function ToolsDisabledNotice({ reason, id }: { reason: string | undefined; id: string }) {
  if (reason === undefined) return null;
  return (
    <p id={id} data-testid="message-tools-disabled" className="text-sm text-amber-900 dark:text-amber-200">
      Message tools are disabled: {reason}.
    </p>
  );
}
