/** Shown while a dashboard page loads its data. */
export default function Loading() {
  return (
    <p role="status" className="busy muted page-loading">
      <span className="spinner" aria-hidden="true" /> Loading…
    </p>
  );
}
