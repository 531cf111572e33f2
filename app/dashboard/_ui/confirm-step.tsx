import type { ReactNode } from "react";

/**
 * A destructive action behind a second, deliberate tap: the first opens a short question with the
 * real button below it, the same control closes it again. Built on <details>, so it works before
 * (and without) JavaScript and screen readers announce it as expandable.
 */
export function ConfirmStep({
  label,
  question,
  children,
}: {
  /** What the first tap says, e.g. "Release key…". */
  label: ReactNode;
  question: ReactNode;
  /** The submit button that does it. */
  children: ReactNode;
}) {
  return (
    <details className="confirm-step">
      <summary className="button danger small">{label}</summary>
      <div className="confirm-panel">
        <p>{question}</p>
        {children}
      </div>
    </details>
  );
}
