// The search page: Pagefind's own UI over the index in /pagefind/.
// Loaded by search.html only, after pagefind-ui.js (both `defer`).
// A query in the address (`?q=…`, as the 404 page's form sends it) runs at once.
(function () {
  "use strict";
  var root = document.querySelector("[data-search-root]");
  if (!root) return;
  if (typeof window.PagefindUI !== "function") {
    // pagefind-ui.js did not load (e.g. a build without the search index).
    document.getElementById("suche-fehlt").hidden = false;
    return;
  }
  var ui = new window.PagefindUI({
    element: "#" + root.id,
    showSubResults: true,
    showImages: false,
    resetStyles: false
  });
  // Pagefind's field has only a placeholder and a title; give it an accessible
  // name in the page's language (axe: label-title-only).
  function labelField() {
    var field = root.querySelector("input[type=text], input[type=search]");
    if (!field) return false;
    field.setAttribute("aria-label", root.getAttribute("data-label"));
    return true;
  }
  if (!labelField()) {
    new MutationObserver(function (_, observer) {
      if (labelField()) observer.disconnect();
    }).observe(root, { childList: true, subtree: true });
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
