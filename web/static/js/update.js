// A new version of the app, told to the user: the new service worker installs and waits (it
// never takes over a page by itself); a banner says "A new version is ready." and its Reload
// button asks the waiting worker to take over. When it has (controllerchange), every open page
// reloads once, so none goes on running old scripts against the new version.
// The banner is server-rendered (hidden) in base.html, in the user's language.
(() => {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  // A page the worker did not control yet (the very first install) has nothing old to drop.
  const hadController = Boolean(sw.controller);
  let waiting = null;
  let reloading = false;

  function show() {
    const banner = document.getElementById("update-banner");
    if (banner && waiting) banner.hidden = false;
  }

  function found(worker) {
    if (!worker || !sw.controller) return; // no controller: a first install, not an update
    waiting = worker;
    show();
  }

  function watch(registration) {
    if (registration.waiting) found(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed") found(worker);
      });
    });
  }

  sw.ready.then(watch).catch(() => {});

  sw.addEventListener("controllerchange", () => {
    if (!hadController || reloading) return;
    reloading = true;
    window.location.reload();
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("#update-reload");
    if (!button || !waiting) return;
    button.disabled = true;
    waiting.postMessage("skip-waiting");
  });

  // A boosted navigation swaps the body, and with it the (hidden again) banner.
  document.addEventListener("htmx:after:swap", show);
})();
