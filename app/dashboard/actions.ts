"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { sessionCookieName, sessionCookieOptions } from "@/lib/adapters/sessions/cookie";
import { destroySession } from "@/lib/adapters/sessions/sessions";

/** Ends the session in the database (the cookie alone would survive a copied cookie) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  const config = getConfig();
  const store = await cookies();
  const name = sessionCookieName(config);
  await destroySession(await getDb(), store.get(name)?.value);
  // Set with the same attributes, not deleted: browsers only overwrite a __Host- cookie with a Secure one.
  store.set(name, "", sessionCookieOptions(config, new Date(0)));
  redirect("/signin");
}
