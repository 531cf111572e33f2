import { describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { DomainError } from "@/lib/domain/errors";
import { eventForm } from "./events";
import { invalidForm, parseForm, refusedForm } from "./forms";
import { changePasswordSchema, signInSchema } from "@/lib/adapters/sessions/signin";
import { createTokenSchema } from "./account";
import { keyDetailsSchema, mintFormSchema } from "./keys";
import { searchProblem } from "./keys-table";

/** The event form as the server actions parse it (./action.ts), in the organiser's zone. */
function parseEventForm(values: Record<string, string>, timeZone: string) {
  const formData = new FormData();
  for (const [name, value] of Object.entries(values)) formData.set(name, value);
  return parseForm(eventForm, formData, { timeZone }).parsed;
}

describe("event form", () => {
  it("reads dates in the organiser's zone, empty ones as none, and derives the slug later", () => {
    const parsed = parseEventForm(
      { name: " City Run ", slug: "", startsAt: "2026-05-01T09:00", endsAt: "" },
      "Europe/Berlin",
    );
    expect(parsed.success && parsed.data).toEqual({
      name: "City Run",
      slug: undefined,
      startsAt: new Date("2026-05-01T07:00:00Z"),
      endsAt: null,
    });
  });

  it("answers every problem at its field in plain words", () => {
    const parsed = parseEventForm(
      { name: "", slug: "Not A Slug!", startsAt: "2026-05-02T09:00", endsAt: "2026-05-01T09:00" },
      "UTC",
    );
    expect(parsed.success).toBe(false);
    const state = invalidForm(parsed.error!, { name: "" });
    expect(state.status).toBe("error");
    expect(state.fieldErrors).toMatchObject({
      name: "Give the event a name.",
      slug: "A slug is lower-case letters and digits separated by single hyphens.",
    });
    const dates = parseEventForm(
      { name: "x", slug: "", startsAt: "2026-05-02T09:00", endsAt: "2026-05-01T09:00" },
      "UTC",
    );
    expect(invalidForm(dates.error!).fieldErrors).toEqual({ endsAt: "The end must not be before the start." });
    const badDate = parseEventForm({ name: "x", slug: "", startsAt: "soon", endsAt: "" }, "UTC");
    expect(invalidForm(badDate.error!).fieldErrors).toEqual({
      startsAt: "Enter a date and time, or leave the field empty.",
    });
  });

  it("turns a domain conflict into a field error and rethrows what is not the user's to fix", () => {
    const taken = new DomainError("conflict", "that slug is taken; choose another");
    expect(refusedForm(taken, { slug: "x" }, "slug")).toEqual({
      status: "error",
      message: "That slug is taken; choose another.",
      fieldErrors: { slug: "That slug is taken; choose another." },
      values: { slug: "x" },
    });
    expect(() => refusedForm(new Error("database down"))).toThrow("database down");
  });
});

describe("parsing a submitted form", () => {
  it("reads the schema's fields only and shows again the kept ones, never a password", () => {
    const formData = new FormData();
    formData.set("name", " CI ");
    formData.set("currentPassword", "secret");
    formData.set("extra", "ignored");
    const { parsed, kept } = parseForm({ schema: createTokenSchema, keep: ["name"] }, formData, { timeZone: "UTC" });
    expect(parsed.data).toEqual({ name: "CI", currentPassword: "secret" });
    expect(kept).toEqual({ name: " CI " });
    expect(parseForm({ schema: createTokenSchema }, formData, { timeZone: "UTC" }).kept).toBeUndefined();
  });
});

describe("key forms", () => {
  it("mints 1 to 100,000 keys with a form key", () => {
    const idempotencyKey = crypto.randomUUID();
    expect(mintFormSchema.parse({ count: " 250 ", idempotencyKey })).toEqual({ count: 250, idempotencyKey });
    for (const count of ["0", "100001", "2.5", "-1", "", "ten"]) {
      expect(mintFormSchema.safeParse({ count, idempotencyKey }).error?.issues[0]?.message).toBe(
        "Enter a whole number from 1 to 100,000.",
      );
    }
  });

  it("clears a key's name and start number when emptied", () => {
    expect(keyDetailsSchema.parse({ name: "  ", startNumber: " 007 " })).toEqual({ name: null, startNumber: "007" });
  });
});

describe("control characters in dashboard forms", () => {
  const refused = "Remove the control characters (such as tabs or invisible characters) from this field.";
  const errorsAt = (error: ZodError | undefined) => (error ? invalidForm(error).fieldErrors : undefined);

  it("are refused in every text field with a message at the field", () => {
    expect(
      errorsAt(parseEventForm({ name: "City\u0000Run", slug: "", startsAt: "", endsAt: "" }, "UTC").error),
    ).toEqual({ name: refused });
    expect(errorsAt(keyDetailsSchema.safeParse({ name: "Ann\u0000", startNumber: "1\u001b" }).error)).toEqual({
      name: refused,
      startNumber: refused,
    });
    expect(errorsAt(createTokenSchema.safeParse({ name: "CI\u0085", currentPassword: "x" }).error)).toEqual({
      name: refused,
    });
    expect(
      errorsAt(signInSchema.safeParse({ email: "ann\u0000@example.com", password: "pass\u0000word" }).error),
    ).toEqual({
      email: refused,
      password: refused,
    });
    const password = {
      currentPassword: "old\u0000password",
      newPassword: "new\u0000password",
      confirmPassword: "new\u0000password",
      revokeTokens: "",
    };
    expect(errorsAt(changePasswordSchema.safeParse(password).error)).toEqual({
      currentPassword: refused,
      newPassword: "Passwords must not contain control characters.",
    });
  });

  it("make a search a message instead of a query", () => {
    expect(searchProblem("Ann\u0000")).toBe(
      "The search must not contain control characters (such as tabs or invisible characters).",
    );
    expect(searchProblem("Zoë Müller 01")).toBeUndefined();
  });
});
