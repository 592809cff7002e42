/* « Imprimer » buttons: <button type="button" data-print>. A file, not an onclick attribute:
   the Content-Security-Policy forbids inline script. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
