import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { Config } from "@/lib/platform/config";

/**
 * OpenTelemetry tracing, loaded by instrumentation.ts only when OTEL_EXPORTER_OTLP_ENDPOINT is set:
 * a global tracer provider that sends spans in batches to the OTLP/HTTP collector at
 * `<endpoint>/v1/traces`. Next.js's own spans (one per request with its route, rendering, route
 * handlers, fetches) are recorded once a provider is registered. Returns a flush for tests.
 */
export function startTracing(
  config: Pick<Config, "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_SERVICE_NAME">,
): () => Promise<void> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) throw new Error("OTEL_EXPORTER_OTLP_ENDPOINT is not set");
  const exporter = new OTLPTraceExporter({ url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.OTEL_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return () => provider.forceFlush();
}
