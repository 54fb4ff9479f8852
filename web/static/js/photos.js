// Photo uploads (the appraisal sheet, a car's listing photos). Each picked photo is scaled on the phone to at most
// 2048 px on its long edge (EXIF orientation applied, metadata left behind), then sent with
// its own progress bar. A failed send keeps the scaled photo and its client id, so "Retry"
// can never create a duplicate. Without JavaScript the slot forms post as plain forms.
(function () {
  "use strict";
  const MAX_EDGE = 2048;
  const QUALITY = 0.85;
  const PARALLEL = 2;
  const queue = [];
  let running = 0;

  function text(key) {
    const el = document.getElementById("upload-texts");
    return (el && el.dataset[key]) || key;
  }

  async function scale(file) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (e) {
      return file; // e.g. HEIC where the browser cannot decode it: the server can
    }
    const long = Math.max(bitmap.width, bitmap.height);
    // Always redrawn, even when small enough: the redraw leaves EXIF (GPS above all) behind.
    const ratio = Math.min(1, MAX_EDGE / long);
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * ratio);
    canvas.height = Math.round(bitmap.height * ratio);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", QUALITY));
    return blob || file;
  }

  function newId() {
    return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9-]/g, "");
  }

  // The queue names the shot a photo fills (gallery picks fill empty guided shots).
  function shotLabel(slot) {
    const el = document.querySelector("#shot-" + slot + " .shot-label");
    return el ? el.textContent.trim() : "";
  }

  function emptyGuidedSlots() {
    return Array.from(document.querySelectorAll("#photo-grid li.shot:not(.has-photo):not(.is-waiting)[id^='shot-']"))
      .map((li) => li.id.slice(5));
  }

  function itemView(job) {
    const row = document.createElement("div");
    row.className = "upload-item";
    row.innerHTML = '<span class="upload-name"></span><progress max="100" value="0"></progress>' +
      '<span class="upload-state"></span><button type="button" class="link-button" hidden></button>';
    row.querySelector(".upload-name").textContent = job.label;
    row.querySelector("button").addEventListener("click", () => {
      if (job.failed === "rejected") { row.remove(); return; }
      enqueue(job);
    });
    document.getElementById("upload-queue").appendChild(row);
    return row;
  }

  function show(job, state, percent, button) {
    job.row.querySelector(".upload-state").textContent = state;
    if (percent !== null) job.row.querySelector("progress").value = percent;
    const b = job.row.querySelector("button");
    b.hidden = !button;
    if (button) b.textContent = button;
  }

  // The section nav's "n/9" counts the guided shots taken: keep it in step with the grid
  // (it sits outside the grid, so neither an upload nor a grid action re-renders it).
  function updateCount() {
    const count = document.querySelector(".section-nav a[href='#photo-grid'] .count");
    if (!count) return;
    const shots = document.querySelectorAll("#photo-grid li.shot[id^='shot-']");
    const done = document.querySelectorAll("#photo-grid li.shot.has-photo[id^='shot-']");
    if (shots.length) count.textContent = done.length + "/" + shots.length;
  }
  document.addEventListener("htmx:after:swap", updateCount);
  // a photo the outbox sent later, on the page it was taken on: show it in the grid
  document.addEventListener("outbox:sent", (event) => {
    const { item, answer } = event.detail;
    if (item.kind === "photo" && item.page === location.pathname && answer.status === 200) swapGrid(answer.text);
  });

  function swapGrid(html) {
    const grid = document.getElementById("photo-grid");
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const fresh = holder.querySelector("#photo-grid");
    if (!fresh || !grid) return null;
    grid.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    updateCount();
    return fresh;
  }

  // No signal (or a draft the server has not numbered yet): the outbox keeps the scaled photo
  // and sends it when it can. False when there is no outbox to take it.
  async function handOver(job, action) {
    const outbox = window.lotsideOutbox;
    if (!outbox || !outbox.queueable(action)) return false;
    const fields = [["_csrf_token", job.csrf], ["client_id", job.clientId], ["photo", job.blob, job.name]];
    if (job.slot) fields.splice(1, 0, ["slot", job.slot]);
    await outbox.add({
      key: job.clientId,
      url: new URL(action, location.href).pathname,
      kind: "photo",
      label: document.title.split(" · ")[0] + " · " + job.label,
      headers: { "HX-Request": "true", "HX-Request-Type": "partial" },
      fields: fields,
    });
    job.row.remove();
    return true;
  }

  function send(job) {
    const outbox = window.lotsideOutbox;
    if (outbox) job.action = outbox.target(job.action);
    if (outbox && outbox.waitsForDraft(job.action)) {
      handOver(job, job.action).then(pump);
      return;
    }
    running += 1;
    job.failed = null;
    show(job, text("sending"), 0, null);
    const body = new FormData();
    body.append("_csrf_token", job.csrf);
    if (job.slot) body.append("slot", job.slot);
    body.append("client_id", job.clientId);
    body.append("photo", job.blob, job.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", job.action);
    xhr.setRequestHeader("HX-Request", "true");
    xhr.setRequestHeader("HX-Request-Type", "partial");
    xhr.setRequestHeader("x-csrftoken", job.csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) show(job, text("sending"), Math.round(100 * e.loaded / e.total), null); };
    xhr.onload = () => {
      running -= 1;
      if (xhr.status === 200) {
        swapGrid(xhr.responseText);
        show(job, text("done"), 100, null);
        job.row.classList.add("is-done");
        setTimeout(() => job.row.remove(), 1500);
      } else if (xhr.status === 413) {
        // refused at the door by the body limit, before our handler could explain
        job.failed = "rejected";
        job.row.classList.add("is-error");
        show(job, text("toobig"), null, text("dismiss"));
      } else if (xhr.status === 422) {
        const holder = document.createElement("div");
        holder.innerHTML = xhr.responseText;
        const error = holder.querySelector("[data-photo-error]");
        job.failed = "rejected";
        job.row.classList.add("is-error");
        show(job, error ? error.textContent : text("failed"), null, text("dismiss"));
      } else {
        job.failed = "network";
        job.row.classList.add("is-error");
        show(job, text("failed"), null, text("retry"));
      }
      pump();
    };
    xhr.onerror = xhr.ontimeout = async () => {
      running -= 1;
      if (!(await handOver(job, job.action))) {
        job.failed = "network";
        job.row.classList.add("is-error");
        show(job, text("offline"), null, text("retry"));
      }
      pump();
    };
    xhr.timeout = 120000;
    xhr.send(body);
  }

  function pump() {
    while (running < PARALLEL && queue.length) send(queue.shift());
  }

  function enqueue(job) {
    job.row.classList.remove("is-error");
    queue.push(job);
    show(job, text("waiting"), null, null);
    pump();
  }

  document.addEventListener("change", async (event) => {
    const input = event.target;
    if (!input.matches || !input.matches("[data-photo-input]") || !input.files.length) return;
    const form = input.closest("form");
    const files = Array.from(input.files);
    const free = input.hasAttribute("data-fill-guided") ? emptyGuidedSlots() : [];
    const slotField = form.querySelector("[name=slot]"); // listing photos have no slots
    const base = slotField ? slotField.value : "";
    for (const file of files) {
      const slot = free.length ? free.shift() : base;
      const job = {
        action: form.action,
        csrf: form.querySelector("[name=_csrf_token]").value,
        slot: slot,
        clientId: newId(),
        name: (file.name || "photo").replace(/\.[^.]+$/, "") + ".jpg",
        label: (slot && shotLabel(slot)) || file.name,
      };
      job.row = itemView(job);
      show(job, text("preparing"), null, null);
      job.blob = await scale(file);
      if (job.blob === file) job.name = file.name || "photo";
      enqueue(job);
    }
    input.value = "";
  });

  document.addEventListener("submit", (event) => {
    // with JavaScript the file input uploads by itself; a stray submit must not post twice
    if (event.target.matches && event.target.matches("[data-photo-form]")) event.preventDefault();
  }, true);
})();
