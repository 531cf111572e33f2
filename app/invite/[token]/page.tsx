import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { currentSession } from "@/lib/adapters/sessions/guard";
import { findInvitation } from "@/lib/domain/teams/invitations";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

/** An invite link: join the organisation with a new account, or with the signed-in account of its email. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(await getDb(), token);
  const session = await currentSession();
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="card">
          <h1>Invitation</h1>
          {!invitation ? (
            <p>This invitation is not valid: it expired, was used already, or was revoked. Ask for a new link.</p>
          ) : (
            <>
              <p>
                {invitation.email} is invited to <strong>{invitation.organisationName}</strong> as{" "}
                <strong>{invitation.role}</strong>.
              </p>
              {!invitation.hasAccount ? (
                <AcceptInvitationForm token={token} newAccount />
              ) : session?.email === invitation.email ? (
                <AcceptInvitationForm token={token} newAccount={false} />
              ) : (
                <p>
                  <Link href="/signin">Sign in as {invitation.email}</Link>, then open this link again to join.
                </p>
              )}
            </>
          )}
        </div>
      </div>
    </main>
  );
}
