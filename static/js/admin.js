// Two gaps in Django's admin widgets that axe reports as serious (loaded by
// templates/admin/base_site.html):
// - the date and time boxes of a date-time field have no label, only the
//   words "Datum:" and "Tid:" before them;
// - the filter widget's search icon carries an aria-label on a bare span.
(function () {
  "use strict";
  function fix() {
    document.querySelectorAll("p.datetime input").forEach(function (input) {
      if (input.labels && input.labels.length) return;
      let text = input.previousSibling;
      while (text && text.nodeType !== Node.TEXT_NODE) text = text.previousSibling;
      const words = text ? text.textContent.replace(":", "").trim() : "";
      const field = input.closest(".form-row, .fieldBox");
      const label = field && field.querySelector("label");
      input.setAttribute("aria-label", [label ? label.textContent.replace(":", "").trim() : "", words].join(" ").trim());
    });
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  // The filter widget is built by the admin's own script on load.
  window.addEventListener("load", fix);
})();
