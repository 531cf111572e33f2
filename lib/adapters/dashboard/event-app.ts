import { z } from "zod";
import { trackingAppFields } from "@/lib/domain/apps/app";
import { friendlyErrors, type FormSpec } from "./forms";

/** One text field of fingerprints, separated by commas, semicolons or spaces; each problem named by its place. */
const fingerprintList = z.string().transform((text, ctx) => {
  const parsed = trackingAppFields.androidSha256CertFingerprints.safeParse(text.split(/[\s,;]+/).filter(Boolean));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const which = issue.path.length ? `fingerprint ${Number(issue.path[0]) + 1} ` : "";
    ctx.addIssue({ code: "custom", message: which + issue.message });
  }
  return z.NEVER;
});

const eventAppFormSchema = z.object({ ...trackingAppFields, androidSha256CertFingerprints: fingerprintList });

/** The event's own app (white label): the API's seven settings with the same checks. */
export const eventAppForm = {
  schema: eventAppFormSchema,
  messages: friendlyErrors,
  keep: "all",
} satisfies FormSpec<typeof eventAppFormSchema>;
