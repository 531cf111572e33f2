import { getDb } from "@/db/client";
import { getConfig } from "@/lib/platform/config";
import { logError } from "@/lib/platform/log";
import { setWebhookWake } from "./wake";
import { attempt, claimDue, leaseMs, type DeliverySettings } from "./worker";

export const deliverySettings = (): DeliverySettings => {
  const config = getConfig();
  return {
    timeoutMs: config.WEBHOOKS_TIMEOUT_MS,
    allowPrivateTargets: config.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
    retryBaseMs: config.WEBHOOKS_RETRY_BASE_MS,
    retryMaxDelayMs: config.WEBHOOKS_RETRY_MAX_DELAY_MS,
    retryHours: config.WEBHOOKS_RETRY_HOURS,
    disableAfterHours: config.WEBHOOKS_DISABLE_AFTER_HOURS,
  };
};

interface Worker {
  stop(): void;
  /** Polls now (after a local change), instead of at the next tick. */
  wake(): void;
}

const globalStore = globalThis as typeof globalThis & { __racekeysWebhookWorker?: Worker };

/**
 * The in-process delivery worker: every WEBHOOKS_POLL_MS one indexed query claims as many due
 * messages as it has free slots (WEBHOOKS_CONCURRENCY), and polls again at once while it finds
 * work. Every instance may run one: claims are exclusive (worker.ts). The timer never keeps a
 * stopping process alive; a message in flight when the process dies is retried after its lease.
 */
export function startWebhookWorker(): Worker {
  if (globalStore.__racekeysWebhookWorker) return globalStore.__racekeysWebhookWorker;
  const config = getConfig();
  const settings = deliverySettings();
  const lease = leaseMs(settings);
  let inFlight = 0;
  let polling = false;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const poll = async (): Promise<void> => {
    if (stopped) return;
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    try {
      const free = config.WEBHOOKS_CONCURRENCY - inFlight;
      if (free <= 0) return;
      const db = await getDb();
      const claimed = await claimDue(db, free, lease);
      for (const message of claimed) {
        inFlight++;
        void attempt(db, message, settings)
          .catch((error: unknown) => logError(error, { during: "webhook delivery" }))
          .finally(() => {
            inFlight--;
            void poll();
          });
      }
      if (claimed.length === free) again = true;
    } catch (error) {
      logError(error, { during: "webhook poll" });
    } finally {
      polling = false;
      if (again && !stopped) {
        again = false;
        setImmediate(() => void poll());
      }
    }
  };

  timer = setInterval(() => void poll(), config.WEBHOOKS_POLL_MS).unref();
  const worker: Worker = {
    stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      globalStore.__racekeysWebhookWorker = undefined;
      setWebhookWake(undefined);
    },
    wake: () => void poll(),
  };
  globalStore.__racekeysWebhookWorker = worker;
  setWebhookWake(worker.wake);
  return worker;
}

/** Started at server start unless WEBHOOKS_DELIVERY=off. */
export function scheduleWebhookDelivery(): () => void {
  if (getConfig().WEBHOOKS_DELIVERY === "off") return () => {};
  return startWebhookWorker().stop;
}
