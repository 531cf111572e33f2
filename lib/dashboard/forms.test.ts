import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { parseEventForm } from "./events";
import { formStateFromApiError, invalidForm } from "./forms";
import { keyDetailsSchema, mintFormSchema } from "./keys";

describe("event form", () => {
  it("reads dates in the organiser's zone, empty ones as none, and derives the slug later", () => {
    const parsed = parseEventForm({ name: " City Run ", slug: "", startsAt: "2026-05-01T09:00", endsAt: "" }, "Europe/Berlin");
    expect(parsed.success && parsed.data).toEqual({ name: "City Run", slug: undefined, startsAt: new Date("2026-05-01T07:00:00Z"), endsAt: null });
  });

  it("answers every problem at its field in plain words", () => {
    const parsed = parseEventForm({ name: "", slug: "Not A Slug!", startsAt: "2026-05-02T09:00", endsAt: "2026-05-01T09:00" }, "UTC");
    expect(parsed.success).toBe(false);
    const state = invalidForm(parsed.error!, { name: "" });
    expect(state.status).toBe("error");
    expect(state.fieldErrors).toMatchObject({
      name: "Give the event a name.",
      slug: "A slug is lower-case letters and digits separated by single hyphens.",
    });
    const dates = parseEventForm({ name: "x", slug: "", startsAt: "2026-05-02T09:00", endsAt: "2026-05-01T09:00" }, "UTC");
    expect(invalidForm(dates.error!).fieldErrors).toEqual({ endsAt: "The end must not be before the start." });
    const badDate = parseEventForm({ name: "x", slug: "", startsAt: "soon", endsAt: "" }, "UTC");
    expect(invalidForm(badDate.error!).fieldErrors).toEqual({ startsAt: "Enter a date and time, or leave the field empty." });
  });

  it("turns a lib conflict into a field error and rethrows what is not the user's to fix", () => {
    const taken = new ApiError(409, "conflict", "that slug is taken; choose another");
    expect(formStateFromApiError(taken, { slug: "x" }, { conflict: "slug" })).toEqual({
      status: "error",
      message: "That slug is taken; choose another.",
      fieldErrors: { slug: "That slug is taken; choose another." },
      values: { slug: "x" },
    });
    expect(() => formStateFromApiError(new Error("database down"))).toThrow("database down");
  });
});

describe("key forms", () => {
  it("mints 1 to 100,000 keys with a form key", () => {
    const idempotencyKey = crypto.randomUUID();
    expect(mintFormSchema.parse({ count: " 250 ", idempotencyKey })).toEqual({ count: 250, idempotencyKey });
    for (const count of ["0", "100001", "2.5", "-1", "", "ten"]) {
      expect(mintFormSchema.safeParse({ count, idempotencyKey }).error?.issues[0]?.message).toBe("Enter a whole number from 1 to 100,000.");
    }
  });

  it("clears a key's name and start number when emptied", () => {
    expect(keyDetailsSchema.parse({ name: "  ", startNumber: " 007 " })).toEqual({ name: null, startNumber: "007" });
  });
});
