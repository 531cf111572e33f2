import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { logError, logger } from "@/lib/platform/log";
import { purgeExpired, type RetentionSettings } from "./purge";

export const retentionSettings = (): RetentionSettings => {
  const config = getConfig();
  return {
    visitDays: config.RETENTION_VISIT_DAYS,
    idempotencyDays: config.RETENTION_IDEMPOTENCY_DAYS,
    auditDays: config.RETENTION_AUDIT_DAYS,
    webhookDeliveryDays: config.RETENTION_WEBHOOK_DELIVERY_DAYS,
  };
};

const globalStore = globalThis as typeof globalThis & { __racekeysPurgeTimer?: NodeJS.Timeout };

/**
 * Purges every RETENTION_PURGE_MINUTES in this server process (first one interval after start, so a
 * restart under load adds nothing). Instances purge under one advisory lock, so several running the
 * same schedule do the work once; the timer never keeps a stopping process alive. Returns `stop`.
 */
export function scheduleRetention(): () => void {
  const stop = () => {
    clearInterval(globalStore.__racekeysPurgeTimer);
    globalStore.__racekeysPurgeTimer = undefined;
  };
  const minutes = getConfig().RETENTION_PURGE_MINUTES;
  if (minutes === 0 || globalStore.__racekeysPurgeTimer) return stop;
  const purge = async () => {
    try {
      const purged = await purgeExpired(await getDb(), retentionSettings());
      if (purged) logger.info({ purged }, "retention purge");
    } catch (error) {
      logError(error, { during: "retention purge" });
    }
  };
  globalStore.__racekeysPurgeTimer = setInterval(purge, minutes * 60_000).unref();
  return stop;
}
