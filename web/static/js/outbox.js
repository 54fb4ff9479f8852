// The outbox: a staff write that fails for lack of network (an appraisal field, a new
// appraisal, a photo, a follow-up, a new lead) is kept in IndexedDB — photos as their scaled
// blobs — and sent again with backoff: when the connection returns, when the app is opened
// again, and every little while. It does not rely on Background Sync (iOS Safari has none).
// Every write carries an Idempotency-Key, so a retry after a lost answer is the same write on
// the server, never a second one. A conflict (the record changed on the server meanwhile) or a
// refusal is kept for the user to resolve on /outbox, never silently overwritten.
//
// Words come from #outbox-texts (data-* attributes, in the user's language).
(() => {
  "use strict";
  const DB_NAME = "lotside-outbox";
  const STORE = "writes";
  const RETRY_EVERY = 15000; // ms: a look at the queue while the app is open
  const MAX_BACKOFF = 120000;
  // The writes that may wait: the server treats a repeated key as the same write for these.
  const QUEUEABLE = [
    /^\/appraisals$/,
    /^\/appraisals\/(\d+|@[\w-]+)\/fields\/[a-z_]+$/,
    /^\/appraisals\/(\d+|@[\w-]+)\/photos$/,
    /^\/inventory\/\d+\/photos$/,
    /^\/leads\/new$/,
    /^\/leads\/\d+\/follow-ups$/,
  ];

  // A sheet started without signal: /appraisals/draft#<key>; its writes go to
  // /appraisals/@<key>/... and wait behind the appraisal's creation, which learns its number.
  const DRAFT_PAGE = "/appraisals/draft";
  const DRAFT_REF = /\/appraisals\/@([\w-]+)\//;

  const words = (name) => document.getElementById("outbox-texts")?.dataset[name] || "";
  const newKey = () =>
    (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`).replace(/[^\w-]/g, "");
  const pathOf = (url) => new URL(url, location.href).pathname;
  const queueable = (url) => new URL(url, location.href).origin === location.origin && QUEUEABLE.some((re) => re.test(pathOf(url)));
  const madeAs = (key) => localStorage.getItem(`outbox:made:${key}`);

  // The key of the draft this page is the sheet of (kept in the address's #fragment, so the
  // service worker's one saved copy of the page serves every draft).
  function draftKey() {
    if (location.pathname !== DRAFT_PAGE) return null;
    let key = location.hash.slice(1);
    if (!/^[\w-]{8,64}$/.test(key)) {
      key = newKey();
      history.replaceState(history.state, "", `${DRAFT_PAGE}#${key}`);
    }
    return key;
  }
  // Where the user is, as a write's `page` names it.
  const here = () => (location.pathname === DRAFT_PAGE ? `${DRAFT_PAGE}#${draftKey()}` : location.pathname);
  // A write's page now: a draft's sheet is its appraisal's page once the server has numbered it.
  function pageOf(item) {
    const draft = item.page.startsWith(`${DRAFT_PAGE}#`) && item.page.slice(DRAFT_PAGE.length + 1);
    const id = draft && madeAs(draft);
    return id ? `/appraisals/${id}` : item.page;
  }
  // The address a write goes to: this draft's key for "@draft", its number once known.
  function target(url) {
    let path = pathOf(url).replace("/appraisals/@draft/", `/appraisals/@${draftKey() || "draft"}/`);
    const ref = path.match(DRAFT_REF);
    const id = ref && madeAs(ref[1]);
    if (id) path = path.replace(`/appraisals/@${ref[1]}/`, `/appraisals/${id}/`);
    return path;
  }
  const waitsForDraft = (url) => DRAFT_REF.test(url);

  // --- IndexedDB ------------------------------------------------------------------------
  let opened;
  function db() {
    opened ||= new Promise((done, fail) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
    return opened;
  }
  async function run(mode, work) {
    const store = (await db()).transaction(STORE, mode).objectStore(STORE);
    return new Promise((done, fail) => {
      const request = work(store);
      store.transaction.oncomplete = () => done(request?.result);
      store.transaction.onerror = () => fail(store.transaction.error);
      store.transaction.onabort = () => fail(store.transaction.error);
    });
  }
  const save = (item) => run("readwrite", (s) => s.put(item));
  const drop = (key) => run("readwrite", (s) => s.delete(key));
  const items = async () => ((await run("readonly", (s) => s.getAll())) || []).sort((a, b) => a.created - b.created);

  // --- what a write is -------------------------------------------------------------------
  function fieldsOf(body) {
    if (!body) return [];
    const out = [];
    for (const [name, value] of body.entries()) {
      out.push(value instanceof Blob ? [name, value, value.name || "photo.jpg"] : [name, String(value)]);
    }
    return out;
  }

  function bodyOf(item, token) {
    const hasFile = item.fields.some((f) => f[1] instanceof Blob);
    const body = hasFile ? new FormData() : new URLSearchParams();
    for (const [name, value, filename] of item.fields) {
      const v = name === "_csrf_token" ? token : value;
      if (hasFile && v instanceof Blob) body.append(name, v, filename);
      else body.append(name, v);
    }
    return body;
  }

  // What the user will recognise the write by: the page, and the field with its value or
  // the form's button ("评估单 #31 · 车身颜色: 星空灰", "新建线索 · 保存线索").
  function labelOf(element) {
    const named = element?.closest?.("[data-outbox-label]");
    if (named) return named.dataset.outboxLabel;
    const page = document.title.split(" · ")[0];
    const own = element?.id && document.querySelector(`label[for="${CSS.escape(element.id)}"]`);
    if (own) return `${page} · ${own.textContent.trim()}: ${element.value}`;
    const form = element?.closest?.("form");
    const button = form?.querySelector("button[type=submit], button:not([type])");
    return [page, button?.textContent.trim()].filter(Boolean).join(" · ");
  }

  const fresh = (write) => ({
    method: "POST",
    headers: {},
    kind: "write",
    attempts: 0,
    nextAt: Date.now() + 1000,
    state: "waiting",
    message: "",
    page: here(),
    created: Date.now(),
    ...write,
  });

  async function add(write) {
    const item = fresh(write);
    // the first write to a draft queues the draft's creation ahead of it, under its key
    const draft = item.url.match(DRAFT_REF)?.[1];
    if (draft && !madeAs(draft) && !(await run("readonly", (s) => s.get(draft)))) {
      await save(
        fresh({
          key: draft,
          url: "/appraisals",
          fields: [["_csrf_token", ""]],
          headers: { "HX-Request": "true", "HX-Request-Type": "full" },
          label: words("draft"),
          creates: true,
          page: `${DRAFT_PAGE}#${draft}`,
          created: item.created - 1,
        })
      );
    }
    await save(item);
    await render();
    announce(words("queued"));
    schedule();
    return item;
  }

  // the next look at the queue: when the earliest waiting write is due
  let timer = null;
  async function schedule() {
    clearTimeout(timer);
    const due = (await items()).filter((i) => i.state === "waiting").map((i) => i.nextAt);
    if (due.length) timer = setTimeout(drain, Math.max(500, Math.min(...due) - Date.now()));
  }

  // --- sending ----------------------------------------------------------------------------
  function token() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers:inherited") || "{}")["x-csrftoken"] || "";
    } catch {
      return "";
    }
  }

  function send(item, url, csrf) {
    return new Promise((done) => {
      const xhr = new XMLHttpRequest();
      xhr.open(item.method, url);
      for (const [name, value] of Object.entries(item.headers)) xhr.setRequestHeader(name, value);
      xhr.setRequestHeader("Idempotency-Key", item.key);
      xhr.setRequestHeader("x-csrftoken", csrf);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) progress(item.key, Math.round((100 * e.loaded) / e.total));
      };
      xhr.onload = () => done({ status: xhr.status, text: xhr.responseText, url: xhr.responseURL });
      xhr.onerror = xhr.ontimeout = xhr.onabort = () => done({ network: true });
      xhr.timeout = 120000;
      xhr.send(bodyOf(item, csrf));
    });
  }

  const backoff = (attempts) => Math.min(MAX_BACKOFF, 1000 * 2 ** attempts) * (0.75 + Math.random() / 2);

  function messageOf(text) {
    const holder = document.createElement("div");
    holder.innerHTML = text || "";
    const said = holder.querySelector("[role=alert], .field-error, .alert, [data-photo-error]");
    return (said?.textContent || "").trim().slice(0, 400);
  }

  let draining = false;
  async function drain() {
    if (draining || !navigator.onLine) return;
    const csrf = token();
    if (!csrf) return; // signed out: the queue waits for the next sign-in
    draining = true;
    let numbered = false; // a draft got its number: the Appraise list shows it now
    try {
      for (const item of await items()) {
        if (item.state !== "waiting" || item.nextAt > Date.now()) continue;
        // a write to a draft waits for the draft's number, learnt when its creation goes through
        const url = target(item.url);
        if (waitsForDraft(url)) continue;
        item.state = "sending";
        await save(item);
        await render();
        const answer = await send(item, url, csrf);
        if (answer.network || answer.status >= 500 || answer.status === 429 || answer.status === 0) {
          item.state = "waiting";
          item.attempts += 1;
          item.nextAt = Date.now() + backoff(item.attempts);
          await save(item);
          break; // no signal for one, none for the rest: try again later
        }
        if (answer.status < 400) {
          const made = item.creates && answer.url.match(/\/appraisals\/(\d+)/);
          if (made) {
            localStorage.setItem(`outbox:made:${item.key}`, made[1]);
            numbered = true;
          }
          await drop(item.key);
          document.dispatchEvent(new CustomEvent("outbox:sent", { detail: { item, answer } }));
          // a form that would have led on (a new lead, a follow-up) does so now, if the user
          // is still where they sent it from
          if (item.leadsOn && pageOf(item) === here() && pathOf(answer.url) !== location.pathname) {
            location.assign(answer.url);
            return;
          }
          continue;
        }
        if (answer.status === 401) {
          item.state = "waiting"; // the session ended: wait for the next sign-in
          await save(item);
          break;
        }
        item.state = answer.status === 409 ? "conflict" : "refused";
        item.message = messageOf(answer.text) || words(item.state);
        // the server offers "keep mine" when the field changed meanwhile, not when the
        // appraisal was closed meanwhile (sending again would be refused the same way)
        item.keepable = answer.status === 409 && answer.text.includes("field-conflict");
        await save(item);
      }
    } finally {
      draining = false;
      await render();
      schedule();
      leaveDraft();
      if (numbered && location.pathname === "/appraisals" && document.getElementById("appraisal-list")) {
        window.htmx?.ajax("GET", "/appraisals", { target: "#appraisal-list", swap: "outerHTML" }).catch(() => {});
      }
    }
  }

  // A draft's sheet, once its appraisal is on the server, gives way to the real one.
  function leaveDraft() {
    const key = draftKey();
    const id = key && madeAs(key);
    if (id && !draining) location.replace(`/appraisals/${id}`);
  }

  // --- what the user sees -------------------------------------------------------------------
  const percent = new Map();
  function progress(key, value) {
    percent.set(key, value);
    for (const bar of document.querySelectorAll(`[data-outbox-key="${key}"] progress`)) bar.value = value;
  }

  // A short message above the tab bar, gone after a while (the badge stays as the reminder).
  let quiet = null;
  function announce(text, forMs = 6000) {
    const out = document.getElementById("outbox-status");
    if (!out || !text) return;
    out.textContent = text;
    clearTimeout(quiet);
    quiet = setTimeout(() => (out.textContent = ""), forMs);
  }

  const STATE_WORDS = { waiting: "waiting", sending: "sending", conflict: "conflict", refused: "refused" };

  function row(item) {
    const li = document.createElement("li");
    li.className = `outbox-item is-${item.state}`;
    li.dataset.outboxKey = item.key;
    const title = document.createElement("strong");
    const page = pageOf(item);
    if (page !== here()) {
      const link = document.createElement("a");
      link.href = page;
      link.setAttribute("hx-boost", "false"); // a draft's key is in the #fragment: a whole load
      link.textContent = item.label || item.url;
      title.append(link);
    } else title.textContent = item.label || item.url;
    const state = document.createElement("span");
    state.className = "outbox-state";
    state.textContent = words(STATE_WORDS[item.state]);
    li.append(title, state);
    if (item.kind === "photo") {
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = percent.get(item.key) || 0;
      li.append(bar);
    }
    if (item.message) {
      const said = document.createElement("p");
      said.className = "outbox-message";
      said.textContent = item.message;
      li.append(said);
    }
    if (item.state === "conflict" || item.state === "refused") {
      const actions = document.createElement("p");
      actions.className = "outbox-actions";
      if (item.state === "conflict" && item.keepable) {
        actions.append(button(words("keepMine"), "keep-mine", item.key));
      }
      actions.append(button(words("discard"), "discard", item.key));
      li.append(actions);
    }
    return li;
  }

  function button(text, action, key) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button small";
    b.textContent = text;
    b.dataset.outboxAction = action;
    b.dataset.key = key;
    return b;
  }

  let hadWaiting = false;
  async function render() {
    const list = await items();
    const waiting = list.length;
    if (hadWaiting && !waiting) {
      announce(words("sent"));
      for (const marked of document.querySelectorAll(".is-queued")) marked.classList.remove("is-queued");
    }
    hadWaiting = waiting > 0;
    for (const badge of document.querySelectorAll("#outbox-badge")) {
      badge.hidden = waiting === 0;
      badge.querySelector(".outbox-count").textContent = String(waiting);
      badge.classList.toggle("has-problem", list.some((i) => i.state === "conflict" || i.state === "refused"));
    }
    const panel = document.getElementById("outbox-list");
    if (panel) panel.replaceChildren(...list.map(row));
    const empty = document.getElementById("outbox-empty");
    if (empty) empty.hidden = waiting > 0;
    // a page opened again (from the cache) shows the values still waiting, not older ones
    for (const item of list) {
      if (!item.field || pageOf(item) !== here()) continue;
      const input = document.getElementById(item.field.id);
      if (!input || input === document.activeElement) continue;
      input.value = item.field.value;
      input.dataset.base = item.field.value;
      input.classList.add("is-queued");
    }
    // a photo waiting to be sent shows in its guided place, with its state and progress;
    // others (close-ups, extras) as rows above the grid
    const placed = new Set();
    for (const item of list) {
      if (item.kind !== "photo" || pageOf(item) !== here()) continue;
      const slot = item.fields.find(([name]) => name === "slot")?.[1];
      const place = slot && document.getElementById(`shot-${slot}`);
      if (!place || place.classList.contains("has-photo")) continue;
      placed.add(item.key);
      waitingIn(place, item);
    }
    // one sent meanwhile says so in its place (the grid shows it as saved when next opened)
    for (const tag of document.querySelectorAll(".outbox-tile")) {
      if (placed.has(tag.dataset.outboxKey) || list.some((i) => i.key === tag.dataset.outboxKey)) continue;
      tag.querySelector(".outbox-state").textContent = words("photoSent");
      tag.querySelector("progress").value = 100;
      tag.closest(".shot")?.classList.replace("is-waiting", "is-sent");
    }
    const queue = document.getElementById("upload-queue");
    if (queue) {
      for (const old of queue.querySelectorAll(".outbox-item")) old.remove();
      for (const item of list.filter((i) => i.kind === "photo" && pageOf(i) === here() && !placed.has(i.key))) {
        queue.append(row(item));
      }
    }
    drafts(list);
  }

  // The Appraise tab lists the drafts still on this phone (their sheets open from here).
  function drafts(list) {
    const holder = document.getElementById("offline-drafts");
    if (!holder) return;
    const open = new Map();
    for (const item of list) {
      const key = item.page.startsWith(`${DRAFT_PAGE}#`) && item.page.slice(DRAFT_PAGE.length + 1);
      if (!key || madeAs(key)) continue;
      const draft = open.get(key) || { count: 0, name: [], created: item.created };
      if (item.key !== key) draft.count += 1;
      if (item.field && ["f-make", "f-model", "f-plate"].includes(item.field.id)) draft.name.push(item.field.value);
      open.set(key, draft);
    }
    holder.hidden = open.size === 0;
    holder.querySelector("ul").replaceChildren(
      ...[...open].map(([key, draft]) => {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.className = "appraisal-card";
        link.href = `${DRAFT_PAGE}#${key}`;
        link.setAttribute("hx-boost", "false");
        const title = document.createElement("span");
        title.className = "ac-title";
        title.textContent = draft.name.join(" ") || words("draft");
        const meta = document.createElement("span");
        meta.className = "ac-meta";
        const time = new Date(draft.created).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        meta.textContent = words("draftMeta").replace("{count}", draft.count).replace("{time}", time);
        link.append(title, meta);
        li.append(link);
        return li;
      })
    );
  }

  function waitingIn(place, item) {
    let tag = place.querySelector(".outbox-tile");
    if (!tag || tag.dataset.outboxKey !== item.key) {
      tag?.remove();
      place.querySelector(".outbox-preview")?.remove();
      const photo = item.fields.find(([, value]) => value instanceof Blob)?.[1];
      const preview = document.createElement("img");
      preview.className = "outbox-preview";
      preview.alt = "";
      if (photo) preview.src = URL.createObjectURL(photo);
      tag = document.createElement("span");
      tag.className = "outbox-tile";
      tag.dataset.outboxKey = item.key;
      const state = document.createElement("span");
      state.className = "outbox-state";
      const bar = document.createElement("progress");
      bar.max = 100;
      tag.append(state, bar);
      place.prepend(preview, tag);
    }
    tag.querySelector(".outbox-state").textContent = words(STATE_WORDS[item.state]);
    tag.querySelector("progress").value = percent.get(item.key) || 0;
    place.classList.add("is-waiting");
  }

  document.addEventListener("click", async (event) => {
    const target = event.target.closest?.("[data-outbox-action]");
    if (target) {
      const list = await items();
      const item = list.find((i) => i.key === target.dataset.key);
      if (!item) return;
      if (target.dataset.outboxAction === "discard") await drop(item.key);
      else {
        // send mine anyway: without the value it was based on, the server takes it as it is
        item.fields = item.fields.filter(([name]) => name !== "_base");
        Object.assign(item, { state: "waiting", message: "", nextAt: 0, key: newKey() });
        await drop(target.dataset.key);
        await save(item);
        drain();
      }
      await render();
      return;
    }
    // signing out with writes still waiting: they would be lost
    const out = event.target.closest?.("a[href='/logout']");
    if (out && (await items()).length) {
      event.preventDefault();
      if (window.confirm(words("logout"))) {
        await run("readwrite", (s) => s.clear());
        location.href = out.href;
      }
    }
  });

  // --- hooking into htmx --------------------------------------------------------------------
  document.addEventListener("htmx:config:request", (event) => {
    const ctx = event.detail.ctx;
    if ((ctx.request.method || "GET").toUpperCase() === "GET") return;
    ctx.request.action = target(ctx.request.action);
    if (!queueable(ctx.request.action)) {
      // a write that cannot wait (a condition mark, a price, the outcome): say it was not saved
      const own = ctx.fetch || fetch;
      ctx.fetch = (action, request) =>
        own(action, request).catch((error) => {
          if (error?.name !== "AbortError") announce(words("notSent"));
          throw error;
        });
      return;
    }
    const key = newKey();
    ctx.request.headers["Idempotency-Key"] = key;
    const source = ctx.sourceElement;
    // a field sends the value it was based on: the server refuses to overwrite a newer one
    const field = source?.dataset?.base !== undefined && source.name ? source : null;
    if (field && ctx.request.body?.append) ctx.request.body.append("_base", field.dataset.base);
    const starts = pathOf(ctx.request.action) === "/appraisals";

    async function keep(action, request) {
      await add({
        key,
        url: pathOf(action),
        method: request.method,
        headers: { "HX-Request": "true", "HX-Request-Type": request.headers["HX-Request-Type"] || "partial" },
        fields: fieldsOf(request.body),
        label: labelOf(source),
        creates: starts,
        leadsOn: ctx.target === document.body,
        field: field?.id ? { id: field.id, value: field.value } : null,
      });
      // our own queued write will make this the server's value: the next change builds on it
      if (field) field.dataset.base = field.value;
      source?.classList?.add("is-queued");
      return new Response(null, { status: 204 }); // nothing to swap: what was typed stays
    }

    ctx.fetch = async (action, request) => {
      // a draft's write before the draft has its number: straight to the queue, behind it
      if (waitsForDraft(pathOf(action))) return keep(action, request);
      try {
        return await fetch(action, request);
      } catch (error) {
        if (error?.name === "AbortError") throw error;
        // starting an appraisal without signal opens a draft sheet (kept by the service
        // worker); the appraisal is created with the draft's first write
        if (starts && (await window.caches?.match(DRAFT_PAGE, { ignoreVary: true }))) {
          location.assign(`${DRAFT_PAGE}#${key}`);
          return new Response(null, { status: 204 });
        }
        return keep(action, request);
      }
    };
  });

  // photos.js hands over a photo it could not send
  window.lotsideOutbox = { add, drain, items, render, queueable, target, waitsForDraft };

  window.addEventListener("online", drain);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && drain());
  document.addEventListener("htmx:after:swap", render);
  setInterval(drain, RETRY_EVERY);
  // Keep the page on screen and those named in #outbox-texts (the outbox; an appraiser's blank
  // draft sheet) among the pages the service worker saves, so they open without signal too.
  // Each is fetched (through the worker, which saves it) when its caches do not hold it: after
  // a sign-in or an update, which empty them, and for a page that came as the answer to a form
  // (signing in lands that way), which the worker never saw as a page.
  async function keepPages() {
    if (!navigator.onLine || !navigator.serviceWorker?.controller || !window.caches) return;
    if (!document.getElementById("outbox-texts")) return; // staff pages only
    const wanted = [location.pathname + location.search, ...words("keepPages").split(" ").filter(Boolean)];
    for (const url of wanted) {
      if (await caches.match(url, { ignoreVary: true })) continue;
      await fetch(url, { headers: { "HX-Request": "true", "HX-Request-Type": "full" } }).catch(() => {});
    }
  }
  // after a page arrives: once the worker has had time to save it itself
  let keeping = null;
  const keepSoon = () => {
    clearTimeout(keeping);
    keeping = setTimeout(keepPages, 2000);
  };
  document.addEventListener("htmx:after:swap", (event) => event.detail?.ctx?.target?.tagName === "BODY" && keepSoon());

  const start = () => render().then(leaveDraft).then(drain).then(keepSoon);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
