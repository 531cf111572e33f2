import { getDb, type Db } from "@/db/client";
import { refuseUnboundedBody, readBodyBytes } from "@/lib/adapters/http/body";
import { newNonce, htmlPageHeaders } from "@/lib/adapters/http/security-headers";
import {
  activityPage,
  deleteActivity,
  keyForUpload,
  uploadActivity,
  type UploadContext,
} from "@/lib/domain/activities/activities";
import { ActivityTooLarge, MAX_ACTIVITY_BYTES, MAX_ACTIVITY_UPLOAD_BYTES } from "@/lib/domain/activities/file";
import { outlineSvg } from "@/lib/domain/activities/outline";
import type { ActivityListItem } from "@/lib/domain/activities/schemas";
import { DomainError } from "@/lib/domain/errors";
import { keyInputSchema, MAX_KEY_INPUT } from "@/lib/domain/keys/code";
import type { FoundCode } from "@/lib/domain/keys/find-code";
import { encodeComponent } from "@/lib/domain/links";
import { getConfig } from "@/lib/platform/config";
import { clientAddress } from "@/lib/platform/ratelimit/client-address";
import { escapeHtml as h } from "./html";
import { ICON_DATA_URL } from "./icon";
import {
  chooseLanguage,
  formatDate,
  inMinutes,
  LANGUAGES,
  MESSAGES,
  say,
  textDirection,
  type Language,
  type Messages,
} from "./i18n";
import { LANDING_STYLE, participantList } from "./page";

/** The participant's upload page, `/upload?key=KEY`: the key link's look and languages, no script. */
export const UPLOAD_PATH = "/upload";
const ACCEPT = ".fit,.gpx,.tcx,.gz,application/gzip,application/gpx+xml,application/vnd.garmin.tcx+xml";
const UPLOAD_STYLE =
  "input[type=file]{font:inherit;font-size:1rem;text-transform:none;letter-spacing:0;max-width:100%}" +
  ".activity{display:flex;gap:1rem;align-items:flex-start;border-top:1px solid var(--line);padding:.75rem 0}" +
  ".activity dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.1rem .75rem}.activity dt{color:var(--muted)}.activity dd{margin:0;font-weight:600}" +
  ".activity svg{flex:none;color:var(--accent);background:var(--soft);border-radius:.4rem}.notice{background:var(--soft);border-radius:.6rem;padding:.75rem 1rem}" +
  ".problem{background:var(--hint);border:2px solid var(--hint-line);border-radius:.6rem;padding:.75rem 1rem}.activity form{margin-top:.5rem}";

interface Page {
  status: number;
  title: string;
  body: string;
  headers?: Record<string, string>;
}

/** GET, HEAD and POST of /upload: the page, an upload (multipart field `file`) or a delete (`delete=<id>`). */
export async function uploadPageResponse(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const lang = chooseLanguage(url.searchParams.get("lang"), req.headers.get("accept-language"));
  const t = MESSAGES[lang];
  const typed = url.searchParams.get("key") ?? "";
  const nonce = newNonce();
  const respond = (page: Page) => htmlResponse(req, lang, typed, nonce, page);
  if (!typed) return respond({ status: 200, title: t.formTitle, body: keyForm(t, t.uploadFormLead, "", lang) });
  if (!keyInputSchema.safeParse(typed).success || typed.length > MAX_KEY_INPUT) {
    return respond({ status: 400, title: t.malformedTitle, body: keyForm(t, t.malformedLead, typed, lang, true) });
  }
  const db = await getDb();
  const context: UploadContext = {
    client: { address: clientAddress(req) },
    now: new Date(),
    graceDays: getConfig().REDEEM_GRACE_DAYS,
  };
  let found: Awaited<ReturnType<typeof keyForUpload>>;
  try {
    found = await keyForUpload(db, typed, context);
  } catch (error) {
    return respond(refusal(error, t, lang, typed));
  }
  const here = `${UPLOAD_PATH}?key=${encodeComponent(typed)}&lang=${lang}`;
  let notice = "";
  let status = 200;
  if (req.method === "POST") {
    const outcome = await receive(req, db, found, typed, context, t).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === "invalid")
        return { status: 400, notice: problem(t, error.message) };
      if (error instanceof ActivityTooLarge) return { status: 413, notice: problem(t, error.message) };
      throw error;
    });
    ({ status, notice } = outcome);
  }
  const { activities } = await activityPage(db, found.event.id, { starterId: found.starter.id, limit: 50 });
  const body =
    `<h1>${h(say(t, "uploadTitle", { event: found.event.name }))}</h1>${participantList(t, found.starter)}${notice}` +
    `<form method="post" enctype="multipart/form-data" action="${h(here)}"><p>${h(t.uploadLead)}</p>` +
    `<label for="file">${h(t.uploadFileLabel)}</label><input id="file" name="file" type="file" required accept="${ACCEPT}">` +
    `<p><button type="submit">${h(t.uploadButton)}</button></p></form>` +
    `<h2>${h(t.uploadedHeading)}</h2>` +
    (activities.length
      ? activities.map((a) => activityItem(t, lang, a, here)).join("")
      : `<p class="muted">${h(t.uploadNone)}</p>`);
  return respond({ status, title: say(t, "uploadTitle", { event: found.event.name }), body });
}

async function receive(
  req: Request,
  db: Db,
  found: FoundCode & { starter: { id: string } },
  key: string,
  context: UploadContext,
  t: Messages,
): Promise<{ status: number; notice: string }> {
  const refused = refuseUnboundedBody(req, MAX_ACTIVITY_UPLOAD_BYTES);
  if (refused) return { status: 413, notice: problem(t, refused.message) };
  let form: FormData;
  try {
    const bytes = await readBodyBytes(req, MAX_ACTIVITY_UPLOAD_BYTES);
    form = await new Response(bytes as BodyInit, {
      headers: { "content-type": req.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    return { status: 400, notice: problem(t, "the form could not be read") };
  }
  const remove = form.get("delete");
  if (typeof remove === "string") {
    const uuid = /^[0-9a-f-]{36}$/i.test(remove);
    if (uuid) await deleteActivity(db, { eventId: found.event.id, activityId: remove, starterId: found.starter.id });
    return { status: 200, notice: `<p class="notice" role="status">${h(t.uploadDeleted)}</p>` };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) {
    return { status: 400, notice: problem(t, "choose a file to upload") };
  }
  if (file.size > MAX_ACTIVITY_BYTES) throw new ActivityTooLarge(MAX_ACTIVITY_BYTES);
  const { created } = await uploadActivity(db, key, new Uint8Array(await file.arrayBuffer()), context);
  return {
    status: created ? 201 : 200,
    notice: `<p class="notice" role="status">${h(created ? t.uploadDone : t.uploadRepeat)}</p>`,
  };
}

const problem = (t: Messages, message: string) =>
  `<div class="problem" role="alert"><strong>${h(t.uploadProblemTitle)}</strong><p>${h(message)}</p></div>`;

/** The lookup's refusals as the key link answers them: 404, 429, a passcode's 403, an ended event's 410. */
function refusal(error: unknown, t: Messages, lang: Language, typed: string): Page {
  if (!(error instanceof DomainError)) throw error;
  switch (error.kind) {
    case "not_found":
      return { status: 404, title: t.unknownTitle, body: keyForm(t, t.unknownLead, typed, lang, true) };
    case "limited": {
      const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds ?? 60));
      const wait = inMinutes(lang, Math.max(1, Math.ceil(seconds / 60)));
      return {
        status: 429,
        title: t.limitedTitle,
        body: `<h1>${h(t.limitedTitle)}</h1><p>${h(say(t, "limitedLead", { wait }))}</p>`,
        headers: { "Retry-After": String(seconds) },
      };
    }
    case "forbidden":
      return {
        status: 403,
        title: t.passcodeUploadTitle,
        body: `<h1>${h(t.passcodeUploadTitle)}</h1><p>${h(t.passcodeUploadLead)}</p>${keyForm(t, t.uploadFormLead, "", lang)}`,
      };
    case "gone": {
      const date = error.message.match(/\d{4}-\d{2}-\d{2}/)?.[0];
      const text = say(t, "uploadEndedLead", { date: date ? formatDate(lang, new Date(`${date}T12:00:00Z`)) : "" });
      return { status: 410, title: t.uploadProblemTitle, body: `<h1>${h(t.uploadProblemTitle)}</h1><p>${h(text)}</p>` };
    }
    default:
      throw error;
  }
}

function keyForm(t: Messages, lead: string, typed: string, lang: Language, invalid = false): string {
  return (
    `<p id="form-lead">${h(lead)}</p><form method="get" action="${UPLOAD_PATH}"><label for="key">${h(t.keyLabel)}</label>` +
    `<input id="key" name="key" value="${h(typed)}" required maxlength="${MAX_KEY_INPUT}" autocomplete="off" autocapitalize="characters" spellcheck="false"` +
    `${invalid ? ' aria-invalid="true" aria-describedby="form-lead"' : ""}>` +
    `<input type="hidden" name="lang" value="${lang}"><button type="submit">${h(t.submit)}</button></form>`
  );
}

const duration = (seconds: number) => {
  const [hours, minutes, secs] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(secs).padStart(2, "0")}`;
};

function activityItem(t: Messages, lang: Language, a: ActivityListItem & { outline: string }, here: string): string {
  const { TIME_ZONE: timeZone } = getConfig();
  const start = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(a.startedAt),
  );
  const km = new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: 2 }).format(
    a.distanceMeters / 1000,
  );
  return (
    `<section class="activity" data-activity="${h(a.id)}">${outlineSvg(a.outline, { label: start })}<div><dl>` +
    `<dt>${h(t.activityStart)}</dt><dd>${h(start)}</dd><dt>${h(t.activityDuration)}</dt><dd>${duration(a.durationSeconds)}</dd>` +
    `<dt>${h(t.activityDistance)}</dt><dd>${h(km)}</dd></dl>` +
    `<p class="note">${h(a.insideEventWindow ? t.activityInside : t.activityOutside)}</p>` +
    `<form method="post" enctype="multipart/form-data" action="${h(here)}"><input type="hidden" name="delete" value="${h(a.id)}">` +
    `<button type="submit">${h(t.deleteActivity)}</button></form></div></section>`
  );
}

function languageMenu(t: Messages, typed: string, lang: Language): string {
  const base = `${UPLOAD_PATH}?${typed ? `key=${encodeComponent(typed)}&` : ""}lang=`;
  const links = LANGUAGES.map(
    (l) =>
      `<li><a href="${h(base + l)}" hreflang="${l}" lang="${l}" dir="${textDirection(l)}"${l === lang ? ' aria-current="true"' : ""}>${h(MESSAGES[l].languageName)}</a></li>`,
  );
  return `<nav aria-label="${h(t.switchLabel)}"><details class="languages"><summary>${h(t.languageName)}</summary><ul>${links.join("")}</ul></details></nav>`;
}

function htmlResponse(req: Request, lang: Language, typed: string, nonce: string, page: Page): Response {
  const t = MESSAGES[lang];
  const { PUBLIC_URL, APP_NAME } = getConfig();
  const html =
    `<!doctype html><html lang="${lang}" dir="${textDirection(lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark">` +
    `<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">` +
    `<title>${h(page.title)} · ${h(APP_NAME)}</title><link rel="icon" href="${ICON_DATA_URL}">` +
    `<style nonce="${nonce}">${LANDING_STYLE}${UPLOAD_STYLE}</style></head><body>` +
    `<header><p class="brand">${h(APP_NAME)}</p>${languageMenu(t, typed, lang)}</header><main>${page.body}</main></body></html>`;
  return new Response(req.method === "HEAD" ? null : Buffer.from(html), {
    status: page.status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "private, no-store",
      Vary: "Accept-Language",
      "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
      "Referrer-Policy": "no-referrer",
      ...htmlPageHeaders(PUBLIC_URL),
      ...page.headers,
    },
  });
}
