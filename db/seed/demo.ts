import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { codes, events, organisers, starters } from "@/db/schema";
import { createApiToken } from "@/lib/domain/auth/tokens";
import { createOrganiser } from "@/lib/domain/auth/organisers";

export const DEMO_EMAIL = "demo@racekeys.local";

/** 96 random bits, 16 characters: printed once at the first start, like the demo token. */
const randomDemoPassword = () => randomBytes(12).toString("base64url");

/** RACEMAP's published sample: the event, its passcode, and two of its personal keys. */
const SAMPLE_EVENT = { name: "Easy QR Code Run", slug: "qrcode-test", passcode: "6G615L" };
const SAMPLE_KEYS = [
  { key: "K84N2S", startNumber: "1", name: "Peter" },
  { key: "3Z2GPX", startNumber: null, name: null },
];

/**
 * Fills an empty embedded database with a demo organiser and the sample event; returns what to
 * print, or undefined when the database already has organisers. The password is random unless
 * given (`DEMO_PASSWORD`, for tests): a published one would open every instance started with it.
 */
export async function seedDemo(
  db: Db,
  password: string = randomDemoPassword(),
): Promise<{ email: string; password: string; token: string } | undefined> {
  return db.transaction(async (tx) => {
    const [{ organiserCount }] = (await tx.select({ organiserCount: count() }).from(organisers)) as [
      { organiserCount: number },
    ];
    if (organiserCount > 0) return undefined;
    const organiser = await createOrganiser(tx, { email: DEMO_EMAIL, password });
    const eventId = crypto.randomUUID();
    await tx
      .insert(codes)
      .values([
        { code: SAMPLE_EVENT.passcode, eventId, kind: "passcode" },
        ...SAMPLE_KEYS.map((k) => ({ code: k.key, eventId, kind: "key" as const })),
      ]);
    await tx.insert(events).values({ id: eventId, organisationId: organiser.id, ...SAMPLE_EVENT });
    await tx.insert(starters).values(SAMPLE_KEYS.map((k) => ({ eventId, ...k })));
    const { token } = await createApiToken(tx, organiser.id, "Demo token");
    return { email: DEMO_EMAIL, password, token };
  });
}
