/* A table wider than a phone scrolls sideways: keyboard users must be able to reach it
   (RGAA 7.3, axe "scrollable-region-focusable"). Every scrolling table container gets
   tabindex="0" and a name taken from the table's caption, on load and after each htmx swap. */
(function () {
  "use strict";

  function label(element) {
    var caption = element.querySelector("caption");
    return caption ? caption.textContent.trim() : "Tableau";
  }

  function makeReachable(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(".fr-table table, .fr-table__wrapper, .fr-table__container").forEach(
      function (element) {
        var scrolls = element.scrollWidth > element.clientWidth + 1;
        if (scrolls && !element.hasAttribute("tabindex")) {
          element.setAttribute("tabindex", "0");
          element.setAttribute("role", "region");
          element.setAttribute("aria-label", label(element));
        }
      }
    );
  }

  document.addEventListener("DOMContentLoaded", function () { makeReachable(document); });
  window.addEventListener("resize", function () { makeReachable(document); });
  document.addEventListener("htmx:afterSwap", function (event) { makeReachable(event.target); });
})();
