/**
 * `npm start`: builds the production app when sources are newer than the last build, then serves its
 * standalone server (`node server.js`, as a deployment does) on PORT, on every interface.
 * Migrations and the demo seed run inside the server (instrumentation.ts).
 */
import { getConfig } from "@/lib/platform/config";
import { buildApp, buildIsStale, spawnStandalone, standaloneDir } from "@/scripts/build";

const config = getConfig();
if (buildIsStale(config.NEXT_DIST_DIR)) {
  process.stdout.write("Racekeys: building the production app (once per change)…\n");
  const status = buildApp(config.NEXT_DIST_DIR);
  if (status !== 0) process.exit(status);
}
const server = spawnStandalone(standaloneDir(config.NEXT_DIST_DIR), {
  hostname: "0.0.0.0",
  port: config.PORT,
  pgliteDir: config.PGLITE_DIR,
});
warmUp();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * Next.js runs instrumentation (migrations, demo seed) on the first request; ask for readiness right
 * away so that happens, and the seed message is printed, at start rather than on a visitor's request.
 * Then say where the server is and where its links point: they differ when PUBLIC_URL is set.
 */
async function warmUp(): Promise<void> {
  const url = `http://127.0.0.1:${config.PORT}/api/ready`;
  for (let attempt = 0; attempt < 120; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      process.stdout.write(
        `Racekeys is ready on http://localhost:${config.PORT}\n` +
          `  Key links, QR codes, labels and exports point to ${config.PUBLIC_URL} (PUBLIC_URL)\n`,
      );
      return;
    }
  }
}
