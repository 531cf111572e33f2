import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/testing/cluster";
import { hasPostgres, openTestDatabase, SKIP_WITHOUT_POSTGRES, type TestDatabase } from "@/testing/database";
import { connectPostgres, type Database } from "./client";

/**
 * A TCP relay to the test's PostgreSQL that holds back the server's first answer of every
 * connection for `delayMs`: a connection set-up as slow as on a machine whose cores are busy.
 */
function slowRelay(target: URL, delayMs: number, port: number): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream);
    setTimeout(() => upstream.pipe(client), delayMs);
    for (const socket of [client, upstream]) socket.on("error", () => (client.destroy(), upstream.destroy()));
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

// Skipped without TEST_DATABASE_URL (CI always sets it): the relay needs a PostgreSQL server behind it.
describe.skipIf(!hasPostgres())("connection set-up: slow is waited for, away fails fast", () => {
  let database: TestDatabase;
  let target: URL;
  const opened: Database[] = [];
  const relays: net.Server[] = [];
  const connectVia = (port: number) => {
    const url = new URL(target);
    url.host = `127.0.0.1:${port}`;
    const handle = connectPostgres(url.toString(), { poolSize: 2 });
    opened.push(handle);
    return handle;
  };
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const outcome: { value?: T; error?: unknown } = await run().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return { ...outcome, ms: performance.now() - started };
  };

  beforeAll(async () => {
    database = await openTestDatabase("postgres");
    target = new URL(database.url!);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((handle) => handle.close()));
    await Promise.all(relays.splice(0).map((relay) => new Promise((resolve) => relay.close(resolve))));
  });
  afterAll(async () => database?.close());

  it("a set-up slower than 1.5 s is waited for, not failed (the database is up, the machine busy)", async () => {
    const port = await freePort();
    relays.push(await slowRelay(target, 2500, port));
    const handle = connectVia(port);
    const { value, ms } = await timed(() => handle.db.execute("select 1 as one"));
    expect(value).toEqual([{ one: 1 }]);
    expect(ms).toBeGreaterThanOrEqual(2400);
    expect(handle.reachability()).toBe("reachable");
  });

  it("nothing listening: refused at once and known unreachable; found again once it listens", async () => {
    const port = await freePort();
    const handle = connectVia(port);
    expect(handle.reachability()).toBe("unknown");
    const refused = await timed(() => handle.db.execute("select 1"));
    expect(JSON.stringify(refused)).toContain("ECONNREFUSED");
    expect(refused.ms).toBeLessThan(2000);
    expect(handle.reachability()).toBe("unreachable");
    relays.push(await slowRelay(target, 0, port));
    let answered = false;
    for (let attempt = 0; attempt < 20 && !answered; attempt++) {
      answered = await handle.db.execute("select 1").then(
        () => true,
        () => false,
      );
      if (!answered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answered).toBe(true);
    expect(handle.reachability()).toBe("reachable");
  });

  it("warming up opens the whole pool", async () => {
    const port = await freePort();
    let accepted = 0;
    const relay = await slowRelay(target, 0, port);
    relay.on("connection", () => accepted++);
    relays.push(relay);
    await connectVia(port).warmUp();
    expect(accepted).toBe(2);
  });
});

// Skipped only where the service is missing, so the run says why; CI has every service.
if (!hasPostgres()) describe("connection set-up", () => it.skip(SKIP_WITHOUT_POSTGRES, () => {}));
