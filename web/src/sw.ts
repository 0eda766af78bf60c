/**
 * The service worker: the app shell (index, bundles, icons, config) cached so that Rapport opens
 * without network, and nothing else. API answers are never cached: they are one networker's data,
 * and a phone may be shared. Navigations go to the network first, the cached shell when offline.
 */
declare const self: ServiceWorkerGlobalScope;
declare const __SHELL__: string[];
declare const __VERSION__: string;

const CACHE = `rapport-shell-${__VERSION__}`;
const SHELL = [...__SHELL__, "/config.json"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function isShell(url: URL): boolean {
  return url.pathname === "/" || url.pathname === "/app" || url.pathname.startsWith("/app/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && isShell(url)) {
    event.respondWith(fetch(request).catch(() => caches.match("/").then((cached) => cached ?? Response.error())));
  } else if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/icons/")) {
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  } else if (url.pathname === "/config.json") {
    event.respondWith(fetch(request).catch(() => caches.match(request).then((cached) => cached ?? Response.error())));
  }
  // Anything else (the API above all) is left to the network, never cached.
});
