// Lotside service worker. Version and shell list are filled in by the server (/sw.js).
// Static files are cached first (their URLs carry content hashes); pages go to the network
// first and fall back to the offline page. The full offline outbox arrives later.
const VERSION = "__VERSION__";
const SHELL_CACHE = "shell-" + VERSION;
const SHELL = [__SHELL__, "/offline"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate" || request.headers.get("HX-Request")) {
    event.respondWith(
      fetch(request).catch(() => caches.match("/offline", { ignoreSearch: true }))
    );
  }
});
