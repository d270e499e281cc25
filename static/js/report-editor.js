/*
 * The report editor's live help (with static/js/autosave.js):
 * - a figure that misses its target asks for its explanation right there, as it is typed. The rule is the
 *   submit check's (monitoring.selectors.explanation_needed): nothing to report -> explain; a value that
 *   misses the target in the indicator's direction (higher is better, lower is better, a range; the
 *   fieldset's data-direction, data-target, data-target-max) -> explain. Numbers are read as the server reads
 *   them (monitoring.forms._decimal: "12,5", "12.5", "1.000,5", "1.000").
 * - after every save the bar's completeness per section is replaced by the server's ("8/10", "✓");
 * - a link of the submit checklist moves the focus into the field it names.
 */
(function () {
  "use strict";

  function decimal(raw) {
    raw = (raw || "").trim().replace(/[\s\u00a0]/g, "");
    if (!raw) return null;
    if (raw.indexOf(",") !== -1) raw = raw.replace(/\./g, "").replace(/,/g, ".");
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(raw)) raw = raw.replace(/\./g, "");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return undefined; // not a number: no judgement
    return parseFloat(raw);
  }

  function number(text) {
    return text === undefined || text === "" ? null : parseFloat(text);
  }

  // regions.models.target_met: true, false, or null when it cannot be judged.
  function targetMet(direction, value, target, targetMax) {
    if (value === null || value === undefined || target === null) return null;
    if (direction === "lower") return value <= target;
    if (direction === "range") return value >= target && (targetMax === null || value <= targetMax);
    return value >= target;
  }

  function explanationNeeded(row) {
    var key = row.dataset.indicator;
    var na = row.querySelector('[name="' + key + '-na"]');
    if (na && na.checked) return "not_applicable";
    var value = decimal(row.querySelector('[name="' + key + '-value"]').value);
    var met = targetMet(row.dataset.direction, value, number(row.dataset.target), number(row.dataset.targetMax));
    return met === false ? "behind" : null;
  }

  function check(row) {
    var hint = row.querySelector("[data-explain-hint]");
    var explanation = row.querySelector('[name="' + row.dataset.indicator + '-explanation"]');
    if (!hint || !explanation) return;
    var reason = explanation.value.trim() ? null : explanationNeeded(row);
    var text = reason === "behind" ? hint.dataset.textBehind : reason === "not_applicable" ? hint.dataset.textNotApplicable : "";
    if (hint.textContent !== text) hint.textContent = text;
  }

  document.querySelectorAll("fieldset[data-indicator]").forEach(function (row) {
    row.addEventListener("input", function () { check(row); });
    row.addEventListener("change", function () { check(row); });
    check(row);
  });

  document.addEventListener("autosave:saved", function (event) {
    var completeness = event.detail && event.detail.completeness;
    if (!completeness) return;
    Object.keys(completeness).forEach(function (section) {
      var slot = document.querySelector('[data-completeness="' + section + '"]');
      if (slot) slot.innerHTML = completeness[section]; // rendered and escaped by the server
    });
  });

  document.querySelectorAll("a[data-focus-field]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      history.replaceState(null, "", link.getAttribute("href"));
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
})();
