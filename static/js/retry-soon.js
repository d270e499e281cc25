/* Reloads the page after data-retry-after milliseconds (the PDF pending page); stops after 40 tries. */
(function () {
  "use strict";
  var script = document.currentScript;
  var delay = parseInt((script && script.dataset.retryAfter) || "3000", 10);
  var key = "retry-soon:" + window.location.pathname;
  // At most 40 tries in a row; a visit more than five minutes after the last try starts afresh.
  var state = JSON.parse(window.sessionStorage.getItem(key) || "{}");
  var now = Date.now();
  var tries = state.at && now - state.at < 300000 ? state.tries || 0 : 0;
  if (tries >= 40) return;
  window.sessionStorage.setItem(key, JSON.stringify({ tries: tries + 1, at: now }));
  window.setTimeout(function () { window.location.reload(); }, delay);
})();
