// Bundles the extension and vscode-languageclient into one CommonJS file; `vscode` is provided
// by the extension host at run time.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const options = {
  entryPoints: ["src/extension.ts"],
  bundle: true,
  outfile: "dist/extension.js",
  external: ["vscode"],
  format: "cjs",
  platform: "node",
  target: "node18",
  sourcemap: !production,
  minify: production,
  logLevel: "info",
};

// The modules that do not need the `vscode` API, for the unit tests in test/unit/.
if (process.argv.includes("--unit")) {
  await esbuild.build({
    entryPoints: ["src/server-path.ts", "src/settings.ts"],
    bundle: false,
    outdir: "out/unit",
    format: "cjs",
    platform: "node",
    target: "node18",
    logLevel: "warning",
  });
  process.exit(0);
}

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
