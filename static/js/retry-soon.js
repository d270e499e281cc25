/* Reloads the page after data-retry-after milliseconds (the PDF pending page); stops after 40 tries. */
(function () {
  "use strict";
  var script = document.currentScript;
  var delay = parseInt((script && script.dataset.retryAfter) || "3000", 10);
  var key = "retry-soon:" + window.location.pathname;
  var tries = parseInt(window.sessionStorage.getItem(key) || "0", 10);
  if (tries >= 40) return;
  window.sessionStorage.setItem(key, String(tries + 1));
  window.setTimeout(function () { window.location.reload(); }, delay);
})();
