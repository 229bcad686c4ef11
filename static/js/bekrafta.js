// Acts that cannot be undone (signing, lämna in, återkalla, fastställ) are
// confirmed in a dialog that says what will happen. A form carries the text
// in data-bekrafta (or one submit button does, when only that button is
// the act: "Spara och lämna in" beside "Spara utkast"); data-bekrafta-knapp
// names the confirm button. Without this script the form posts at once, as
// it did before: the server is the same either way.
(function () {
  "use strict";
  const dialog = document.getElementById("bekrafta");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const heading = document.getElementById("bekrafta-rubrik");
  const text = document.getElementById("bekrafta-text");
  const cancel = dialog.querySelector("[data-bekrafta-avbryt]");
  const ok = dialog.querySelector("[data-bekrafta-ok]");
  let pending = null; // {form, submitter, opener} while the dialog is open
  let confirmed = null; // the form whose next submit is the confirmed one

  function label(button) {
    // "Återkalla ansökan …" opens the question; the heading is the act itself.
    return button ? button.textContent.trim().replace(/\s*…$/, "") : "";
  }

  // Capture on the document: runs before the form's own submit listeners
  // (ansokan.js forgets unsaved changes on submit; a cancelled act must not).
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (confirmed === form) { confirmed = null; return; }
    const submitter = event.submitter || null;
    const source = submitter && submitter.hasAttribute("data-bekrafta") ? submitter : form;
    const message = source.getAttribute("data-bekrafta");
    if (!message) return;
    event.preventDefault();
    event.stopPropagation();
    pending = { form: form, submitter: submitter, opener: submitter || document.activeElement };
    heading.textContent = source.getAttribute("data-bekrafta-rubrik") || label(submitter) || message;
    text.textContent = message;
    ok.textContent = source.getAttribute("data-bekrafta-knapp") || label(submitter);
    ok.className = "btn " + (source.getAttribute("data-bekrafta-stil") || "btn-primary");
    dialog.showModal();
    cancel.focus(); // the safe choice: Enter on it, or Esc, leaves everything as it was
  }, true);

  cancel.addEventListener("click", function () { dialog.close(); });

  ok.addEventListener("click", function () {
    const act = pending;
    pending = null;
    dialog.close();
    confirmed = act.form;
    // The submitter's name and value (action=lamna_in) are posted as if it had been pressed.
    if (act.submitter) act.form.requestSubmit(act.submitter);
    else act.form.requestSubmit();
  });

  // Esc or Avbryt: nothing happened, and the focus is back where it was.
  dialog.addEventListener("close", function () {
    if (!pending) return;
    const opener = pending.opener;
    pending = null;
    if (opener && typeof opener.focus === "function") opener.focus();
  });

  // The buttons are on the page before this script (at the end of <body>)
  // has run; a browser test waits for this mark before pressing an act.
  document.documentElement.setAttribute("data-bekrafta", "redo");
})();
