import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { listApiTokens } from "@/lib/domain/teams/tokens";
import { formatDateTime } from "@/lib/adapters/dashboard/time";
import { requireSession } from "@/lib/adapters/sessions/guard";
import { principalOf } from "@/lib/adapters/dashboard/access";
import { mayDo } from "@/lib/domain/access";
import { changePasswordAction, createTokenAction, revokeTokenAction } from "./actions";
import { ChangePasswordForm, CreateTokenForm, RevokeTokenForm } from "./account-forms";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await requireSession("/dashboard/account");
  // Tokens belong to the organisation the dashboard acts in; only its owners see and manage them.
  const owner = mayDo(principalOf(session), "tokens:manage") && session.eventIds === null;
  const tokens = owner ? await listApiTokens(await getDb(), session.organisationId) : [];
  const when = (date: Date | null, never: string) =>
    date ? formatDateTime(date, session.timeZone) : <span className="muted">{never}</span>;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Account</h1>
          <p>
            Signed in as {session.email}, acting in {session.organisationName} as {session.role}.
          </p>
        </div>
      </div>
      {owner && (
        <section className="card" aria-labelledby="tokens-heading">
          <h2 id="tokens-heading">API tokens of {session.organisationName}</h2>
          <p className="muted">
            Programs such as your registration platform use a token to create events and fetch keys through the API.
            Give each program its own token, and revoke a token as soon as it is no longer needed. Creating a token asks
            for your password.
          </p>
          <p>
            <a href="/docs/api">API documentation</a>: every endpoint with its parameters and answers (the OpenAPI
            document, <a href="/api/openapi.json">/api/openapi.json</a>).
          </p>
          <CreateTokenForm action={createTokenAction} />
          {tokens.length === 0 ? (
            <p className="empty">No tokens yet.</p>
          ) : (
            <div className="table-wrap mt-l">
              <table className="tokens-table">
                <caption className="visually-hidden">Your API tokens</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Starts with</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((token) => (
                    <tr key={token.id}>
                      <th scope="row">{token.name}</th>
                      <td data-label="Starts with">
                        <code>{token.hint}…</code>
                      </td>
                      <td className="nowrap" data-label="Created">
                        {when(token.createdAt, "")}
                      </td>
                      <td className="nowrap" data-label="Last used">
                        {when(token.lastUsedAt, "never")}
                      </td>
                      <td>
                        {token.revokedAt ? (
                          <span className="badge unused">
                            Revoked {formatDateTime(token.revokedAt, session.timeZone)}
                          </span>
                        ) : (
                          <RevokeTokenForm action={revokeTokenAction} tokenId={token.id} name={token.name} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <section className="card narrow" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <ChangePasswordForm
          action={changePasswordAction}
          activeTokens={tokens.filter((token) => !token.revokedAt).length}
        />
      </section>
    </>
  );
}
