// Generates the site's service worker with Workbox (called by loopguide/offline.py after a build).
//   node web/service-worker.mjs <site folder> '{"caches": {"pages", "files", "python"}, "cleanup", "pyodide"}'
// Prints {"urls": [precached paths], "bytes": their total size, "warnings": [Workbox's]} as JSON.
import path from "node:path";
import { generateSW, getManifest } from "workbox-build";

const [site, json] = process.argv.slice(2);
const { caches, cleanup, pyodide } = JSON.parse(json);

// The shell: Material's CSS and JS (its search worker too), our widgets, stylesheets and bundles,
// the kata harness, the app's icons and manifest, and the pages a reader starts from.
const glob = {
  globDirectory: site,
  globPatterns: [
    "assets/stylesheets/*.css", "assets/javascripts/*.js", "assets/javascripts/workers/*.js",
    "assets/js/*.js", "assets/css/*.css", "assets/*.css", "assets/vendor/*.js", "assets/kata/*.py",
    "assets/images/*.{png,svg,ico}", "manifest.webmanifest", "sitemap.xml",
    // search's fixed part (its index chunks and excerpts are cached as they are used)
    "pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.*.pagefind", "pagefind/*.pf_meta",
    "index.html", "offline/index.html", "diagnostic/index.html", "practice/index.html", "progress/index.html", "katas/index.html",
  ],
  globIgnores: ["**/*.map"],
  // Material's hashed file names are their own revision
  dontCacheBustURLsMatching: /\.[0-9a-f]{8,}\.min\.(js|css)$/,
};

const { manifestEntries, size, warnings } = await getManifest(glob);
const generated = await generateSW({
  ...glob,
  swDest: path.join(site, "sw.js"),
  mode: "production",
  inlineWorkboxRuntime: true,
  sourcemap: false,
  disableDevLogs: true,
  importScripts: [cleanup],
  cleanupOutdatedCaches: true,
  // Pagefind asks for its entry file with a cache-busting ?ts=; the precached copy is this build's
  ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^ts$/],
  clientsClaim: true,
  // A new build's worker waits until the reader presses Reload (the page posts SKIP_WAITING).
  skipWaiting: false,
  runtimeCaching: [
    {
      // The Python runtime: large and the same across builds, so kept per Pyodide version.
      urlPattern: new RegExp(pyodide.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")),
      handler: "CacheFirst",
      options: { cacheName: caches.python, cacheableResponse: { statuses: [200] } },
    },
    {
      // Pages, by navigation or by Material's instant navigation (a fetch of the page's URL):
      // the network first, so a new build is seen online; the cached copy when offline or slow.
      urlPattern: ({ request, url, sameOrigin }) => sameOrigin &&
        (request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html")),
      handler: "NetworkFirst",
      // A page neither online nor saved: the precached "You are offline" page, not the browser's error.
      options: { cacheName: caches.pages, networkTimeoutSeconds: 3, cacheableResponse: { statuses: [200] },
                 precacheFallback: { fallbackURL: "offline/index.html" } },
    },
    {
      // Every other file of the site (search data, JSON the widgets fetch, images).
      urlPattern: ({ sameOrigin }) => sameOrigin,
      handler: "StaleWhileRevalidate",
      options: { cacheName: caches.files, cacheableResponse: { statuses: [200] } },
    },
  ],
});
// A pattern for an optional part (a guide without katas has no harness) may match nothing.
const unmatched = (warning) => warning.startsWith("One of the glob patterns doesn't match any files");
const told = [...new Set([...warnings, ...generated.warnings])].filter((warning) => !unmatched(warning));
console.log(JSON.stringify({ urls: manifestEntries.map((entry) => entry.url), bytes: size, warnings: told }));
