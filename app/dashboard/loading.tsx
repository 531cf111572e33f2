/** Shown while a dashboard page loads its data. */
export default function Loading() {
  return (
    <p role="status" className="busy muted" style={{ padding: "2rem 0" }}>
      <span className="spinner" aria-hidden="true" /> Loading…
    </p>
  );
}
