/** Next.js calls this once per server process before serving (the Node.js runtime only). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return; // set by Next.js itself, not configuration
  const { getConfig } = await import("./lib/platform/config");
  // Tracing first, so start-up is traced too; its packages are loaded only when it is configured.
  if (getConfig().OTEL_EXPORTER_OTLP_ENDPOINT) (await import("./lib/platform/tracing")).startTracing(getConfig());
  const { prepareServer } = await import("./lib/platform/server/startup");
  const { seedDemo } = await import("./db/seed/demo");
  const { scheduleRetention } = await import("./lib/domain/retention/schedule");
  const { scheduleWebhookDelivery } = await import("./lib/domain/webhooks/schedule");
  await prepareServer(seedDemo);
  scheduleRetention();
  scheduleWebhookDelivery();
}
