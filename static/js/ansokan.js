// The application form: delar and budget rows that can be added and
// removed, and budget sums that follow the typing (goal lists: listor.js).
// The server recomputes every sum on save; these are only a live preview
// (amounts read and written by kronor.js).
(function () {
  "use strict";
  const form = document.querySelector("[data-ansokan-form]");
  if (!form) return;
  const kr = window.Kronor.format;

  function fromTemplate(template, index) {
    const html = template.innerHTML.replace(/__i__/g, String(index));
    const holder = document.createElement(template.dataset.rowTemplate !== undefined ? "tbody" : "div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  // "Del 1", "Del 2", … in page order, as the server numbers them on save.
  function numberDelar() {
    form.querySelectorAll("[data-delar] [data-del]").forEach(function (del, i) {
      const nr = del.querySelector("[data-del-nr]");
      if (nr) nr.textContent = String(i + 1);
    });
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-add-del]")) {
      const holder = form.querySelector("[data-delar]");
      const next = parseInt(holder.dataset.next, 10);
      holder.dataset.next = String(next + 1);
      const del = fromTemplate(form.querySelector("[data-del-template]"), next);
      holder.appendChild(del);
      numberDelar();
      del.querySelector("input").focus();
    } else if (button.matches("[data-remove-del]")) {
      window.Fokus.taBort(button.closest("[data-del]"), form.querySelector("[data-add-del]"));
      numberDelar();
    } else if (button.matches("[data-add-row]")) {
      const table = button.closest("table");
      const budget = form.querySelector("[data-budget]");
      const next = parseInt(budget.dataset.next, 10);
      budget.dataset.next = String(next + 1);
      const template = table.nextElementSibling;
      const row = fromTemplate(template, next);
      table.querySelector("[data-rows]").appendChild(row);
      const first = row.querySelector("input[type=text], input[type=number]");
      if (first) first.focus();
      recompute();
    } else if (button.matches("[data-remove-row]")) {
      window.Fokus.taBort(button.closest("tr"), button.closest("table").querySelector("[data-add-row]"));
      recompute();
    }
  });

  // --- budget sums -------------------------------------------------------
  const budget = form.querySelector("[data-budget]");
  const parts = budget ? parseInt(budget.dataset.parts, 10) : 0;
  const FORBUND = ["lon", "lokal", "ovrig"];
  const EGEN = ["egen_lon", "egen_lokal", "egen_ovrig"];

  function value(input) {
    return window.Kronor.parse(input.value);
  }

  function recompute() {
    if (!budget) return;
    const sections = {};
    budget.querySelectorAll("table[data-section]").forEach(function (table) {
      const cols = new Array(parts).fill(0);
      table.querySelectorAll("tr.budget-row").forEach(function (row) {
        let rowSum = 0;
        row.querySelectorAll("[data-belopp]").forEach(function (input) {
          const v = value(input);
          cols[parseInt(input.dataset.col, 10)] += v;
          rowSum += v;
        });
        row.querySelector("[data-row-sum]").textContent = kr(rowSum);
      });
      table.querySelectorAll("[data-col-sum]").forEach(function (cell) {
        cell.textContent = kr(cols[parseInt(cell.dataset.colSum, 10)]);
      });
      table.querySelector("[data-section-sum]").textContent = kr(cols.reduce((a, b) => a + b, 0));
      sections[table.dataset.section] = cols;
    });
    function total(keys) {
      const cols = new Array(parts).fill(0);
      keys.forEach(function (k) {
        (sections[k] || []).forEach(function (v, i) { cols[i] += v; });
      });
      return cols;
    }
    const totals = { forbund: total(FORBUND), egen: total(EGEN), total: total(FORBUND.concat(EGEN, ["ovrig_fin"])) };
    budget.querySelectorAll("[data-total]").forEach(function (cell) {
      const cols = totals[cell.dataset.total];
      cell.textContent = kr(cell.dataset.col === "all" ? cols.reduce((a, b) => a + b, 0) : cols[parseInt(cell.dataset.col, 10)]);
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-belopp]")) recompute();
  });
  recompute();
  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-belopp]")) window.Kronor.mark(event.target);
  });

  // Warn before leaving with unsaved changes (a closed tab loses only what
  // was typed since the last save, and the browser asks first).
  let dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
