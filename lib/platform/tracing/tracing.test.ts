import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/testing/cluster";
import { hasPostgres, openTestDatabase, type TestDatabase } from "@/testing/database";
import { BUILD_TIMEOUT_MS, ensureTestBuild, startTestServer, type TestServer } from "@/testing/server";

/**
 * Tracing on a real server (the standalone build): with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a
 * local HTTP receiver, a request's spans arrive there as OTLP/HTTP JSON.
 */
// Skipped without TEST_DATABASE_URL (.ci/run sets it): the server runs on PostgreSQL.
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{
      spans?: Array<{ name: string; attributes?: Array<{ key: string; value: { stringValue?: string } }> }>;
    }>;
  }>;
}

describe.skipIf(!hasPostgres())("OpenTelemetry tracing", () => {
  let database: TestDatabase;
  let receiver: Server;
  let server: TestServer;
  const exports: Array<{ path: string; contentType: string; body: OtlpExport }> = [];

  beforeAll(async () => {
    await ensureTestBuild();
    database = await openTestDatabase("postgres");
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        exports.push({
          path: request.url ?? "",
          contentType: request.headers["content-type"] ?? "",
          body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as OtlpExport,
        });
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    const receiverPort = await freePort();
    await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
    server = await startTestServer(
      await freePort(),
      {
        DATABASE_URL: database.url!,
        SEED_DEMO: "never",
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiverPort}`,
        OTEL_SERVICE_NAME: "racekeys-tracing-test",
      },
      { standalone: true },
    );
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
    await database?.close();
  });

  it("sends the spans of a request to the OTLP/HTTP receiver", async () => {
    expect((await fetch(`${server.origin}/api/health`)).status).toBe(200);
    const spansOf = () =>
      exports.flatMap(({ body }) =>
        (body.resourceSpans ?? []).flatMap((resource) =>
          (resource.scopeSpans ?? []).flatMap((scope) =>
            (scope.spans ?? []).map((span) => ({
              name: span.name,
              attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, a.value.stringValue])),
              service: resource.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue,
            })),
          ),
        ),
      );
    // Spans are sent in batches about every 5 s.
    for (let i = 0; i < 100 && !spansOf().some((span) => span.name.includes("/api/health")); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(exports.every((e) => e.path === "/v1/traces" && e.contentType.startsWith("application/json"))).toBe(true);
    const health = spansOf().find((span) => span.name.includes("/api/health"));
    expect(health, JSON.stringify(spansOf().map((span) => span.name))).toBeDefined();
    expect(health!.service).toBe("racekeys-tracing-test");
  }, 60_000);
});
