import { defineConfig, type Plugin } from "vite";

/**
 * The service worker (src/sw.ts) is built as its own file, `/sw.js`, with the list of the app
 * shell's files written in: the hashed bundles of this build and the static files. Written here in
 * a few lines rather than with vite-plugin-pwa, whose workbox-build brings a second bundler
 * (docs/decisions.md).
 */
function serviceWorker(): Plugin {
  return {
    name: "rapport-service-worker",
    apply: "build",
    async generateBundle(_options, bundle) {
      const shell = ["/", ...Object.keys(bundle).map((file) => `/${file}`)].filter(
        (file) => !file.endsWith(".map") && file !== "/index.html" && file !== "/sw.js",
      );
      const { build } = await import("vite");
      const output = await build({
        configFile: false,
        logLevel: "warn",
        define: { __SHELL__: JSON.stringify(shell), __VERSION__: JSON.stringify(version(shell)) },
        build: {
          write: false,
          minify: true,
          lib: { entry: "src/sw.ts", formats: ["es"], fileName: () => "sw.js" },
        },
      });
      const chunk = (Array.isArray(output) ? output[0]! : output) as { output: { code: string }[] };
      this.emitFile({ type: "asset", fileName: "sw.js", source: chunk.output[0]!.code });
    },
  };
}

/** A short hash of the shell's file names: hashed bundles change their names when they change. */
function version(files: string[]): string {
  let hash = 5381;
  for (const char of files.join("|")) hash = ((hash * 33) ^ char.charCodeAt(0)) >>> 0;
  return hash.toString(36);
}

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { target: "es2022", sourcemap: false, assetsInlineLimit: 0 },
  plugins: [serviceWorker()],
  test: { environment: "happy-dom", include: ["test/**/*.test.ts", "test/**/*.test.tsx"] },
} as never);
