import fc from "fast-check";
import { and, eq, ne, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { getConfig } from "@/lib/platform/config";
import { createEvent } from "@/lib/domain/events/events";
import { processLogo, setEventLogo } from "@/lib/domain/events/logo";
import { createApiToken } from "@/lib/domain/auth/tokens";
import { mintStarterKeys } from "@/lib/domain/keys/mint";
import { createWebhook, sendTestEvent } from "@/lib/domain/webhooks/endpoints";
import { messageId } from "@/lib/domain/webhooks/schemas";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { uploadActivity } from "@/lib/domain/activities/activities";
import { gpxFile, samplePoints } from "@/testing/activities";
import { apiRequest, newOrganiser, type RequestOptions } from "@/testing/client";
import { openTestDatabase, testDrivers, type TestDatabase } from "@/testing/database";
import { Conformance, type OperationObject } from "./conformance";
import { COMPONENT_REF, openApiDocument, type JsonSchema } from "./document";

/**
 * Property-based tests of every field of every API operation, driven by the OpenAPI document so a
 * new operation or field is fuzzed without changes here: hostile values never cause a 500, every
 * answer is one the document describes (errors in the one error shape), and a refused request
 * writes nothing.
 */
const RUNS = 20;
const document = openApiDocument(getConfig().PUBLIC_URL);
const conformance = new Conformance(document);
const schemas = document.components.schemas as Record<string, JsonSchema>;
const deref = (schema: JsonSchema): JsonSchema =>
  typeof schema.$ref === "string" ? deref(schemas[schema.$ref.slice(COMPONENT_REF.length)]!) : schema;

interface Operation {
  template: string;
  method: string;
  spec: OperationObject & { security: unknown[] };
}
const operations: Operation[] = Object.entries(document.paths).flatMap(([template, item]) =>
  Object.entries(item as Record<string, Operation["spec"]>).map(([method, spec]) => ({
    template,
    method: method.toUpperCase(),
    spec,
  })),
);

interface Field {
  in: "path" | "query" | "body";
  name: string;
  schema: JsonSchema;
  required: boolean;
}
function fieldsOf({ spec }: Operation): Field[] {
  const parameters = (spec.parameters ?? []).map((p) => ({
    in: p.in as "path" | "query",
    name: p.name,
    schema: p.schema,
    required: (p as { required?: boolean }).required === true,
  }));
  const json = spec.requestBody?.content["application/json"];
  const body = json && deref(json.schema);
  const required = new Set((body?.required ?? []) as string[]);
  const properties = Object.entries((body?.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
    in: "body" as const,
    name,
    schema,
    required: required.has(name),
  }));
  return [...parameters, ...properties];
}

/** A request as parts, so one part at a time can be replaced by something hostile. */
interface RequestParts {
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  /** An object, or an array (the rows of a bulk upsert). */
  body?: Record<string, unknown> | unknown[];
  /** The body of an operation that takes a file instead of JSON. */
  upload?: { contentType: string; bytes: Uint8Array };
  token?: boolean;
}

const MISSING = Symbol("missing");
/** Known troublemakers: every field gets each of these, before the random values. */
const EDGE_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\t\r\n",
  "\u202e",
  "\ufeff",
  "😀🏃‍♀️",
  "Zoë",
  "%",
  "%00",
  "../etc/passwd",
  "null",
  "undefined",
  "true",
  "NaN",
  "-1",
  "0",
  "1e309",
  "100001",
  "９９",
  "0x1F",
  "' or '1'='1",
  "<script>alert(1)</script>",
  "{}",
  "[]",
  "K84N2S",
  " k84n2s ",
  "00000000-0000-0000-0000-000000000000",
  "2026-02-30T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00+14:00",
  "9999-12-31T23:59:59-14:00",
  "-000001-01-01T00:00:00Z",
  "x".repeat(12_000),
];
const EDGE_JSON = [
  "\ud800",
  "a\udfffb",
  "é".repeat(300_000),
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  ["K84N2S"],
  {},
  { key: "K84N2S" },
];
const hostileText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary-ascii", maxLength: 30 }), // control characters
  fc.constantFrom(...EDGE_TEXT),
);
/** In JSON bodies anything goes: wrong types, lone surrogates, huge strings. */
const hostileJson = fc.oneof(
  hostileText,
  fc.constantFrom(...EDGE_JSON),
  fc.integer(),
  fc.double(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
/** Path segments must still route to the handler: not empty, not "." or "..". */
const routable = (segment: string) => segment !== "" && segment !== "." && segment !== "..";

const jsonType = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" ? "number" : typeof value;
/** The JSON types a body field's schema admits. */
function admittedTypes(schema: JsonSchema): Set<string> {
  const resolved = deref(schema);
  const own = ([] as unknown[]).concat(resolved.type ?? []).map((t) => (t === "integer" ? "number" : String(t)));
  const branches = ((resolved.anyOf ?? resolved.oneOf ?? []) as JsonSchema[]).flatMap((b) => [...admittedTypes(b)]);
  return new Set([...own, ...branches]);
}

describe.each(testDrivers())("fuzzing every field of every API operation on %s", (driver) => {
  let database: TestDatabase;
  let token: string;
  /** Another organiser's token: it sees none of the fixtures' events and starters. */
  let strangerToken: string;
  let fingerprintQuery: ReturnType<typeof sql.raw>;
  let addresses = 0;
  let devices = 0;
  /** A valid request per operation; async where each request needs a resource of its own (an event to delete). */
  const fixtures: Record<string, () => RequestParts | Promise<RequestParts>> = {};

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const { organiser, token: organiserToken } = await newOrganiser(database.db);
    token = organiserToken;
    strangerToken = (await newOrganiser(database.db)).token;
    const event = await createEvent(database.db, organiser.id, { name: "Fuzz Run" });
    // Redeem fixtures use an event whose passcode the regeneratePasscode fuzzing does not change.
    const appEvent = await createEvent(database.db, organiser.id, { name: "Fuzz App Run" });
    const png = await sharp({ create: { width: 64, height: 32, channels: 3, background: "#0b63ce" } })
      .png()
      .toBuffer();
    // Its logo stays: the logo of `event` is set and removed by the fuzzing.
    await setEventLogo(database.db, appEvent, await processLogo(png));
    const { starters } = await mintStarterKeys(database.db, {
      organiserId: organiser.id,
      eventId: appEvent.id,
      count: 2,
    });
    const [resolvable, releasable] = starters as [(typeof starters)[0], (typeof starters)[0]];
    // The participants API's own event: a row of the bulk upsert takes a key here, PATCH names another.
    const starterEvent = await createEvent(database.db, organiser.id, { name: "Fuzz Starters" });
    const { starters: participantKeys } = await mintStarterKeys(database.db, {
      organiserId: organiser.id,
      eventId: starterEvent.id,
      count: 3,
    });
    let buyers = 0;
    // Activities: each upload a distinct file (its own seed) of a key of their own event.
    const activityEvent = await createEvent(database.db, organiser.id, { name: "Fuzz Activities" });
    const {
      starters: [activityKey],
    } = await mintStarterKeys(database.db, { organiserId: organiser.id, eventId: activityEvent.id, count: 1 });
    let tracks = 0;
    const activityFile = () => new TextEncoder().encode(gpxFile(samplePoints(20, undefined, ++tracks)));
    const storedActivity = async () => {
      const context = { client: { address: "192.0.2.77" }, now: new Date(), graceDays: 30 };
      return (await uploadActivity(database.db, activityKey!.key!, activityFile(), context)).activity.id;
    };
    const hookBody = { url: "https://93.184.216.34/hooks", eventTypes: ["keys.minted" as const] };
    const hook = await createWebhook(database.db, organiser.id, hookBody, false);
    const hookMessage = messageId((await sendTestEvent(database.db, hook)).id);
    const tables = await queryRows<{ name: string }>(
      database.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_name not in ('rate_limits', 'lookup_failures') order by 1`,
    );
    // Everything the API can write, except limiter state (counters, failed texts kept for forgiving typos) and the token's last-used time.
    fingerprintQuery = sql.raw(
      tables
        .map(
          ({ name }) =>
            `select md5(coalesce(string_agg((to_jsonb(x) - 'last_used_at')::text, ',' order by (to_jsonb(x) - 'last_used_at')::text), '')) as h from "${name}" x`,
        )
        .join(" union all "),
    );
    Object.assign(fixtures, {
      inspectToken: () => ({ token: true }),
      createEvent: () => ({
        token: true,
        body: { name: "Fuzz Created", startsAt: "2027-05-01T08:00:00Z", endsAt: "2027-05-01T12:00:00Z" },
      }),
      listEvents: () => ({ token: true }),
      getEvent: () => ({ token: true, params: { eventId: event.id } }),
      updateEvent: () => ({
        token: true,
        params: { eventId: event.id },
        body: {
          name: "Fuzz Renamed",
          app: {
            name: "Fuzz App",
            iosAppStoreId: "6447012345",
            iosBundleId: "com.example.fuzz",
            appleTeamId: "FUZZ123456",
            androidPackage: "com.example.fuzz",
            androidSha256CertFingerprints: [Array.from({ length: 32 }, () => "AB").join(":")],
            urlScheme: "fuzzapp",
          },
        },
      }),
      deleteEvent: async () => {
        const doomed = await createEvent(database.db, organiser.id, { name: "Fuzz Doomed Run" });
        return { token: true, params: { eventId: doomed.id }, query: { confirm: doomed.slug } };
      },
      getEventLogo: () => ({ params: { eventId: appEvent.id } }),
      putEventLogo: () => ({
        token: true,
        params: { eventId: event.id },
        upload: { contentType: "image/png", bytes: png },
      }),
      deleteEventLogo: () => ({ token: true, params: { eventId: event.id } }),
      regeneratePasscode: () => ({ token: true, params: { eventId: event.id } }),
      generateStarterKeys: () => ({ token: true, params: { eventId: event.id }, query: { count: "2" } }),
      listStarterKeys: () => ({ token: true, params: { eventId: event.id }, query: { format: "csv" } }),
      generateKeyQrcode: () => ({ query: { key: "K84N2S", size: "64" } }),
      resolveKey: () => ({ query: { key: resolvable.key! } }),
      redeemKey: () => ({ body: { key: appEvent.passcode, deviceId: `fuzz-phone-${++devices}`, name: "Fuzzy" } }),
      releaseKey: () => ({ token: true, params: { starterId: releasable.id } }),
      health: () => ({}),
      ready: () => ({}),
      getOpenApiDocument: () => ({}),
      listStarters: () => ({ token: true, params: { eventId: starterEvent.id }, query: { limit: "10" } }),
      upsertStarters: () => ({
        token: true,
        params: { eventId: starterEvent.id },
        body: [{ importId: "fuzz-row", name: "Fuzz Row" }],
      }),
      checkoutStarter: () => ({
        token: true,
        params: { eventId: event.id },
        body: { importId: `fuzz-buyer-${++buyers}`, name: "Fuzz Buyer" },
      }),
      updateStarter: () => ({
        token: true,
        params: { starterId: participantKeys[2]!.id },
        body: { name: "Fuzz Patched" },
      }),
      getUsage: () => ({ token: true, params: { eventId: event.id } }),
      uploadActivity: () => ({
        query: { key: activityKey!.key! },
        upload: { contentType: "application/gpx+xml", bytes: activityFile() },
      }),
      listActivities: () => ({ token: true, params: { eventId: activityEvent.id } }),
      getActivity: async () => ({
        token: true,
        params: { eventId: activityEvent.id, activityId: await storedActivity() },
        query: { format: "geojson" },
      }),
      deleteActivity: async () => ({
        token: true,
        params: { eventId: activityEvent.id, activityId: await storedActivity() },
      }),
      createWebhook: async () => {
        // Each valid request adds an endpoint: keep the account under its cap of endpoints.
        await database.db
          .delete(webhookEndpoints)
          .where(and(eq(webhookEndpoints.organisationId, organiser.id), ne(webhookEndpoints.id, hook.id)));
        return { token: true, body: { ...hookBody, eventIds: [event.id] } };
      },
      listWebhooks: () => ({ token: true }),
      deleteWebhook: async () => {
        // Under the cap too: hostile requests delete nothing.
        await database.db
          .delete(webhookEndpoints)
          .where(and(eq(webhookEndpoints.organisationId, organiser.id), ne(webhookEndpoints.id, hook.id)));
        return {
          token: true,
          params: { webhookId: (await createWebhook(database.db, organiser.id, hookBody, false)).id },
        };
      },
      listWebhookDeliveries: () => ({ token: true, params: { webhookId: hook.id } }),
      rotateWebhookSecret: () => ({ token: true, params: { webhookId: hook.id } }),
      sendWebhookTest: () => ({ token: true, params: { webhookId: hook.id } }),
      redeliverWebhook: () => ({ token: true, params: { webhookId: hook.id, deliveryId: hookMessage } }),
      listTokens: () => ({ token: true }),
      createToken: () => ({ token: true, body: { name: "Fuzz desk", scopes: ["keys:read"], eventIds: [event.id] } }),
      revokeToken: async () => ({
        token: true,
        params: { tokenId: (await createApiToken(database.db, organiser.id, "Fuzz revoked")).id },
      }),
      createInvitation: () => ({ token: true, body: { email: "desk@example.com", role: "helpdesk" } }),
      getAuditLog: () => ({ token: true, params: { eventId: event.id }, query: { limit: "5" } }),
    } satisfies Record<string, () => RequestParts | Promise<RequestParts>>);
  });
  afterAll(async () => database?.close());

  const bodyOf = (parts: RequestParts): RequestOptions => {
    if (parts.body !== undefined) return { json: parts.body };
    if (parts.upload) return { body: parts.upload.bytes, headers: { "content-type": parts.upload.contentType } };
    return {};
  };

  const fingerprint = async () => JSON.stringify(await queryRows(database.db, fingerprintQuery));

  function urlOf(operation: Operation, parts: RequestParts): string {
    const path = operation.template.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(parts.params?.[name] ?? ""),
    );
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(parts.query ?? {})) {
      for (const one of ([] as string[]).concat(value)) query.append(name, one);
    }
    return query.size ? `${path}?${query}` : path;
  }

  /**
   * Sends the request and checks the invariants: no 5xx, an answer the document describes, and
   * nothing written unless it succeeded. Returns the status.
   */
  async function sendChecked(operation: Operation, parts: RequestParts, options: RequestOptions = {}): Promise<number> {
    const url = urlOf(operation, parts);
    const before = await fingerprint();
    const response = await apiRequest(operation.method, url, {
      ...(parts.token ? { token } : {}),
      ...bodyOf(parts),
      ...options,
      headers: {
        [SOCKET_ADDRESS_HEADER]: `2001:db8:${(++addresses).toString(16)}::1`,
        ...bodyOf(parts).headers,
        ...options.headers,
      },
    });
    const label = `${operation.method} ${url.slice(0, 300)} ${JSON.stringify(parts.body ?? options.body ?? "").slice(0, 300)}`;
    expect(response.status, label).toBeLessThan(500);
    await conformance.assertResponse(operation.method, url, response);
    if (response.status >= 400) expect(await fingerprint(), `${label} wrote something`).toBe(before);
    return response.status;
  }

  const cases = operations.flatMap((operation) =>
    fieldsOf(operation).map((field) => [operation.spec.operationId, field.in, field.name, operation, field] as const),
  );

  it("has a valid request for every operation, and each succeeds", async () => {
    expect(Object.keys(fixtures).sort()).toEqual(operations.map((o) => o.spec.operationId).sort());
    const before = await fingerprint();
    for (const operation of operations) {
      const status = await sendChecked(operation, await fixtures[operation.spec.operationId]!());
      expect(status, operation.spec.operationId).toBeLessThan(300);
    }
    expect(await fingerprint(), "the fingerprint sees writes").not.toBe(before);
  });

  it.each(cases)("%s %s field %s: hostile values", async (operationId, _in, name, operation, field) => {
    const values: fc.Arbitrary<unknown> = field.in === "body" ? hostileJson : hostileText;
    const examples: Array<[unknown]> = [
      [MISSING],
      ...EDGE_TEXT.map((v) => [v] as [unknown]),
      ...(field.in === "body" ? EDGE_JSON.map((v) => [v] as [unknown]) : []),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(MISSING), values, fc.array(hostileText, { minLength: 2, maxLength: 3 })),
        async (value) => {
          const parts = await fixtures[operationId]!();
          const target =
            field.in === "path"
              ? (parts.params ??= {})
              : field.in === "query"
                ? (parts.query ??= {})
                : ((parts.body ??= {}) as Record<string, unknown>); // only object bodies have fields
          if (value === MISSING) {
            if (field.in === "path") return; // a path without the segment is another route
            delete target[name];
          } else if (field.in === "path") {
            if (typeof value !== "string" || !routable(value)) return;
            target[name] = value;
          } else if (field.in === "query" && typeof value !== "string" && !Array.isArray(value)) {
            return;
          } else {
            target[name] = value;
          }
          const status = await sendChecked(operation, parts);
          const wrongType =
            field.in === "body" && value !== MISSING && !admittedTypes(field.schema).has(jsonType(value));
          if ((value === MISSING && field.required) || wrongType)
            expect(status, `${name}=${value === MISSING ? "(missing)" : JSON.stringify(value).slice(0, 80)}`).toBe(400);
        },
      ),
      { numRuns: RUNS, examples },
    );
  });

  const withBody = operations.filter((o) => o.spec.requestBody?.content["application/json"]);
  it.each(withBody.map((o) => [o.spec.operationId, o] as const))(
    "%s: malformed JSON, other JSON values, wrong content types",
    async (operationId, operation) => {
      const notJson = fc.string({ maxLength: 60 }).filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      });
      await fc.assert(
        fc.asyncProperty(notJson, async (text) => {
          const parts = { ...(await fixtures[operationId]!()), body: undefined };
          expect(
            await sendChecked(operation, parts, { body: text, headers: { "content-type": "application/json" } }),
          ).toBe(400);
        }),
        { numRuns: RUNS },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constant(null),
            fc.boolean(),
            fc.double(),
            fc.string(),
            fc.array(fc.anything(), { maxLength: 3 }),
          ),
          async (json) => {
            const parts = { ...(await fixtures[operationId]!()), body: undefined };
            expect(
              await sendChecked(operation, parts, {
                body: JSON.stringify(json),
                headers: { "content-type": "application/json" },
              }),
            ).toBe(400);
          },
        ),
        { numRuns: RUNS },
      );
      const contentTypes = fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "",
        "json",
      );
      await fc.assert(
        fc.asyncProperty(contentTypes, async (contentType) => {
          const parts = await fixtures[operationId]!();
          const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
          expect(
            await sendChecked(operation, { ...parts, body: undefined }, { body: JSON.stringify(parts.body), headers }),
          ).toBe(415);
        }),
        { numRuns: 6 },
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ minLength: 1, maxLength: 20 }), hostileJson, async (name, value) => {
          const parts = await fixtures[operationId]!();
          const known = Object.keys(
            (deref(operation.spec.requestBody!.content["application/json"]!.schema).properties ?? {}) as object,
          );
          fc.pre(!known.includes(name));
          await sendChecked(operation, { ...parts, body: { ...parts.body, [name]: value } });
        }),
        { numRuns: RUNS },
      );
    },
  );

  // uploadActivity takes any bytes (also octet-stream and multipart) and tells the format by content; a
  // cut or changed text file may still be a valid one: its own fuzzing is in lib/adapters/api/activities.test.ts.
  const withFile = operations.filter(
    (o) =>
      o.spec.requestBody && !o.spec.requestBody.content["application/json"] && o.spec.operationId !== "uploadActivity",
  );
  it.each(withFile.map((o) => [o.spec.operationId, o] as const))(
    "%s: bytes that are no accepted file, and wrong content types",
    async (operationId, operation) => {
      const accepted = Object.keys(operation.spec.requestBody!.content);
      const { upload } = await fixtures[operationId]!();
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ maxLength: 100 }).map((text) => new TextEncoder().encode(text)),
        // The real file cut short within its pixels (a PNG without its 12-byte end chunk is whole),
        // or with one of its first bytes changed.
        fc.nat({ max: upload!.bytes.length - 13 }).map((end) => upload!.bytes.subarray(0, end)),
        fc.tuple(fc.nat({ max: 16 }), fc.integer({ min: 0, max: 255 })).map(([at, value]) => {
          const copy = new Uint8Array(upload!.bytes);
          copy[at] = copy[at] === value ? value ^ 1 : value;
          return copy;
        }),
      );
      await fc.assert(
        fc.asyncProperty(bytes, fc.constantFrom(...accepted), async (body, contentType) => {
          const parts = { ...(await fixtures[operationId]!()), upload: { contentType, bytes: body } };
          expect(await sendChecked(operation, parts)).toBe(400);
        }),
        { numRuns: RUNS * 2 },
      );
      const contentTypes = fc.constantFrom(
        "image/svg+xml",
        "image/gif",
        "application/json",
        "application/octet-stream",
        "text/plain",
        "multipart/form-data; boundary=x",
        "",
      );
      await fc.assert(
        fc.asyncProperty(contentTypes, async (contentType) => {
          const parts = { ...(await fixtures[operationId]!()), upload: { ...upload!, contentType } };
          expect(await sendChecked(operation, parts)).toBe(415);
        }),
        { numRuns: 7 },
      );
    },
  );

  const withToken = operations.filter((o) => o.spec.security.length > 0);
  it.each(withToken.map((o) => [o.spec.operationId, o] as const))(
    "%s: hostile Authorization headers get 401",
    async (operationId, operation) => {
      const authorization = fc.oneof(
        fc.string({ unit: "grapheme-ascii", maxLength: 80 }),
        fc.string({ unit: "grapheme-ascii", maxLength: 80 }).map((junk) => `Bearer ${junk}`),
        fc.constantFrom(
          "Bearer",
          "Bearer ",
          "bearer rk_",
          `Bearer rk_${"A".repeat(43)}`,
          `Basic ${btoa("a:b")}`,
          `Bearer ${"x".repeat(8000)}`,
        ),
      );
      await fc.assert(
        fc.asyncProperty(authorization, async (value) => {
          const parts = { ...(await fixtures[operationId]!()), token: false };
          expect(await sendChecked(operation, parts, { headers: { authorization: value } })).toBe(401);
        }),
        { numRuns: RUNS },
      );
    },
  );

  // An operation that forgot the access policy (lib/domain/access) would serve the stranger.
  const withResource = withToken.filter((o) => o.template.includes("{"));
  it.each(withResource.map((o) => [o.spec.operationId, o] as const))(
    "%s: another organiser's event or starter is answered as an unknown one, and nothing is written",
    async (operationId, operation) => {
      const parts = await fixtures[operationId]!();
      const send = async (params: Record<string, string> | undefined, as: string) => {
        const url = urlOf(operation, { ...parts, params });
        const response = await apiRequest(operation.method, url, { ...bodyOf(parts), token: as });
        return { status: response.status, body: await response.text() };
      };
      const before = await fingerprint();
      const stranger = await send(parts.params, strangerToken);
      expect(await fingerprint(), "the stranger wrote something").toBe(before);
      expect(stranger.status).toBe(404);
      const unknownIds = Object.fromEntries(Object.keys(parts.params ?? {}).map((name) => [name, crypto.randomUUID()]));
      expect(stranger).toEqual(await send(unknownIds, token));
    },
  );

  it.each(operations.map((o) => [o.spec.operationId, o] as const))(
    "%s: unknown query parameters change nothing",
    async (operationId, operation) => {
      const known = new Set((operation.spec.parameters ?? []).map((p) => p.name));
      await fc.assert(
        fc.asyncProperty(
          fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !known.has(name)),
          hostileText,
          async (name, value) => {
            const parts = await fixtures[operationId]!();
            expect(await sendChecked(operation, { ...parts, query: { ...parts.query, [name]: value } })).toBeLessThan(
              300,
            );
          },
        ),
        { numRuns: 10 },
      );
    },
  );
});
