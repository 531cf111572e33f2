import type { Metadata } from "next";
import Link from "next/link";
import { KEY_LINK_PATH } from "@/lib/domain/links";
import { ProductLogo } from "./_ui/logo";

export const metadata: Metadata = { title: "Page not found" };

/** Addresses outside the dashboard that lead nowhere: the product's page, with the way to a key. */
export default function NotFound() {
  return (
    <main className="home not-found">
      <ProductLogo />
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. If you have a key for a race, enter it to connect your phone to live tracking.
      </p>
      <div className="actions">
        {/* The key form is a route handler, not a page of this app: a plain link loads it. */}
        <a href={KEY_LINK_PATH} className="button">
          Enter your key
        </a>{" "}
        <Link href="/">Racekeys home</Link>
      </div>
    </main>
  );
}
