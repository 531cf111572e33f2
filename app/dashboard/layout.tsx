import type { ReactNode } from "react";
import Link from "next/link";
import { currentSession } from "@/lib/adapters/sessions/guard";
import { signOutAction } from "./actions";
import { NavLinks } from "./_ui/site-nav";
import { SkipLink } from "./_ui/skip-link";

/** Every dashboard page: skip link, header with navigation and sign-out, one main landmark. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Pages themselves require the session (and redirect with their own return path).
  const session = await currentSession();
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="site-header-inner">
          <Link href="/dashboard" className="brand">
            <span className="brand-mark" aria-hidden="true">
              RK
            </span>{" "}
            Racekeys
          </Link>
          {session && (
            <>
              <NavLinks
                label="Main"
                className="site-nav"
                items={[
                  { href: "/dashboard", label: "Events", prefixes: ["/dashboard/events"] },
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
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
