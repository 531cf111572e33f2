/**
 * This process's key lookups in flight per address, and the refused ones waiting for points to
 * come back. Attempts in flight hold points (consume first), so while the database is slow a
 * venue's real lookups would refuse each other on their one address; a refused lookup therefore
 * waits while lookups of its address are in flight here, and retries as each one gives points back
 * (a found key, a forgiven typo). Failures give nothing back, so a guesser's refused burst wakes
 * only at its deadline and is refused again.
 */
export interface InFlightLookups {
  begin(address: string): void;
  /** The lookup was answered; `freedPoints` came back (1 for a found key, plus typos forgiven). */
  end(address: string, freedPoints: number): void;
  busy(address: string): boolean;
  /** Resolves when points of the address come back, or after `timeoutMs`. */
  pointsBack(address: string, timeoutMs: number): Promise<void>;
}

export function createInFlightLookups(): InFlightLookups {
  const inFlight = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  return {
    begin(address) {
      inFlight.set(address, (inFlight.get(address) ?? 0) + 1);
    },
    end(address, freedPoints) {
      const left = (inFlight.get(address) ?? 1) - 1;
      if (left > 0) inFlight.set(address, left);
      else inFlight.delete(address);
      for (const wake of (waiting.get(address) ?? []).slice(0, freedPoints)) wake();
    },
    busy: (address) => inFlight.has(address),
    pointsBack(address, timeoutMs) {
      return new Promise((resolve) => {
        const queue = waiting.get(address) ?? [];
        waiting.set(address, queue);
        const wake = () => {
          clearTimeout(timer);
          queue.splice(queue.indexOf(wake), 1);
          if (!queue.length) waiting.delete(address);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(0, timeoutMs));
        queue.push(wake);
      });
    },
  };
}
