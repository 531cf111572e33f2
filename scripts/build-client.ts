/**
 * `npm run build:client`: turns the landing page's browser script (TypeScript, type-checked and
 * linted like the rest) into the minified ES5 string that the page inlines, and checks it in as a
 * module. The server then needs no build step and no esbuild; a test fails when the two drift apart.
 * TypeScript lowers the source to ES5 (esbuild cannot lower `const` or `for…of` that far), esbuild
 * minifies it and refuses anything that still is not ES5.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { transform } from "esbuild";
import ts from "typescript";

export const CLIENT_SOURCE = "lib/adapters/landing/client/redeem-page.ts";
export const CLIENT_MODULE = "lib/adapters/landing/client/redeem-page.min.ts";

/** The inline script built from the source file's text. */
export async function buildClientScript(source: string): Promise<string> {
  const es5 = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.ESNext, removeComments: true },
  }).outputText;
  const { code } = await transform(es5, { loader: "js", format: "iife", target: "es5", minify: true });
  const script = code.trim();
  // Inside <script> these would end the element or start a comment the parser treats specially.
  if (/<\/script|<!--/i.test(script)) throw new Error(`${CLIENT_SOURCE} builds to markup the page cannot inline`);
  return script;
}

/** The text of the checked-in module that carries the built script. */
export async function clientModuleText(): Promise<string> {
  const script = await buildClientScript(readFileSync(CLIENT_SOURCE, "utf8"));
  return (
    `// Built from ./redeem-page.ts by \`npm run build:client\`: do not edit (a test checks it is current).\n` +
    `export const REDEEM_PAGE_SCRIPT =\n  ${JSON.stringify(script)};\n`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(CLIENT_MODULE, await clientModuleText());
  process.stdout.write(`${CLIENT_MODULE} written\n`);
}
