// The offline page: lists the pages this phone has kept (the service worker's "pages-…"
// cache, newest first), each a link that opens its saved copy while there is no signal.
(() => {
  "use strict";
  if (!("caches" in window)) return;

  async function titleOf(response) {
    const match = /<title>([^<]*)<\/title>/i.exec(await response.text());
    if (!match) return "";
    const text = new DOMParser().parseFromString(match[1], "text/html").documentElement.textContent;
    return text.replace(/\s*·[^·]*$/, "").trim(); // drop " · Lotside"
  }

  async function render() {
    const section = document.getElementById("offline-saved");
    if (!section || section.dataset.listed) return;
    section.dataset.listed = "1";
    const list = section.querySelector("ul");
    const names = (await caches.keys()).filter((name) => name.startsWith("pages-"));
    if (!names.length) return;
    const cache = await caches.open(names[names.length - 1]);
    const requests = (await cache.keys()).reverse();
    const items = [];
    for (const request of requests) {
      const url = new URL(request.url);
      if (url.origin !== location.origin) continue;
      const response = await cache.match(request, { ignoreVary: true });
      const title = response ? await titleOf(response) : "";
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = url.pathname + url.search;
      link.textContent = title || url.pathname;
      const where = document.createElement("span");
      where.className = "muted";
      where.textContent = url.pathname + url.search;
      item.append(link, " ", where);
      items.push(item);
    }
    if (!items.length) return;
    list.replaceChildren(...items);
    section.hidden = false;
  }

  // Loaded on every page (base.html): the offline page also arrives by a boosted navigation,
  // which swaps the body without running the scripts of the page's head.
  const run = () => render().catch(() => {});
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
  document.addEventListener("htmx:after:swap", run);
})();
