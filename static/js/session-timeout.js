/*
 * Warns before the idle timeout ends the session (toptechniek.accounts.middleware.SessionTimeoutMiddleware)
 * and offers to stay logged in. The page is told how many seconds are left (data-remaining) and every
 * script's response says it again (header X-Session-Idle-Remaining, passed on by autosave.js as the event
 * "tt:session-activity"); tabs share the latest deadline through localStorage, so working in one tab keeps
 * the others from warning. data-warn-before seconds before the end an alertdialog opens with the focus on
 * "Stay logged in", which POSTs the keep-alive (CSRF token from the cookie) and closes it again; Escape
 * closes it without staying. When the time is up, the dialog says so and links to the login page (new tab).
 */
(function () {
  "use strict";
  var root = document.getElementById("session-timeout");
  var dialog = document.getElementById("session-timeout-dialog");
  if (!root || !dialog || !window.fetch || typeof dialog.showModal !== "function") return;
  var KEY = "tt-session-deadline";
  var GRACE = 3000; // a request this page did not see (e.g. the task count) may have moved the end a little
  var warnBefore = (parseInt(root.dataset.warnBefore, 10) || 120) * 1000;
  var remaining = parseInt(root.dataset.remaining, 10);
  if (isNaN(remaining)) return;
  var deadline = Date.now() + remaining * 1000;
  var warning = dialog.querySelector('[data-session-state="warning"]');
  var ended = dialog.querySelector('[data-session-state="ended"]');
  var text = document.getElementById("session-warning-text");
  var error = dialog.querySelector("[data-session-error]");
  var stay = dialog.querySelector("[data-session-stay]");
  var timer = null, before = null, dismissed = 0, over = false;

  function shared() {
    try { return parseInt(window.localStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { return 0; }
  }

  function share(at) {
    try { if (at > shared()) window.localStorage.setItem(KEY, String(at)); } catch (e) { /* private mode */ }
  }

  function end() { return Math.max(deadline, shared()); }

  function clock(ms, timeZone) {
    // In the site's time zone, as the server's "Saved at 14:02" is.
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    try {
      return new Date(ms).toLocaleTimeString("en-GB", timeZone ? Object.assign({ timeZone: timeZone }, options) : options);
    } catch (e) {
      return new Date(ms).toLocaleTimeString("en-GB", options);
    }
  }

  function show(state) {
    var isWarning = state === "warning";
    warning.hidden = !isWarning;
    ended.hidden = isWarning;
    dialog.setAttribute("aria-labelledby", isWarning ? "session-warning-title" : "session-ended-title");
    dialog.setAttribute("aria-describedby", isWarning ? "session-warning-text" : "session-ended-text");
    if (!dialog.open) {
      before = document.activeElement;
      dialog.showModal();
    }
    var focus = isWarning ? stay : ended.querySelector("a, button");
    if (focus) focus.focus();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", function () {
    if (before && typeof before.focus === "function" && document.contains(before)) before.focus();
    before = null;
  });
  // Escape: no more warnings until the session is extended (or, once it is over, no more at all).
  dialog.addEventListener("cancel", function () { dismissed = over ? -1 : end(); });

  function plan() {
    clearTimeout(timer);
    var left = end() - Date.now();
    if (left <= -GRACE) {
      over = true;
      if (dismissed !== -1) { dismissed = -1; show("ended"); }
      return;
    }
    over = false;
    if (left <= warnBefore) {
      if (dismissed !== end() && (!dialog.open || !warning.hidden)) {
        text.textContent = text.dataset.template.replace("%(time)s", clock(end(), root.dataset.timeZone));
        error.hidden = true;
        if (!dialog.open || warning.hidden) show("warning");
      }
      timer = setTimeout(plan, Math.min(Math.max(left + GRACE, 250), 15000));
      return;
    }
    if (dialog.open) close(); // activity here or in another tab (or a new login) moved the end
    if (dismissed === -1) dismissed = 0;
    timer = setTimeout(plan, Math.min(left - warnBefore, 60000));
  }

  function seen(seconds) {
    deadline = Date.now() + seconds * 1000;
    share(deadline);
    plan();
  }

  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  stay.addEventListener("click", function () {
    stay.disabled = true;
    error.hidden = true;
    fetch(root.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json", "X-CSRFToken": csrfCookie() },
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (response) {
      stay.disabled = false;
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        deadline = 0;
        try { window.localStorage.removeItem(KEY); } catch (e) { /* ignore */ }
        dismissed = -1;
        show("ended");
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      return response.json().then(function (data) {
        close();
        seen(data.idle_remaining);
      });
    }).catch(function () {
      stay.disabled = false;
      error.hidden = false;
    });
  });

  dialog.querySelector("[data-session-close]").addEventListener("click", close);
  document.addEventListener("tt:session-activity", function (event) { seen(event.detail.remaining); });
  window.addEventListener("storage", function (event) { if (event.key === KEY) plan(); });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") plan(); });

  share(deadline);
  plan();
})();
