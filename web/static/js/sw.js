// Lotside service worker. Version and shell list are filled in by the server (/sw.js): the
// version is a hash of this file, every precached URL and the offline page, so any change
// to them is a new worker (web/pwa/routes.py worker_source).
//
// - Static files are cache-first (their URLs carry content hashes), the shell precached.
// - Pages (navigations and htmx's boosted "full" requests) go to the network first; a good
//   answer is kept in "pages-<version>" (at most PAGES_MAX, the oldest dropped), and with no
//   network the kept copy of that address is shown, else the offline page, which lists them.
// - A new version installs and then waits: the page offers "Reload" (update.js), which posts
//   "skip-waiting"; no skipWaiting() on install, so one page never mixes two versions. Once
//   active, it saves again (from the network) the pages the last version had saved.
// - Saved pages hold staff data: they are deleted when a sign-out or a sign-in passes through
//   (POST /logout, POST /login), or when a page posts "clear-pages".
const VERSION = "__VERSION__";
const SHELL_CACHE = "shell-" + VERSION;
// Pages are versioned with the shell: a saved page names the hashed CSS and scripts of its
// own version, which only that version's shell cache holds.
const PAGES_CACHE = "pages-" + VERSION;
// Photos (/media/...) seen on saved pages: content-hashed names, so not versioned.
const MEDIA_CACHE = "media";
const PAGES_MAX = 40;
const MEDIA_MAX = 200;
const OFFLINE = "/offline";
const SHELL = [__SHELL__, OFFLINE];
// Never kept: signing in and out, the offline page itself (it is in the shell).
const NOT_KEPT = /^\/(login|logout|offline)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  const current = [SHELL_CACHE, PAGES_CACHE, MEDIA_CACHE];
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const before = await savedBefore(names.filter((k) => k.startsWith("pages-") && k !== PAGES_CACHE));
      await Promise.all(names.filter((k) => !current.includes(k)).map((k) => caches.delete(k)));
      await self.clients.claim(); // the page reloads now; the worker carries on below
      await saveAgain(before);
    })()
  );
});

// The addresses of the pages the last version saved, oldest first.
async function savedBefore(names) {
  const urls = [];
  for (const name of names) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}

// Pages saved by the last version, saved again from this one (a saved page names its own
// version's scripts, so the old copies cannot be kept): an update loses none of the pages the
// user could open offline. Without signal, the rest are saved again as they are opened.
async function saveAgain(urls) {
  for (const url of urls) {
    let response;
    try {
      response = await fetch(url, { headers: { "HX-Request": "true", "HX-Request-Type": "full" } });
    } catch {
      return;
    }
    if (keepable(response, new URL(url))) await keep(PAGES_CACHE, url, response, PAGES_MAX);
  }
}

function clearSaved() {
  return Promise.all([caches.delete(PAGES_CACHE), caches.delete(MEDIA_CACHE)]);
}

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "clear-pages") event.waitUntil(clearSaved());
});

// Keeps `response` under `url`, newest last; drops the oldest beyond `max`.
async function keep(cacheName, url, response, max) {
  const cache = await caches.open(cacheName);
  await cache.delete(url); // re-added at the end: the order of keys() is the order of puts
  await cache.put(url, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((k) => cache.delete(k)));
}

// A page worth keeping for offline use. Staff pages are not sent `no-store` (checked: only the
// printable sheet and error pages are), and the Cache API ignores HTTP caching headers anyway;
// an answer that does say no-store is still honoured and not kept. A redirect (an expired
// session sent to /login) is not the page asked for, so it is not kept either.
function keepable(response, url) {
  return (
    response.ok &&
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    !NOT_KEPT.test(url.pathname) &&
    (response.headers.get("Content-Type") || "").startsWith("text/html") &&
    !/no-store/i.test(response.headers.get("Cache-Control") || "")
  );
}

async function page(event, url) {
  const key = url.href;
  try {
    const response = await fetch(event.request);
    if (keepable(response, url)) event.waitUntil(keep(PAGES_CACHE, key, response.clone(), PAGES_MAX));
    return response;
  } catch (error) {
    // ignoreVary: pages vary on htmx's headers, and a copy saved from a full load serves a
    // boosted navigation just as well (both are the whole page).
    const cache = await caches.open(PAGES_CACHE);
    const saved = await cache.match(key, { ignoreVary: true });
    if (saved) return saved;
    const offline = await caches.match(OFFLINE, { ignoreSearch: true });
    if (offline) return offline;
    throw error;
  }
}

// A static file: its URL names its content (?v=hash). One named from the CSS (the car outlines
// of empty photo slots) has no ?v=: the shell's copy of that path is the one for this version.
async function staticFile(request, url) {
  const hit =
    (await caches.match(request)) ||
    (!url.search && (await caches.match(url.pathname, { cacheName: SHELL_CACHE, ignoreSearch: true })));
  return hit || fetch(request);
}

async function media(event) {
  const hit = await caches.match(event.request, { cacheName: MEDIA_CACHE });
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.ok && response.status === 200 && response.type === "basic") {
    event.waitUntil(keep(MEDIA_CACHE, event.request.url, response.clone(), MEDIA_MAX));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === "/logout" || url.pathname === "/login")) {
    // Someone is signing out or in on this phone: forget the pages kept for the last person.
    // The request itself goes to the network untouched.
    event.waitUntil(clearSaved());
    return;
  }
  if (request.method !== "GET") return; // writes: the outbox (outbox.js) deals with those
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request, url));
    return;
  }
  if (url.pathname.startsWith("/media/") && request.destination === "image") {
    event.respondWith(media(event));
    return;
  }
  // A partial htmx request wants one block of a page: no saved copy fits it, so it goes to the
  // network alone and fails as it would without a worker (htmx keeps the page as it was).
  const partial = request.headers.get("HX-Request-Type") === "partial";
  if (request.mode === "navigate" || (request.headers.get("HX-Request") && !partial)) {
    event.respondWith(page(event, url));
  }
});
