'use client';
// A modal dialog on the native <dialog>: the browser traps focus, makes the page behind inert, closes
// on Escape and gives focus back to the opener. Mounted only while open; the parent decides that.
import { type ReactNode, useEffect, useId, useRef } from 'react';

export function Dialog({
  title,
  onClose,
  children,
  actions,
  testId,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** the buttons at the bottom (Cancel first) */
  actions: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    // React's autoFocus runs before showModal, which would move focus again: choose it afterwards
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (d.open) d.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      // Escape: the browser closes the dialog and fires "close"; the parent then unmounts it
      onClose={() => onCloseRef.current()}
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="space-y-4 p-5">
        <h2 id={titleId} className="text-lg font-semibold break-all">
          {title}
        </h2>
        <div id={bodyId} className="space-y-3 text-sm">
          {children}
        </div>
        <div className="flex flex-wrap justify-end gap-2 pt-2">{actions}</div>
      </div>
    </dialog>
  );
}
