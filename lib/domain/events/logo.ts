import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import type { Db, Queryable } from "@/db/client";
import { eventLogos, events, type Event } from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";

/**
 * An event's logo: PNG, JPEG or WebP as uploaded, never served as sent. It is decoded and drawn
 * anew by sharp (libvips), shrunk into a box the landing page and link previews need, and stored
 * as PNG in the database, so that every instance serves it and nothing of the upload but its
 * pixels survives (no metadata, no trailing bytes, no second format hidden in the file).
 */

export const MAX_LOGO_BYTES = 1_000_000;
export const LOGO_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export const LOGO_CONTENT_TYPE = "image/png";
/** At most this box: three times the landing page's 48 px header logo, and enough for a link preview. */
const LOGO_BOX = { width: 512, height: 256 };
/** A 1 MB PNG can hold a vast plain area that takes gigabytes to decode: refused before decoding. */
const MAX_INPUT_PIXELS = 4096 * 4096;

type LogoFormat = "png" | "jpeg" | "webp";
const FORMAT_NAMES: Record<LogoFormat, string> = { png: "PNG", jpeg: "JPEG", webp: "WebP" };

export interface ProcessedLogo {
  /** PNG. */
  image: Uint8Array;
  /** The image's version: the first 16 hex digits of its SHA-256. */
  hash: string;
  width: number;
  height: number;
}

const refused = (message: string) => new DomainError("invalid", message, { details: [{ path: "logo", message }] });

/**
 * The format by its first bytes, before any decoder sees the file: only the three accepted formats
 * reach sharp, whose libvips also reads SVG, PDF, TIFF and more.
 */
function sniff(bytes: Uint8Array): LogoFormat | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 8 && ascii(1, 4) === "PNG" && bytes[0] === 0x89 && ascii(4, 8) === "\r\n\u001a\n") return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  return undefined;
}

const looksLikeMarkup = (bytes: Uint8Array) => /^(\ufeff)?\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)));

/** Checks and re-encodes an uploaded logo; refuses (invalid) anything but a readable PNG, JPEG or WebP. */
export async function processLogo(bytes: Uint8Array): Promise<ProcessedLogo> {
  if (!bytes.length) throw refused("the logo is empty: upload a PNG, JPEG or WebP image");
  if (bytes.length > MAX_LOGO_BYTES) throw refused("the logo must be at most 1 MB");
  const format = sniff(bytes);
  if (!format) {
    throw refused(
      looksLikeMarkup(bytes)
        ? "SVG and other markup is not accepted as a logo: upload a PNG, JPEG or WebP image"
        : "the logo must be a PNG, JPEG or WebP image",
    );
  }
  const name = FORMAT_NAMES[format];
  // The header only: sharp's pixel limit applies to decoding, and the message names the size.
  const metadata = await sharp(bytes)
    .metadata()
    .catch(() => undefined);
  if (!metadata || metadata.format !== format) throw refused(`the logo could not be read as a ${name} image`);
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw refused(`the logo has ${metadata.width}×${metadata.height} pixels; at most 4096×4096 are accepted`);
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .autoOrient()
      .resize({ ...LOGO_BOX, fit: "inside", withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    const hash = createHash("sha256").update(data).digest("hex").slice(0, 16);
    return { image: data, hash, width: info.width, height: info.height };
  } catch {
    throw refused(`the logo could not be read as a ${name} image: it may be damaged or cut off`);
  }
}

/** Stores the logo and its description on the event row, in one transaction (the event row first, as everywhere). */
export async function setEventLogo(db: Db, event: Pick<Event, "id">, logo: ProcessedLogo): Promise<Event> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(events)
      .set({ logoHash: logo.hash, logoWidth: logo.width, logoHeight: logo.height, updatedAt: sql`now()` })
      .where(eq(events.id, event.id))
      .returning();
    if (!updated) throw notFound("event");
    await tx
      .insert(eventLogos)
      .values({ eventId: event.id, image: logo.image })
      .onConflictDoUpdate({ target: eventLogos.eventId, set: { image: logo.image, updatedAt: sql`now()` } });
    return updated;
  });
}

/** Removes the logo; an event without one stays as it is. */
export async function removeEventLogo(db: Db, event: Pick<Event, "id">): Promise<Event> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(events)
      .set({ logoHash: null, logoWidth: null, logoHeight: null, updatedAt: sql`now()` })
      .where(eq(events.id, event.id))
      .returning();
    if (!updated) throw notFound("event");
    await tx.delete(eventLogos).where(eq(eventLogos.eventId, event.id));
    return updated;
  });
}

/** The current logo of an event, public like the landing page that shows it. */
export async function findEventLogo(
  db: Queryable,
  eventId: string,
): Promise<{ image: Uint8Array; hash: string } | undefined> {
  const [row] = await db
    .select({ image: eventLogos.image, hash: events.logoHash })
    .from(eventLogos)
    .innerJoin(events, eq(events.id, eventLogos.eventId))
    .where(eq(eventLogos.eventId, eventId));
  return row?.hash ? { image: row.image, hash: row.hash } : undefined;
}
