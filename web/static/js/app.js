// Registers the service worker; a new version takes over on the next page load.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}

// A boosted navigation swaps only <body> (its lang attribute included); keep <html lang> in
// step, so a language change reaches screen readers and CJK glyph selection at once.
new MutationObserver(() => {
  const lang = document.body.getAttribute("lang");
  if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
}).observe(document.body, { attributes: true, attributeFilter: ["lang"] });
