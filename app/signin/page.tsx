import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/adapters/sessions/guard";
import { safeReturnPath } from "@/lib/adapters/sessions/signin";
import { SignInForm } from "./sign-in-form";
import { ProductIcon } from "../_ui/logo";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  const returnTo = safeReturnPath(typeof next === "string" ? next : undefined);
  if (await currentSession()) redirect(returnTo);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p>
          <Link href="/" className="brand">
            <ProductIcon className="brand-mark" /> Racekeys
          </Link>
        </p>
        <div className="card">
          <h1>Sign in</h1>
          <p className="muted">Organisers sign in to prepare events, mint and print keys, and follow race day.</p>
          <SignInForm next={returnTo} />
        </div>
      </div>
    </main>
  );
}
