// Two gaps in Django's admin widgets that axe reports as serious (loaded by
// templates/admin/base_site.html):
// - the date and time boxes of a date-time field have no label, only the
//   words "Datum:" and "Tid:" before them;
// - the filter widget's search icon carries an aria-label on a bare span;
// - a tabular inline's fields (the inriktning's shares) have no label, only
//   the column heading above them;
// - an autocomplete box (select2, e.g. a lokusgrupp's representatives) is a
//   combobox named only by its selected text, so an empty one has no name;
// - after a failed save with no field to focus (a version conflict) the
//   focus stayed on the body: the error note takes it, as an alert.
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
    document.querySelectorAll(".tabular table").forEach(labelTabular);
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(nameCombobox);
  }

  let ids = 0;
  function idOf(el) {
    if (!el.id) el.id = "admin-namn-" + (ids += 1);
    return el.id;
  }

  // The heading of the column a cell stands in (the header row and the
  // form rows have the same cells, hidden ones included).
  function columnHeading(cell) {
    const table = cell.closest("table");
    const head = table && table.tHead && table.tHead.rows[0];
    const th = head && head.cells[cell.cellIndex];
    return th && th.textContent.trim() ? th : null;
  }

  function labelTabular(table) {
    const rows = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []).filter(function (row) {
      return row.classList.contains("form-row") && !row.classList.contains("empty-form");
    });
    rows.forEach(function (row, i) {
      row.querySelectorAll("td input:not([type=hidden]), td select, td textarea").forEach(function (control) {
        if ((control.labels && control.labels.length) || control.getAttribute("aria-label")) return;
        const th = columnHeading(control.closest("td"));
        if (th) control.setAttribute("aria-label", th.textContent.replace(/[?:*]/g, "").trim() + ", rad " + (i + 1));
      });
    });
  }

  function nameCombobox(box) {
    const container = box.closest(".select2-container");
    const select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    const label = (select.labels && select.labels[0]) || columnHeading(select.closest("td") || select);
    if (!label) return;
    const shown = box.querySelector(".select2-selection__rendered");
    const refs = [idOf(label)].concat(shown ? [idOf(shown)] : []);
    box.setAttribute("aria-labelledby", refs.join(" "));
    if (shown && shown.getAttribute("role")) shown.setAttribute("aria-labelledby", refs.join(" "));  // role=textbox
  }

  function focusErrorNote() {
    const note = document.querySelector("p.errornote");
    if (!note) return;
    note.setAttribute("role", "alert");
    if (document.activeElement && document.activeElement !== document.body) return;  // the admin chose a field
    note.setAttribute("tabindex", "-1");
    note.focus();
  }
  document.addEventListener("DOMContentLoaded", focusErrorNote);

  // The filter widget is built by the admin's own script on load; an inline
  // row added later gets its select2 box from the admin's own handler.
  window.addEventListener("load", fix);
  document.addEventListener("formset:added", function () { window.setTimeout(fix, 0); });
})();
