// The application form: ordered goal lists, delar and budget rows that can
// be added, removed and reordered, and budget sums that follow the typing.
// The server recomputes every sum on save; these are only a live preview.
(function () {
  "use strict";
  const form = document.querySelector("[data-ansokan-form]");
  if (!form) return;
  const NBSP = "\u00a0";

  function kr(n) {
    const sign = n < 0 ? "\u2212" : "";
    return sign + Math.abs(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  }

  function fromTemplate(template, index) {
    const html = template.innerHTML.replace(/__i__/g, String(index));
    const holder = document.createElement(template.dataset.rowTemplate !== undefined ? "tbody" : "div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  // --- goal lists -------------------------------------------------------
  let newGoals = 0;
  function goalItem(list) {
    const name = list.dataset.name;
    const label = list.querySelector("legend").textContent.trim();
    const li = document.createElement("li");
    li.className = "goal-item";
    newGoals += 1;  // Date.now() alone repeats when two goals are added within a millisecond
    const id = name + "-ny-" + newGoals;
    li.innerHTML =
      '<label class="visually-hidden"></label>' +
      '<textarea class="form-control" rows="2" maxlength="2000"></textarea>' +
      '<div class="goal-actions btn-group btn-group-sm" role="group" aria-label="Flytta eller ta bort">' +
      '<button type="button" class="btn btn-outline-secondary" data-move="up" aria-label="Flytta upp">↑</button>' +
      '<button type="button" class="btn btn-outline-secondary" data-move="down" aria-label="Flytta ned">↓</button>' +
      '<button type="button" class="btn btn-outline-danger" data-remove aria-label="Ta bort">×</button></div>';
    li.querySelector("label").textContent = label;
    li.querySelector("label").htmlFor = id;
    const area = li.querySelector("textarea");
    area.name = name;
    area.id = id;
    return li;
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-add-goal]")) {
      const list = button.closest("[data-goal-list]");
      const item = goalItem(list);
      list.querySelector(".goal-items").appendChild(item);
      item.querySelector("textarea").focus();
    } else if (button.matches("[data-move]")) {
      const item = button.closest(".goal-item");
      if (button.dataset.move === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      button.focus();
    } else if (button.matches("[data-remove]")) {
      button.closest(".goal-item").remove();
    } else if (button.matches("[data-add-del]")) {
      const holder = form.querySelector("[data-delar]");
      const next = parseInt(holder.dataset.next, 10);
      holder.dataset.next = String(next + 1);
      const del = fromTemplate(form.querySelector("[data-del-template]"), next);
      holder.appendChild(del);
      del.querySelector("input").focus();
    } else if (button.matches("[data-remove-del]")) {
      button.closest("[data-del]").remove();
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
      button.closest("tr").remove();
      recompute();
    }
  });

  // --- budget sums -------------------------------------------------------
  const budget = form.querySelector("[data-budget]");
  const parts = budget ? parseInt(budget.dataset.parts, 10) : 0;
  const FORBUND = ["lon", "lokal", "ovrig"];
  const EGEN = ["egen_lon", "egen_lokal", "egen_ovrig"];

  function value(input) {
    const n = parseInt(input.value, 10);
    return Number.isFinite(n) && n > 0 ? n : 0;
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

  // Warn before leaving with unsaved changes (a closed tab loses only what
  // was typed since the last save, and the browser asks first).
  let dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
