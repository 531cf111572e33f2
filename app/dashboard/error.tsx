"use client";

/** A failure while rendering a dashboard page: say so plainly and offer to try again. */
export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h1>Something went wrong</h1>
      <p>This page could not be loaded. Your data is safe; nothing was changed by this error.</p>
      <p className="muted">If it happens again, wait a moment: the database may be restarting.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
