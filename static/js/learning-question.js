// Learning-question form: choosing another theme or report in the form shows what the monitor says about it.
// Without JavaScript the "Theme to look at" selector beside the form does the same with ?theme=ID.
(function () {
  "use strict";
  var form = document.getElementById("learning-question-form");
  if (!form) return;
  function reload() {
    var params = new URLSearchParams();
    ["question", "owner", "theme", "report"].forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) params.set(name, field.value);
    });
    window.location.search = params.toString();
  }
  ["theme", "report"].forEach(function (name) {
    var field = form.elements[name];
    if (field) field.addEventListener("change", reload);
  });
})();
