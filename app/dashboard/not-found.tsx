import Link from "next/link";

/** Missing pages, and events or keys of other organisers, look exactly the same. */
export default function DashboardNotFound() {
  return (
    <div className="card empty">
      <h1>Not found</h1>
      <p>This page does not exist, or it belongs to another organiser&apos;s account.</p>
      <Link href="/dashboard" className="button">
        Back to your events
      </Link>
    </div>
  );
}
