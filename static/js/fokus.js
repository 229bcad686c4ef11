// Keyboard focus on every page: after a failed save the error summary
// (base.html, built by templatetags/felsammanfattning.py) takes the focus,
// so a screen reader reads it and Tab goes on to its links (after one that
// worked, the message box does); a link in it
// focuses its field (or a group's first field); a focused element is never
// left under the sticky save bar (.form-actions); and window.Fokus.taBort
// removes a row, goal or del with the focus on a neighbour, never on the
// page body (listor.js, ansokan.js).
(function () {
  "use strict";
  const FOCUSABLE = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex='-1'])";

  function first(el) {
    return el && (el.matches(FOCUSABLE) ? el : el.querySelector(FOCUSABLE));
  }

  // The next item's first field, else the previous item's, else `fallback`
  // (the list's add button): where a reader continues after removing.
  function taBort(item, fallback) {
    let next = item.nextElementSibling;
    while (next && next.hidden) next = next.nextElementSibling;
    let previous = item.previousElementSibling;
    while (previous && previous.hidden) previous = previous.previousElementSibling;
    const target = first(next) || first(previous) || fallback;
    item.remove();
    if (target) target.focus();
  }
  window.Fokus = { taBort: taBort };

  // A page loaded after a save: the error summary, or else the message
  // saying what happened ("… är sparat"), takes the focus, so that a screen
  // reader reads it (a status present at load is not announced) and the
  // focus is not left on the body.
  // A #target in the address: a field's (#id_…) or one that is not on this
  // page was carried over by the browser from the error summary's link of
  // the page before (a redirect keeps the fragment): the message still
  // wins. A section the save sent the reader to (#i-avvikelser, #narvaro)
  // keeps the view and takes the focus itself, made focusable if it is a
  // heading; the message is then read as the live region it is (role=status),
  // its text put back once the page has settled.
  const summary = document.getElementById("felsammanfattning");
  const status = document.getElementById("meddelanden");
  const hash = decodeURIComponent(window.location.hash.slice(1));
  const target = hash && document.getElementById(hash);
  if (summary) summary.focus();
  else if (status && (!target || hash.indexOf("id_") === 0)) status.focus({ preventScroll: !target });
  else if (status && target) {
    if (!target.matches(FOCUSABLE) && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    window.setTimeout(function () {
      if (document.activeElement === document.body) target.focus({ preventScroll: true });
      const text = status.innerHTML;
      status.innerHTML = "";
      window.setTimeout(function () { status.innerHTML = text; }, 50);
    }, 0);
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("#felsammanfattning a[href^='#']");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    const control = first(target);
    if (!control) target.setAttribute("tabindex", "-1");
    // After the browser has followed the link (the address gets the #field):
    // the field takes the focus, with its label or legend in view.
    window.setTimeout(function () {
      const group = target.closest("fieldset, .mb-3, .goal-list, td") || target;
      group.scrollIntoView({ block: "center" });
      (control || target).focus({ preventScroll: true });
    }, 0);
  });

  // scroll-padding-bottom (app.css) keeps a field tabbed to clear of the
  // bar; this also covers focus moved by a script and browsers that scroll
  // focused elements without the padding.
  document.addEventListener("focusin", function (event) {
    const bar = document.querySelector(".form-actions");
    const el = event.target;
    if (!bar || bar.contains(el) || !el.getBoundingClientRect) return;
    // After the browser's own scrolling to the element.
    window.requestAnimationFrame(function () {
      if (document.activeElement !== el) return;  // the reader has moved on
      const r = el.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      // Up by what the bar covers, but never so far that the element's top
      // leaves the window (a region taller than the room above the bar).
      if (r.bottom > b.top && r.top < b.bottom) window.scrollBy(0, Math.min(r.bottom - b.top + 16, r.top - 16));
    });
  });
})();
