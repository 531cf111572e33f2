import type { ReactNode } from "react";
import { headers } from "next/headers";
import Link from "next/link";
import { currentSession } from "@/lib/adapters/sessions/guard";
import { noticeForeignHost } from "@/lib/platform/server/public-url";
import { signOutAction } from "./actions";
import { NavLinks } from "./_ui/site-nav";
import { SkipLink } from "./_ui/skip-link";
import { ProductIcon } from "../_ui/logo";

/**
 * Every dashboard page: skip link, header with navigation and sign-out, one main landmark; a
 * warning when the organiser uses another address than the one links and QR codes point to.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Pages themselves require the session (and redirect with their own return path).
  const session = await currentSession();
  const foreignHost = noticeForeignHost(await headers());
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="site-header-inner">
          <Link href="/dashboard" className="brand">
            <ProductIcon className="brand-mark" /> Racekeys
          </Link>
          {session && (
            <>
              <NavLinks
                label="Main"
                className="site-nav"
                items={[
                  { href: "/dashboard", label: "Events", prefixes: ["/dashboard/events"] },
                  { href: "/dashboard/webhooks", label: "Webhooks" },
                  { href: "/dashboard/account", label: "Account" },
                ]}
              />
              <div className="session">
                <span>
                  <span className="visually-hidden">Signed in as </span>
                  {session.email}
                </span>
                <form action={signOutAction}>
                  <button type="submit" className="secondary small">
                    Sign out
                  </button>
                </form>
              </div>
            </>
          )}
        </div>
      </header>
      {foreignHost && (
        <p className="notice warning host-warning" role="note">
          Links and QR codes point to <strong>{foreignHost.publicUrl}</strong>, you are using{" "}
          <strong>{foreignHost.requested}</strong>. Set PUBLIC_URL to the address participants use.
        </p>
      )}
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
