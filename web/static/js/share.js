// The share kit (web/shares/kit.html): the phone's share sheet with the pictures and the
// caption (Web Share API with files), copy buttons, and "save all" where sharing files is not
// possible. Every word shown comes from the page's data-* attributes, in the user's language.
(() => {
  const files = new Map(); // url and name -> Promise<File>, fetched once (they are on the page)

  const fileFor = (url, name) => {
    const key = `${url} ${name}`;
    if (!files.has(key)) {
      files.set(
        key,
        fetch(url, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(r.status))))
          .then((blob) => new File([blob], name, { type: blob.type || "image/jpeg" })),
      );
    }
    return files.get(key);
  };
  const links = (selector) => [...document.querySelectorAll(selector)];
  const say = (text) => {
    const out = document.getElementById("kit-status");
    if (out && text) out.textContent = text;
  };
  const caption = () => document.getElementById("caption-text")?.value || "";

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // older iOS Safari and plain-HTTP pages: select a hidden field and copy it
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.append(area);
      area.select();
      area.setSelectionRange(0, text.length);
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch {
        done = false;
      }
      area.remove();
      return done;
    }
  }

  function fallback(button) {
    const box = document.getElementById("kit-fallback");
    box?.classList.add("is-wanted");
    box?.scrollIntoView({ behavior: "smooth", block: "center" });
    say(button.dataset.fallback);
  }

  async function shareFiles(button) {
    const text = caption();
    await copy(text); // WeChat drops the text of a share: the caption waits on the clipboard
    let list;
    try {
      list = await Promise.all(
        links(button.dataset.shareFiles).map((a) => fileFor(a.href, a.getAttribute("download"))),
      );
    } catch {
      return fallback(button);
    }
    if (!(navigator.canShare && navigator.canShare({ files: list }))) return fallback(button);
    try {
      await navigator.share({ files: list, text });
      say(button.dataset.done);
    } catch (err) {
      if (err.name === "AbortError") return; // the user closed the share sheet
      if (err.name === "NotAllowedError") return say(button.dataset.again); // the tap went stale
      fallback(button);
    }
  }

  async function shareLink(button) {
    const url = button.dataset.shareUrl;
    if (navigator.share) {
      try {
        await navigator.share({ url, title: button.dataset.title, text: caption() });
        return say(button.dataset.done);
      } catch (err) {
        if (err.name === "AbortError") return;
      }
    }
    if (await copy(url)) say(button.dataset.copied);
  }

  async function saveAll(button) {
    // saved from blob: addresses, so each file keeps the name its link gives it (the
    // server's own header names it by its hash)
    for (const a of links(button.dataset.downloadAll)) {
      const name = a.getAttribute("download");
      let href = a.href;
      try {
        href = URL.createObjectURL(await fileFor(a.href, name));
      } catch {
        // not fetched: the link itself still saves the picture
      }
      const save = document.createElement("a");
      save.href = href;
      save.download = name;
      save.hidden = true;
      document.body.append(save);
      save.click();
      save.remove();
      if (href.startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(href), 10_000);
      await new Promise((done) => setTimeout(done, 400)); // browsers drop rapid-fire downloads
    }
  }

  // fetch the pictures as the finger lands, so the share sheet opens within the tap
  document.addEventListener("pointerdown", (event) => {
    const button = event.target.closest?.("[data-share-files]");
    if (button) {
      for (const a of links(button.dataset.shareFiles)) fileFor(a.href, a.getAttribute("download"));
    }
  });

  document.addEventListener("click", async (event) => {
    const target = event.target.closest?.("[data-copy],[data-share-files],[data-share-url],[data-download-all]");
    if (!target) return;
    event.preventDefault();
    if (target.dataset.copy) {
      const field = document.querySelector(target.dataset.copy);
      if (field && (await copy(field.value))) say(target.dataset.done);
      else field?.select();
    } else if (target.dataset.shareFiles) await shareFiles(target);
    else if (target.dataset.shareUrl) await shareLink(target);
    else await saveAll(target);
  });
})();
