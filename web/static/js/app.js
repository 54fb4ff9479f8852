// Wires print buttons and registers the service worker (scripted.js marks the page as
// scripted, earlier).

document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest(".js-print")) window.print();
});

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

// A morph swap copies the server's attributes, and the server cannot know the user opened a
// <details> (the stock list's "price, year, mileage and more"): never close one that is open.
if (window.htmx) {
  htmx.registerExtension("keep-details-open", {
    htmx_before_morph_attr: (elt, detail) =>
      !(elt.tagName === "DETAILS" && detail.attrName === "open" && detail.newValue === null),
  });
}
