// Loaded in <head> without `defer`, before the first paint: marks the page as scripted, so
// CSS hides the buttons only a page without JavaScript needs (`.js .js-hidden`) before they
// are ever drawn. Set later (from a deferred script) they would show, then vanish, and shift
// the page under the reader's thumb.
document.documentElement.classList.add("js");
