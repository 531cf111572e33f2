/**
 * The layers of the code (ARCHITECTURE.md): app/ and the top-level scripts compose lib/adapters,
 * which use lib/domain, which uses lib/platform and db/. Imports only point down; nothing imports
 * test tooling but tests, bench and scripts. Tests sit at the top: one beside a module may drive it
 * through the routes and adapters above it. `npm test` runs this check.
 */
const TESTS = "\\.test\\.ts$";

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "lib-not-to-app",
      comment: "lib/ is used by app/, never the other way round",
      severity: "error",
      from: { path: "^(lib|db)/", pathNot: TESTS },
      to: { path: "^app/" },
    },
    {
      name: "domain-not-to-adapters",
      comment: "domain code knows neither HTTP nor HTML",
      severity: "error",
      from: { path: "^lib/domain/", pathNot: TESTS },
      to: { path: "^lib/adapters/" },
    },
    {
      name: "platform-only-down",
      comment: "the platform (config, log, database helpers, limiter stores) knows no capability",
      severity: "error",
      from: { path: "^(lib/platform/|db/(?!seed/))", pathNot: TESTS },
      to: { path: "^lib/(domain|adapters)/" },
    },
    {
      name: "production-not-to-test-tooling",
      severity: "error",
      from: { path: "^(lib|app|db)/", pathNot: TESTS },
      to: { path: "^(testing|bench|scripts)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next[^/]*)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
