import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/platform/config";
import type { HttpMethod } from "@/lib/adapters/http/operation";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/ratelimit/client-address";
import { fitFile, samplePoints } from "@/testing/activities";
import { apiRequest, newOrganiser } from "@/testing/client";
import { openTestDatabase, type TestDatabase } from "@/testing/database";
import { appRoutes } from "@/testing/routes";
import { Conformance, type OperationObject } from "./conformance";
import { allOperations, COMPONENT_REF, exampleOf, openApiDocument } from "./document";

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const document = openApiDocument(getConfig().PUBLIC_URL);
const conformance = new Conformance(document);
const operations = Object.entries(document.paths).flatMap(([template, item]) =>
  Object.entries(item as Record<string, OperationObject>).map(([method, operation]) => ({
    template,
    method,
    operation,
  })),
);

/** Every route.ts under app/api, with the OpenAPI path Next.js serves it at. */
const routeFiles = () => appRoutes().filter((route) => route.template.startsWith("/api/"));

describe("the OpenAPI document", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(async () => database?.close());

  it("describes every method of every route handler under app/api, and nothing else", async () => {
    const routes = routeFiles();
    expect(routes.length).toBeGreaterThanOrEqual(13);
    expect(routes.map((r) => r.template).sort()).toEqual(Object.keys(document.paths).sort());
    for (const { file, template } of routes) {
      const handlers = (await import(file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
      const url = `http://racekeys.test${template.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000")}`;
      for (const method of METHODS) {
        const documented = Boolean((document.paths[template] as Record<string, unknown>)[method.toLowerCase()]);
        const handler = handlers[method];
        expect(handler, `${template} exports ${method}`).toBeTypeOf("function");
        const response = await handler!(new Request(url, { method }), { params: Promise.resolve({}) });
        // Undocumented methods must be the 405 fallback of routeMethods; documented ones must not.
        expect(response.status === 405, `${method} ${template} documented: ${documented}`).toBe(!documented);
      }
    }
  });

  it("is OpenAPI 3.1 with unique operation ids, the Bearer scheme, and one error shape", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(new Set(operations.map((o) => o.operation.operationId)).size).toBe(operations.length);
    expect(operations.map((o) => o.operation.operationId).sort()).toEqual(
      allOperations.map((o) => o.operationId).sort(),
    );
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
    for (const operation of allOperations) {
      const documented = (document.paths[operation.path] as Record<string, { security: unknown[] }>)[
        operation.method.toLowerCase()
      ]!;
      // Every token operation states the scopes it needs (an empty list: any valid token).
      if (operation.auth === "token") expect(operation.scopes, operation.operationId).toBeDefined();
      expect(documented.security).toEqual(operation.auth === "token" ? [{ bearerAuth: operation.scopes }] : []);
    }
    for (const { operation } of operations) {
      expect(operation.responses.default?.content?.["application/json"]?.schema).toEqual({
        $ref: `${COMPONENT_REF}Error`,
      });
    }
  });

  it("keeps summaries plain text: Markdown (`code`) goes into the description, which Swagger UI renders", () => {
    type Described = { summary: string; description?: string };
    for (const { operation } of operations) expect((operation as unknown as Described).summary).not.toContain("`");
    const listEvents = (document.paths["/api/events"] as Record<string, Described>).get!;
    expect(listEvents.summary).toContain("with archived=true the archived ones");
    expect(listEvents.description).toContain("with `archived=true` the archived ones");
  });

  it("names every path parameter of every template, and every reference resolves", () => {
    for (const { template, operation } of operations) {
      const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((p) => p.in === "path")
        .map((p) => p.name)
        .sort();
      expect(declared, template).toEqual(inTemplate);
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref.startsWith(COMPONENT_REF), ref).toBe(true);
      expect(document.components.schemas, ref).toHaveProperty([ref.slice(COMPONENT_REF.length)]);
    }
  });

  it("lists the QR options of the image and the label PDF, and the labels' order and range", () => {
    const names = (template: string) =>
      operations.find((o) => o.template === template && o.method === "get")!.operation.parameters!.map((p) => p.name);
    const qr = ["ecc", "margin", "dark", "light"];
    expect(names("/api/starters/actions/generate_key_qrcode")).toEqual(expect.arrayContaining(qr));
    expect(names("/api/events/{eventId}/starter_keys")).toEqual(expect.arrayContaining([...qr, "sort", "from", "to"]));
  });

  it("has an example for every body and parameter, and every example fits its schema", () => {
    let checked = 0;
    for (const { template, method, operation } of operations) {
      const media = [
        ...Object.values(operation.requestBody?.content ?? {}),
        ...Object.values(operation.responses).flatMap((r) => Object.values(r.content ?? {})),
      ].filter((m) => m.schema.type !== "string");
      for (const { schema, example } of media) {
        expect(example, `${method} ${template}`).toBeDefined();
        expect(conformance.problems(schema, example), `${method} ${template} ${JSON.stringify(example)}`).toEqual([]);
        checked++;
      }
      for (const parameter of operation.parameters ?? []) {
        const example = parameter.example ?? exampleOf(parameter.schema, document.components.schemas as never);
        expect(conformance.problems(parameter.schema, example), `${template} ${parameter.name}`).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it("the conformance check refuses what the document does not say", async () => {
    const check = (response: Response, method = "GET") => conformance.assertResponse(method, "/api/inspect", response);
    await expect(check(Response.json({ userId: "not-a-uuid" }))).rejects.toThrow(/userId/);
    await expect(check(Response.json({ userId: crypto.randomUUID(), extra: 1 }))).rejects.toThrow(/extra/);
    await expect(check(new Response("x", { headers: { "content-type": "text/plain" } }))).rejects.toThrow(
      /content type "text\/plain"/,
    );
    await expect(check(Response.json({ error: { code: "conflict", message: "m" } }, { status: 401 }))).rejects.toThrow(
      /expected "unauthorized"/,
    );
    await expect(check(Response.json({ message: "m" }, { status: 500 }))).rejects.toThrow(/error/);
    await expect(check(Response.json({}), "DELETE")).rejects.toThrow(/not in the document/);
    await expect(check(Response.json({ userId: crypto.randomUUID() }))).resolves.toBe("inspectToken");
  });

  it("is served at /api/openapi.json and conforms to itself", async () => {
    const response = await apiRequest("GET", "/api/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    await conformance.assertResponse("GET", "/api/openapi.json", response);
    expect(await response.json()).toEqual(document);
  });

  it("real responses of every operation, successes and errors, validate against it", async () => {
    const { token } = await newOrganiser(database.db);
    const { token: otherToken } = await newOrganiser(database.db);
    const answered = new Map<string, Set<number>>();
    const send = async (method: string, url: string, options: Parameters<typeof apiRequest>[2] = {}) => {
      const response = await apiRequest(method, url, options);
      const operationId = await conformance.assertResponse(method, url, response);
      answered.set(operationId, (answered.get(operationId) ?? new Set()).add(response.status));
      return response;
    };
    const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;

    await send("GET", "/api/health");
    await send("GET", "/api/ready");
    await send("GET", "/api/openapi.json");
    await send("GET", "/api/inspect", { token });
    await send("GET", "/api/inspect");
    const event = await json<{ id: string; passcode: string; slug: string }>(
      send("POST", "/api/events", { token, json: { name: "Conformance Run", startsAt: "2027-05-01T08:00:00+02:00" } }),
    );
    await send("POST", "/api/events", { token, json: { name: "" } });
    await send("POST", "/api/events", { token, json: { name: "Dup", slug: event.slug } });
    await send("POST", "/api/events", { token, body: "{not json", headers: { "content-type": "application/json" } });
    await send("POST", "/api/events", {
      token,
      body: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    await send("POST", "/api/events", {
      token,
      body: JSON.stringify({ name: "x".repeat(1_000_001) }),
      headers: { "content-type": "application/json" },
    });
    await send("GET", "/api/events", { token });
    await send("GET", `/api/events/${event.id}`, { token });
    await send("GET", `/api/events/${event.id}`, { token: otherToken });
    await send("GET", "/api/events/not-a-uuid", { token });
    await send("PATCH", `/api/events/${event.id}`, { token, json: { endsAt: "2027-05-01T18:00:00Z" } });
    await send("PATCH", `/api/events/${event.id}`, { token, json: {} });
    await send("PATCH", `/api/events/${event.id}`, { token, json: { accentColor: "#ffcc00" } });
    await send("PATCH", `/api/events/${event.id}`, { token, json: { archived: true } });
    await send("GET", "/api/events?archived=true", { token });
    await send("GET", "/api/events?archived=1", { token });
    await send("PATCH", `/api/events/${event.id}`, { token, json: { archived: false } });
    const doomed = await json<{ id: string; slug: string }>(
      send("POST", "/api/events", { token, json: { name: "Conformance Doomed Run" } }),
    );
    await send("DELETE", `/api/events/${doomed.id}`, { token });
    await send("DELETE", `/api/events/${doomed.id}?confirm=wrong`, { token });
    await send("DELETE", `/api/events/${doomed.id}?confirm=${doomed.slug}`, { token: otherToken });
    await send("DELETE", `/api/events/${doomed.id}?confirm=${doomed.slug}`, { token });
    const logo = `/api/events/${event.id}/logo`;
    const png = { "content-type": "image/png" };
    const logoImage = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#0b63ce" } })
      .png()
      .toBuffer();
    const branded = await json<{ logo: { url: string } }>(send("PUT", logo, { token, body: logoImage, headers: png }));
    await send("PUT", logo, { token, body: "<svg/>", headers: { "content-type": "image/svg+xml" } });
    await send("PUT", logo, { token, body: "<svg/>", headers: png });
    await send("PUT", logo, { token, body: new Uint8Array(1_000_001), headers: png });
    await send("PUT", logo, { token: otherToken, body: logoImage, headers: png });
    await send("PUT", logo, { body: logoImage, headers: png });
    const served = await send("GET", branded.logo.url);
    await send("GET", branded.logo.url, { headers: { "if-none-match": served.headers.get("etag")! } });
    await send("DELETE", logo, { token });
    await send("DELETE", logo, { token: otherToken });
    await send("GET", logo);
    await send("GET", "/api/events/not-a-uuid/logo");
    const renewed = await json<{ passcode: string }>(
      send("POST", `/api/events/${event.id}/actions/regenerate_passcode`, { token }),
    );
    const mint = `/api/events/${event.id}/actions/generate_starter_keys`;
    const keys = await json<Array<{ id: string; key: string }>>(
      send("POST", `${mint}?count=3`, { token, headers: { "idempotency-key": "k1" } }),
    );
    await send("POST", `${mint}?count=3`, { token, headers: { "idempotency-key": "k1" } });
    await send("POST", `${mint}?count=4`, { token, headers: { "idempotency-key": "k1" } });
    await send("POST", `${mint}?count=0`, { token });
    await send("GET", `/api/events/${event.id}/starter_keys`, { token });
    await send("GET", `/api/events/${event.id}/starter_keys?format=csv&delimiter=semicolon`, { token });
    await send("GET", `/api/events/${event.id}/starter_keys?format=xml`, { token });
    const starterList = `/api/events/${event.id}/starters`;
    const bought = await json<{ id: string }>(
      send("POST", starterList, { token, json: { importId: "o-1", name: "Ann" } }),
    );
    await send("POST", starterList, { token, json: { importId: "o-1" } });
    await send("POST", starterList, { token, json: { importId: "o-2", startNumber: "5" } });
    await send("POST", starterList, { token, json: { importId: "o-3", startNumber: "5" } });
    await send("POST", starterList, { token, json: {} });
    await send("POST", starterList, { token: otherToken, json: { importId: "o-4" } });
    await send("GET", `${starterList}?limit=1`, { token });
    await send("GET", `${starterList}?format=csv&keyUsed=false`, { token });
    await send("GET", `${starterList}?cursor=nope`, { token });
    const rows = (body: unknown) => ({
      token,
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
    await send("PUT", `${starterList}?dryRun=true`, rows([{ importId: "o-1", name: "Anne" }]));
    await send("PUT", starterList, rows([{ importId: "o-1", name: "Anne" }]));
    await send("PUT", starterList, rows([{ importId: "o-9", name: "" }]));
    await send("PUT", starterList, rows({ importId: "o-9" }));
    await send("PUT", starterList, { token, body: "importId,name\no-5,Cy\n", headers: { "content-type": "text/csv" } });
    await send("PUT", starterList, { token, body: "<x/>", headers: { "content-type": "application/xml" } });
    await send("PUT", starterList, { ...rows([]), token: otherToken });
    await send("PATCH", `/api/starters/${bought.id}`, { token, json: { name: "Annie" } });
    await send("PATCH", `/api/starters/${bought.id}`, { token, json: { startNumber: "5" } });
    await send("PATCH", `/api/starters/${bought.id}`, { token, json: {} });
    await send("PATCH", `/api/starters/${bought.id}`, { token: otherToken, json: { name: "x" } });
    await send("GET", `/api/events/${event.id}/usage`, { token });
    await send("GET", `/api/events/${event.id}/usage?format=csv`, { token });
    await send("GET", `/api/events/${event.id}/usage?format=xml`, { token });
    await send("GET", `/api/events/${event.id}/usage`, { token: otherToken });
    const qr = "/api/starters/actions/generate_key_qrcode?key=K84N2S";
    const image = await send("GET", qr);
    await send("GET", `${qr}&format=svg&size=128`);
    await send("GET", qr, { headers: { "if-none-match": image.headers.get("etag")! } });
    await send("GET", "/api/starters/actions/generate_key_qrcode?key=nope");

    const client = { [SOCKET_ADDRESS_HEADER]: "192.0.2.10" };
    const resolve = "/api/starters/actions/resolve_key";
    await send("GET", `${resolve}?key=${keys[0]!.key}`, { headers: client });
    await send("GET", `${resolve}?key=${renewed.passcode}`, { headers: client });
    await send("GET", `${resolve}?key=ZZZZZZ`, { headers: client });
    await send("GET", resolve, { headers: client });
    const redeem = "/api/starters/actions/redeem_key";
    await send("POST", redeem, { json: { key: keys[0]!.key, deviceId: "phone-1", name: "Zoë" }, headers: client });
    await send("POST", redeem, { json: { key: keys[0]!.key, deviceId: "phone-2" }, headers: client });
    await send("POST", redeem, {
      json: { key: renewed.passcode, deviceId: "phone-2", startNumber: "9" },
      headers: client,
    });
    await send("POST", redeem, { json: { key: "nope", deviceId: "phone-2" }, headers: client });
    await send("POST", redeem, { json: { key: keys[1]!.key }, headers: client });
    await send("POST", redeem, { body: "key=x", headers: { ...client, "content-type": "text/plain" } });
    const ended = await json<{ passcode: string }>(
      send("POST", "/api/events", {
        token,
        json: { name: "Ended", startsAt: "2020-01-01T08:00:00Z", endsAt: "2020-01-01T12:00:00Z" },
      }),
    );
    await send("POST", redeem, { json: { key: ended.passcode, deviceId: "phone-3" }, headers: client });
    for (let i = 0; i < getConfig().LOOKUP_FAILURES_PER_ADDRESS[0]!.failures; i++) {
      await send("GET", `${resolve}?key=QQQQ${i}`, { headers: { [SOCKET_ADDRESS_HEADER]: "192.0.2.99" } });
    }
    await send("GET", `${resolve}?key=QQQQQQ`, { headers: { [SOCKET_ADDRESS_HEADER]: "192.0.2.99" } });
    const release = (id: string) => `/api/starters/${id}/actions/release_key`;
    await send("POST", release(keys[0]!.id), { token });
    await send("POST", release(keys[0]!.id));
    await send("POST", release(keys[0]!.id), { token: otherToken });
    await send("POST", release("nope"), { token });
    const made = await json<{ id: string; token: string }>(
      send("POST", "/api/tokens", { token, json: { name: "Desk", scopes: ["keys:read"], eventIds: [event.id] } }),
    );
    await send("POST", "/api/tokens", { token, json: { name: "", scopes: [] } });
    await send("GET", "/api/tokens", { token });
    await send("GET", "/api/tokens", { token: made.token });
    await send("DELETE", `/api/tokens/${made.id}`, { token });
    await send("DELETE", `/api/tokens/${made.id}`, { token });
    await send("POST", "/api/invitations", { token, json: { email: "desk@example.com", role: "helpdesk" } });
    await send("POST", "/api/invitations", { token, json: { email: "nobody", role: "chief" } });
    await send("GET", `/api/events/${event.id}/audit_log?limit=2`, { token });
    await send("GET", `/api/events/${event.id}/audit_log?limit=0`, { token });
    await send("GET", `/api/events/${event.id}/audit_log`, { token: otherToken });
    const uploadPath = (key: string) => `/api/starters/actions/upload_activity?key=${key}`;
    const fit = { body: fitFile(samplePoints(30)), headers: { "content-type": "application/vnd.ant.fit" } };
    const activity = await json<{ id: string }>(send("POST", uploadPath(keys[1]!.key), fit));
    await send("POST", uploadPath(keys[1]!.key), fit);
    await send("POST", uploadPath(keys[2]!.key), { body: "", headers: { "content-type": "application/gpx+xml" } });
    await send("POST", uploadPath(keys[2]!.key), { body: "x", headers: { "content-type": "image/png" } });
    await send("POST", uploadPath(renewed.passcode), fit);
    await send("POST", uploadPath("QQQQQQ"), {
      ...fit,
      headers: { ...fit.headers, [SOCKET_ADDRESS_HEADER]: "192.0.2.98" },
    });
    await send("POST", uploadPath(keys[2]!.key), { body: new Uint8Array(26 * 1024 ** 2), headers: fit.headers });
    const activitiesPath = `/api/events/${event.id}/activities`;
    await send("GET", activitiesPath, { token });
    await send("GET", `${activitiesPath}?limit=0`, { token });
    await send("GET", activitiesPath, { token: otherToken });
    for (const format of ["json", "geojson", "gpx", "kml"]) {
      await send("GET", `${activitiesPath}/${activity.id}?format=${format}`, { token });
    }
    await send("GET", `${activitiesPath}/${event.id}`, { token });
    await send("DELETE", `${activitiesPath}/${activity.id}`, { token });
    await send("DELETE", `${activitiesPath}/${activity.id}`, { token });

    const hooks = "/api/webhooks";
    const hook = await json<{ id: string }>(
      send("POST", hooks, {
        token,
        json: { url: "https://93.184.216.34/hooks", eventTypes: ["keys.minted"], eventIds: [event.id] },
      }),
    );
    await send("POST", hooks, { token, json: { url: "http://127.0.0.1/hooks", eventTypes: ["keys.minted"] } });
    await send("POST", hooks, {
      token: otherToken,
      json: { url: "https://93.184.216.34/x", eventTypes: ["keys.minted"], eventIds: [event.id] },
    });
    await send("GET", hooks, { token });
    await send("GET", hooks);
    await send("POST", `${hooks}/${hook.id}/actions/rotate_secret`, { token });
    await send("POST", `${hooks}/${hook.id}/actions/rotate_secret`, { token: otherToken });
    const test = await json<{ id: string }>(send("POST", `${hooks}/${hook.id}/actions/send_test`, { token }));
    await send("POST", `${hooks}/${hook.id}/actions/send_test`, { token: otherToken });
    await send("GET", `${hooks}/${hook.id}/deliveries`, { token });
    await send("GET", `${hooks}/${hook.id}/deliveries`, { token: otherToken });
    await send("POST", `${hooks}/${hook.id}/deliveries/${test.id}/actions/redeliver`, { token });
    await send("POST", `${hooks}/${hook.id}/deliveries/msg_nope/actions/redeliver`, { token });
    await send("DELETE", `${hooks}/${hook.id}`, { token: otherToken });
    await send("DELETE", `${hooks}/${hook.id}`, { token });

    for (const operation of allOperations) {
      const statuses = [...(answered.get(operation.operationId) ?? [])];
      expect(
        statuses.some((s) => s < 300),
        `${operation.operationId} answered ${statuses}`,
      ).toBe(true);
    }
    expect(answered.get("resolveKey")).toEqual(new Set([200, 404, 400, 429]));
    expect(answered.get("redeemKey")).toEqual(new Set([200, 409, 404, 400, 415, 410]));
    expect(answered.get("createEvent")).toEqual(new Set([201, 400, 409, 415, 413]));
    expect(answered.get("updateEvent")).toEqual(new Set([200, 400]));
    expect(answered.get("listEvents")).toEqual(new Set([200, 400]));
    expect(answered.get("deleteEvent")).toEqual(new Set([400, 404, 204]));
    expect(answered.get("putEventLogo")).toEqual(new Set([200, 415, 400, 413, 404, 401]));
    expect(answered.get("getEventLogo")).toEqual(new Set([200, 304, 404, 400]));
    expect(answered.get("checkoutStarter")).toEqual(new Set([201, 200, 409, 400, 404]));
    expect(answered.get("listStarters")).toEqual(new Set([200, 400]));
    expect(answered.get("upsertStarters")).toEqual(new Set([200, 422, 400, 415, 404]));
    expect(answered.get("updateStarter")).toEqual(new Set([200, 409, 400, 404]));
    expect(answered.get("getUsage")).toEqual(new Set([200, 400, 404]));
    expect(answered.get("createWebhook")).toEqual(new Set([201, 400, 404]));
    expect(answered.get("listWebhooks")).toEqual(new Set([200, 401]));
    expect(answered.get("rotateWebhookSecret")).toEqual(new Set([200, 404]));
    expect(answered.get("sendWebhookTest")).toEqual(new Set([202, 404]));
    expect(answered.get("listWebhookDeliveries")).toEqual(new Set([200, 404]));
    expect(answered.get("redeliverWebhook")).toEqual(new Set([202, 404]));
    expect(answered.get("deleteWebhook")).toEqual(new Set([204, 404]));
  });
});
