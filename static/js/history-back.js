// "Back" on the error pages (templates/errors/_layout.html): the browser's own back, which keeps what was
// typed in a form; the link's address (the page before, when the browser said which) when there is no history.
(function () {
  "use strict";
  document.querySelectorAll("[data-history-back]").forEach(function (link) {
    if (window.history.length > 1) {
      link.hidden = false;
    }
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
})();
