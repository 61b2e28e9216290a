/*
 * Irreversible actions ask first (issue 15): a form with data-confirm="…"
 * opens the site's <dialog id="confirm-dialog"> stating the consequence;
 * only 実行する submits it. A form with data-busy="…" (or a confirmed one)
 * then shows that text in a live region and refuses a second submit, so a
 * slow step (publishing) gives feedback at once.
 *
 * Static file, no inline code: the Content-Security-Policy allows 'self'
 * scripts only. Without JavaScript the forms submit as before.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("confirm-dialog");
  var supported = dialog && typeof dialog.showModal === "function";
  var message = supported && document.getElementById("confirm-message");
  var ok = supported && dialog.querySelector("[data-confirm-ok]");
  var cancel = supported && dialog.querySelector("[data-confirm-cancel]");
  var defaultLabel = supported ? ok.textContent : "";
  var pending = null;
  var pendingSubmitter = null;
  var opener = null;

  function showBusy(form, submitter) {
    var text = form.getAttribute("data-busy");
    if (form.getAttribute("data-sending") === "yes") {
      return false;
    }
    form.setAttribute("data-sending", "yes");
    form.setAttribute("aria-busy", "true");
    if (text) {
      var note = document.createElement("p");
      note.className = "busy-note";
      note.setAttribute("role", "status");
      note.textContent = text;
      form.appendChild(note);
    }
    if (submitter) {
      submitter.classList.add("is-busy");
      submitter.setAttribute("aria-disabled", "true");
    }
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    var needsConfirm = form.hasAttribute("data-confirm");
    if (needsConfirm && supported && form.getAttribute("data-confirmed") !== "yes") {
      event.preventDefault();
      pending = form;
      pendingSubmitter = event.submitter || null;
      opener = event.submitter || document.activeElement;
      message.textContent = form.getAttribute("data-confirm");
      ok.textContent = form.getAttribute("data-confirm-button") || defaultLabel;
      dialog.showModal();
      cancel.focus();
      return;
    }
    form.removeAttribute("data-confirmed");
    if (needsConfirm || form.hasAttribute("data-busy")) {
      if (!showBusy(form, event.submitter)) {
        event.preventDefault(); // a second click while the first is on its way
      }
    }
  });

  if (!supported) {
    return;
  }

  ok.addEventListener("click", function () {
    var form = pending;
    var submitter = pendingSubmitter;
    pending = null;
    pendingSubmitter = null;
    dialog.close("ok");
    if (form) {
      form.setAttribute("data-confirmed", "yes");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    }
  });

  cancel.addEventListener("click", function () {
    dialog.close("cancel");
  });

  dialog.addEventListener("close", function () {
    if (dialog.returnValue !== "ok" && opener && typeof opener.focus === "function") {
      opener.focus();
    }
    pending = null;
    pendingSubmitter = null;
    dialog.returnValue = "";
  });
})();
