/* Fills the count next to "Mijn taken" in the navigation after the page has loaded (one small request, so a
   page's own query count does not depend on the person's tasks). Shows nothing when there is nothing to do. */
(function () {
  "use strict";
  var badge = document.getElementById("task-count");
  if (!badge || !window.fetch) return;
  window.fetch(badge.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.count) return;
      badge.querySelector(".task-count-number").textContent = String(data.count);
      badge.hidden = false;
    })
    .catch(function () { /* the link works without the count */ });
})();
