import { z } from "zod";
import type { Queryable } from "@/db/client";
import type { Event } from "@/db/schema";
import { getOwnEvent } from "@/lib/domain/events/events";
import { ApiError } from "@/lib/adapters/http/errors";

const uuidSchema = z.uuid();

/**
 * The organiser's event for a URL segment, or undefined for anything else: a malformed id, a
 * missing event, another organiser's event. Pages answer all three with the same 404.
 */
export async function findOwnEvent(db: Queryable, organiserId: string, eventId: string): Promise<Event | undefined> {
  if (!uuidSchema.safeParse(eventId).success) return undefined;
  try {
    return await getOwnEvent(db, organiserId, eventId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export const isUuid = (value: string) => uuidSchema.safeParse(value).success;
