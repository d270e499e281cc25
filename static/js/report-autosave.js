/*
 * Autosave for the monitor report editor. Each section is its own <form data-autosave> with a
 * hidden "version". Typing marks the section unsaved and saves it after a pause; leaving the page
 * flushes pending saves. A stale version gets a 409 with the other person's text: the user's own
 * text stays in the form, and they choose to keep theirs (overwrite) or take the other's.
 * Without JavaScript every section still has a plain "Save section" button.
 */
(function () {
  "use strict";
  var texts = document.getElementById("autosave-texts");
  if (!texts) return;
  var t = texts.dataset;
  var DELAY = 1200;

  function status(form, text, isError) {
    var el = form.querySelector(".save-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("is-error", !!isError);
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll(".is-invalid").forEach(function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("aria-invalid");
    });
  }

  function showErrors(form, errors) {
    Object.keys(errors).forEach(function (name) {
      var field = form.querySelector('[name="' + name + '"]');
      var slot = form.querySelector('[data-error-for="' + name + '"]');
      if (slot) {
        slot.textContent = errors[name];
        if (!slot.id) slot.id = name + "-error";
      }
      if (field) {
        field.classList.add("is-invalid");
        field.setAttribute("aria-invalid", "true");
        if (slot) field.setAttribute("aria-describedby", slot.id);
      }
    });
  }

  function showConflict(form, data) {
    var panel = form.querySelector(".conflict-panel");
    if (!panel) return;
    panel.innerHTML = "";
    var p = document.createElement("p");
    p.textContent = data.message;
    panel.appendChild(p);
    var theirs = document.createElement("div");
    theirs.innerHTML = data.theirs_html; // rendered and escaped by the server
    panel.appendChild(theirs);
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "btn btn-warning btn-sm mt-2 me-2";
    keep.textContent = t.keepMine;
    keep.addEventListener("click", function () {
      form.querySelector('input[name="version"]').value = data.version;
      panel.hidden = true;
      save(form);
    });
    var take = document.createElement("button");
    take.type = "button";
    take.className = "btn btn-outline-dark btn-sm mt-2";
    take.textContent = t.takeTheirs;
    take.addEventListener("click", function () { window.location.reload(); });
    panel.appendChild(keep);
    panel.appendChild(take);
    panel.hidden = false;
    form.dataset.conflict = "1";
  }

  // One save per section at a time: a save waits for the one in flight, so it sends the version that
  // save returned (two overlapping saves of one section would otherwise conflict with each other).
  function save(form, keepalive) {
    clearTimeout(form._timer);
    var previous = form._inflight || Promise.resolve();
    var next = previous.then(function () { return saveNow(form, keepalive); });
    form._inflight = next.then(function () {}, function () {});
    return next;
  }

  function saveNow(form, keepalive) {
    if (form.dataset.dirty !== "1") return Promise.resolve();
    form.dataset.dirty = "0";
    status(form, t.saving);
    form.dataset.failed = "0";
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
      credentials: "same-origin",
      keepalive: !!keepalive
    }).then(function (response) {
      return response.json().then(function (data) { return { code: response.status, data: data }; });
    }).then(function (result) {
      clearErrors(form);
      if (result.code === 200) {
        form.querySelector('input[name="version"]').value = result.data.version;
        form.dataset.conflict = "0";
        status(form, t.saved + " " + result.data.saved_at);
      } else if (result.code === 409) {
        form.dataset.dirty = "1";
        form.dataset.failed = "1";
        status(form, t.unsaved, true);
        showConflict(form, result.data);
      } else {
        form.dataset.dirty = "1";
        form.dataset.failed = "1";
        status(form, t.error, true);
        showErrors(form, result.data.errors || {});
      }
    }).catch(function () {
      form.dataset.dirty = "1";
      form.dataset.failed = "1";
      status(form, t.offline, true);
      form._timer = setTimeout(function () { save(form); }, DELAY * 5);
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    function changed() {
      form.dataset.dirty = "1";
      status(form, t.unsaved);
      if (form.dataset.conflict === "1") return; // the user decides first
      clearTimeout(form._timer);
      form._timer = setTimeout(function () { save(form); }, DELAY);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      form.dataset.dirty = "1";
      form.dataset.conflict = "0";
      save(form);
    });
  });

  function flushAll() {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      if (form.dataset.dirty === "1" && form.dataset.conflict !== "1") save(form, true);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushAll();
  });
  window.addEventListener("pagehide", flushAll);

  // Save every section before submitting the report, so the check sees what is on screen.
  var submitForm = document.querySelector("form[data-submit-form]");
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-autosave]"));
      var busy = forms.filter(function (f) { return f.dataset.dirty === "1" || f._inflight; });
      if (!busy.length) return;
      event.preventDefault();
      // Save what is unsaved and wait for saves still in flight, then check and submit.
      Promise.all(busy.map(function (f) { return save(f); })).then(function () {
        // Never submit over a section that did not save (conflict, error, offline): stay and show it.
        var failed = document.querySelector('form[data-autosave][data-failed="1"]');
        if (failed) {
          failed.scrollIntoView();
          var panel = failed.querySelector(".conflict-panel:not([hidden])") || failed.querySelector(".save-status");
          if (panel) { panel.setAttribute("tabindex", "-1"); panel.focus(); }
          return;
        }
        submitForm.submit();
      });
    });
  }
})();
