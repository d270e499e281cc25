/*
 * Autosave for <form data-autosave>: the report editor's four sections and the scoring page.
 *
 * Typing marks a form unsaved and saves it in the background after a pause (POST of the form's fields to
 * data-autosave-url, or to its action, with "X-Requested-With: fetch"); leaving the page flushes pending saves.
 * The server answers JSON by its "status":
 *   saved     -> the new "version" goes into the form's hidden version field, the status says "Saved at 14:02";
 *   conflict  -> someone saved since the page was loaded: the user's own text stays in the form, and they
 *                choose to keep theirs (save over, on the version they have now seen) or take the other's;
 *   refused   -> the thing can no longer be changed (submitted meanwhile): the server's reason is shown;
 *   invalid   -> the marked fields are wrong.
 * A 404 (submitted meanwhile, or no longer the person's to change) is shown like a refusal.
 * A session that ended (401, 403 or a redirect to the login page) is not retried: the status says
 * "You are logged out. Log in again to save." with a link that opens the login page in a new tab, and the
 * form is saved again once the page has the focus back.
 *
 * No lost writing: whenever a save did not go through (and whenever the page is left with unsaved text),
 * the form's fields are kept in localStorage under data-autosave-key, per person, with the version they were
 * typed on. The next visit puts them back into the form, says so, and saves them on that version (so a save
 * by someone else in between still shows as a conflict). A save that went through forgets them.
 *
 * data-autosave-native-submit: the form's own buttons still post the page (the scoring page's "Save draft"
 * and "Submit"); they wait for a save in flight, so the page posts the version that save returned.
 * Without JavaScript every form has its own save button. Events: "autosave:saved" (detail: the server's
 * JSON) on the form after a save, "tt:session-activity" (detail: seconds left) on the document whenever a
 * response says how long the session has left (static/js/session-timeout.js listens).
 */
(function () {
  "use strict";
  var texts = document.getElementById("autosave-texts");
  if (!texts || !window.fetch) return;
  var t = texts.dataset;
  var DELAY = 1200;
  var RETRY_MAX = 60000;
  var KEEP_DAYS = 14;
  var PREFIX = "tt-draft:";
  var STORE = PREFIX + (t.user || "") + ":";
  var pageStatus = document.querySelector("[data-autosave-status]");
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-autosave]"));

  // --- Drafts kept in this browser -------------------------------------------------------------

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function keyOf(form) {
    return form.dataset.autosaveKey ? STORE + form.dataset.autosaveKey : null;
  }

  function versionField(form) {
    return form.querySelector('input[name="version"]');
  }

  // What the person typed: every named field except the token, the version and the buttons.
  function fieldsOf(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || /^(hidden|submit|button|reset|file|image)$/.test(el.type)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) out[el.name] = el.value || "on";
        else if (!(el.name in out)) out[el.name] = "";
        return;
      }
      out[el.name] = el.value;
    });
    return out;
  }

  function same(a, b) {
    var names = Object.keys(a).concat(Object.keys(b));
    return names.every(function (name) { return (a[name] || "") === (b[name] || ""); });
  }

  // sent: the fields are on their way in a post that may yet go through (leaving the page, a plain submit).
  function keep(form, sent) {
    var store = storage(), key = keyOf(form);
    if (!store || !key) return;
    var version = versionField(form);
    try {
      store.setItem(key, JSON.stringify({
        version: version ? version.value : "", at: Date.now(), sent: !!sent, fields: fieldsOf(form)
      }));
      form.dataset.kept = "1";
    } catch (e) { /* storage full or switched off: the form still holds the text */ }
  }

  function forget(form) {
    var store = storage(), key = keyOf(form);
    form.dataset.kept = "0";
    if (store && key) store.removeItem(key);
  }

  function kept(key) {
    var store = storage();
    if (!store) return null;
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }

  // In the site's time zone, as the server's "Saved at 14:02" is; with the date when it is not today.
  function clock(ms) {
    var zone = t.timeZone ? { timeZone: t.timeZone } : {};
    var time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    var day = { day: "numeric", month: "long", year: "numeric" };
    var lang = document.documentElement.lang || undefined;
    try {
      var at = new Date(ms);
      var text = at.toLocaleTimeString("en-GB", Object.assign({}, zone, time));
      if (at.toLocaleDateString("en-GB", zone) === new Date().toLocaleDateString("en-GB", zone)) return text;
      return at.toLocaleDateString(lang, Object.assign({}, zone, day)) + " " + text;
    } catch (e) {
      return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
    }
  }

  function notice(form, text) {
    var box = form.querySelector(".autosave-notice");
    if (!box) {
      box = document.createElement("div");
      box.className = "autosave-notice alert alert-info";
      box.setAttribute("role", "status");
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = text;
  }

  // Put back what was kept for this form, unless the page already shows it (then it was saved).
  function restore(form) {
    var key = keyOf(form), draft = key && kept(key);
    if (!draft || !draft.fields) return;
    var version = versionField(form);
    if (same(draft.fields, fieldsOf(form))) { forget(form); return; }
    // Sent when the page was left and the version moved since: that post went through (the server may have
    // tidied the text, e.g. 12.5 -> 12,5); nothing to put back.
    if (draft.sent && version && version.value !== draft.version) { forget(form); return; }
    Object.keys(draft.fields).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (!el || el.disabled || el.length !== undefined && !el.tagName) return; // absent or a group
      if (el.type === "checkbox") el.checked = !!draft.fields[name];
      else el.value = draft.fields[name];
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    if (version) version.value = draft.version; // typed on that version: a save by someone since is a conflict
    form.dataset.kept = "1";
    notice(form, t.restored.replace("%(time)s", clock(draft.at)));
    changed(form);
  }

  function sweep() {
    var store = storage();
    if (!store) return;
    var old = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        var draft = kept(key);
        if (!draft || draft.at < old) store.removeItem(key);
      }
    }
    // A page that shows the thing read-only (submitted, published) has nothing to put back.
    document.querySelectorAll("[data-autosave-key]:not([data-autosave])").forEach(function (el) {
      if (store.getItem(STORE + el.dataset.autosaveKey) !== null) store.removeItem(STORE + el.dataset.autosaveKey);
    });
  }

  // --- Status ----------------------------------------------------------------------------------

  function fill(el, text, isError, loginLink) {
    el.textContent = text;
    el.classList.toggle("is-error", !!isError);
    if (loginLink) {
      var link = document.createElement("a");
      link.href = t.loginUrl;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = t.logInAgain;
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " (" + t.newTab + ")";
      link.appendChild(hint);
      el.appendChild(document.createTextNode(" "));
      el.appendChild(link);
    }
  }

  function status(form, text, isError, loginLink) {
    form._status = { text: text, isError: !!isError, loginLink: !!loginLink, at: Date.now() };
    var el = form.querySelector(".save-status");
    if (el) fill(el, text, isError, loginLink);
    showPageStatus();
  }

  // The page's own status (the report editor's bar): a problem first, then a save under way, then the last save.
  function showPageStatus() {
    if (!pageStatus) return;
    var states = forms.map(function (f) { return f._status; }).filter(Boolean);
    if (!states.length) return;
    var pick = states.filter(function (s) { return s.loginLink; })[0] ||
      states.filter(function (s) { return s.isError; })[0] ||
      states.filter(function (s) { return s.text === t.saving; })[0] ||
      states.filter(function (s) { return s.text === t.unsaved; })[0] ||
      states.slice().sort(function (a, b) { return b.at - a.at; })[0];
    fill(pageStatus, pick.text, pick.isError, pick.loginLink);
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
    if (data.theirs_html) {
      var theirs = document.createElement("div");
      theirs.innerHTML = data.theirs_html; // rendered and escaped by the server
      panel.appendChild(theirs);
    }
    var keepMine = document.createElement("button");
    keepMine.type = "button";
    keepMine.className = "btn btn-warning btn-sm mt-2 me-2";
    keepMine.textContent = t.keepMine;
    keepMine.addEventListener("click", function () {
      versionField(form).value = data.version;
      panel.hidden = true;
      form.dataset.conflict = "0";
      form.dataset.dirty = "1";
      save(form);
    });
    var take = document.createElement("button");
    take.type = "button";
    take.className = "btn btn-outline-dark btn-sm mt-2";
    take.textContent = t.takeTheirs;
    take.addEventListener("click", function () {
      forget(form);
      window.location.reload();
    });
    panel.appendChild(keepMine);
    panel.appendChild(take);
    panel.hidden = false;
    form.dataset.conflict = "1";
  }

  // --- Saving ----------------------------------------------------------------------------------

  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  // Logging in again (in another tab) gives a new CSRF token: send the current one, not the page's.
  function freshToken(form) {
    var token = csrfCookie(), field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (token && field) field.value = token;
  }

  function sessionSeen(response) {
    var left = parseInt(response.headers.get("X-Session-Idle-Remaining") || "", 10);
    if (!isNaN(left)) document.dispatchEvent(new CustomEvent("tt:session-activity", { detail: { remaining: left } }));
  }

  function failed(form) {
    form.dataset.dirty = "1";
    form.dataset.failed = "1";
    keep(form);
  }

  function retryLater(form) {
    form._retries = (form._retries || 0) + 1;
    var wait = Math.min(DELAY * 5 * Math.pow(2, form._retries - 1), RETRY_MAX);
    clearTimeout(form._timer);
    form._timer = setTimeout(function () { save(form); }, wait);
  }

  // One save per form at a time: a save waits for the one in flight, so it sends the version that save
  // returned (two overlapping saves of one form would otherwise conflict with each other).
  function save(form, keepalive) {
    clearTimeout(form._timer);
    var previous = form._inflight || Promise.resolve();
    var next = previous.then(function () { return saveNow(form, keepalive); });
    form._inflight = next.then(function () {}, function () {});
    return next;
  }

  function saveNow(form, keepalive) {
    if (form.dataset.dirty !== "1" || form.dataset.conflict === "1" || form.dataset.refused === "1") {
      return Promise.resolve();
    }
    form.dataset.dirty = "0";
    form.dataset.busy = "1";
    var sent = fieldsOf(form);
    freshToken(form);
    status(form, t.saving);
    return fetch(form.dataset.autosaveUrl || form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
      credentials: "same-origin",
      redirect: "manual",
      keepalive: !!keepalive
    }).then(function (response) {
      sessionSeen(response);
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        return { ended: true };
      }
      return response.json().then(
        function (data) { return { code: response.status, data: data }; },
        function () { return { code: response.status, data: {} }; }
      );
    }).then(function (result) {
      form.dataset.busy = "0";
      clearErrors(form);
      var data = result.data || {};
      if (result.ended) {
        failed(form);
        form.dataset.loggedOut = "1";
        status(form, t.loggedOut, true, true);
        return;
      }
      form.dataset.loggedOut = "0";
      if (result.code === 200 && data.status === "saved") {
        versionField(form).value = data.version;
        form.dataset.conflict = "0";
        form.dataset.failed = "0";
        form._retries = 0;
        if (form.dataset.dirty !== "1" && same(sent, fieldsOf(form))) forget(form);
        else if (form.dataset.kept === "1") keep(form);
        status(form, t.saved + " " + data.saved_at);
        form.dispatchEvent(new CustomEvent("autosave:saved", { detail: data, bubbles: true }));
      } else if (data.status === "conflict") {
        failed(form);
        status(form, t.unsaved, true);
        showConflict(form, data);
      } else if (data.status === "refused") {
        failed(form);
        form.dataset.refused = "1";
        status(form, t.refused + " " + data.message, true);
      } else if (result.code === 404) { // submitted meanwhile, or no longer one's to change: no use retrying
        failed(form);
        form.dataset.refused = "1";
        status(form, t.gone, true);
      } else if (result.code === 400) {
        failed(form);
        status(form, t.error, true);
        showErrors(form, data.errors || {});
      } else {
        failed(form);
        status(form, t.offline, true);
        retryLater(form);
      }
    }).catch(function () {
      form.dataset.busy = "0";
      failed(form);
      status(form, t.offline, true);
      retryLater(form);
    });
  }

  function changed(form) {
    form.dataset.dirty = "1";
    if (form.dataset.kept === "1") keep(form);
    if (form.dataset.loggedOut === "1") { keep(form); return; } // saved once the person is back (see below)
    status(form, t.unsaved);
    if (form.dataset.conflict === "1" || form.dataset.refused === "1") return; // the user decides first
    clearTimeout(form._timer);
    form._timer = setTimeout(function () { save(form); }, DELAY);
  }

  forms.forEach(function (form) {
    form.addEventListener("input", function () { changed(form); });
    form.addEventListener("change", function () { changed(form); });
    form.addEventListener("submit", function (event) {
      if (!form.hasAttribute("data-autosave-native-submit")) {
        event.preventDefault();
        form.dataset.dirty = "1";
        form.dataset.conflict = "0";
        form.dataset.loggedOut = "0";
        save(form);
        return;
      }
      // The page's own buttons post the page. A save under way first, so the post carries its version.
      clearTimeout(form._timer);
      if (form.dataset.conflict === "1") {
        event.preventDefault();
        var panel = form.querySelector(".conflict-panel");
        if (panel) { panel.setAttribute("tabindex", "-1"); panel.focus(); }
        return;
      }
      if (form.dataset.busy === "1") {
        event.preventDefault();
        var submitter = event.submitter;
        form._inflight.then(function () {
          if (form.dataset.conflict !== "1") form.requestSubmit(submitter);
        });
        return;
      }
      freshToken(form);
      keep(form, true); // until the next page shows it saved (an ended session sends this post to the login page)
      form.dataset.dirty = "0";
      form.dataset.submitting = "1";
    });
    restore(form);
  });
  sweep();

  // Leaving (or hiding) the page: keep what is unsaved or on its way, and send what is unsaved. A save in
  // flight may be cut off by the navigation; its kept copy is dropped on the next visit if it went through.
  function flushAll() {
    forms.forEach(function (form) {
      var dirty = form.dataset.dirty === "1", busy = form.dataset.busy === "1";
      if ((!dirty && !busy) || form.dataset.submitting === "1") return;
      var stuck = form.dataset.conflict === "1" || form.dataset.loggedOut === "1" || form.dataset.refused === "1";
      keep(form, !stuck);
      if (dirty && !stuck) save(form, true);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushAll();
    else retryAfterLogin();
  });
  window.addEventListener("pagehide", flushAll);

  // Back on the page (perhaps after logging in again in another tab): one more try, never a loop.
  function retryAfterLogin() {
    forms.forEach(function (form) {
      if (form.dataset.loggedOut === "1" && form.dataset.busy !== "1") {
        form.dataset.dirty = "1";
        save(form);
      }
    });
  }
  window.addEventListener("focus", retryAfterLogin);
  window.addEventListener("online", function () {
    forms.forEach(function (form) { if (form.dataset.failed === "1" && form.dataset.dirty === "1") save(form); });
  });

  // The report editor: save every section before submitting the report, so the check sees what is on screen.
  var submitForm = document.querySelector("form[data-submit-form]");
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      var busy = forms.filter(function (f) { return f.dataset.dirty === "1" || f.dataset.busy === "1"; });
      if (!busy.length) return;
      event.preventDefault();
      // Save what is unsaved and wait for saves still in flight, then check and submit.
      Promise.all(busy.map(function (f) { return save(f); })).then(function () {
        // Never submit over a form that did not save (conflict, error, offline, logged out): stay and show it.
        var failedForm = forms.filter(function (f) { return f.dataset.failed === "1"; })[0];
        if (failedForm) {
          failedForm.scrollIntoView();
          var panel = failedForm.querySelector(".conflict-panel:not([hidden])") || failedForm.querySelector(".save-status");
          if (panel) { panel.setAttribute("tabindex", "-1"); panel.focus(); }
          return;
        }
        submitForm.submit();
      });
    });
  }
})();
