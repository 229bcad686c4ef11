// The grants of an insats on the register form: add and remove rows of the
// Django formset, and a running total. A removed row is marked DELETE and
// hidden, so the row numbers stay as the formset counted them; the server
// skips it and recomputes everything on save (amounts: js/kronor.js).
(function () {
  "use strict";
  const form = document.querySelector("[data-beviljande-form]");
  if (!form) return;
  const Kronor = window.Kronor; // static/js/kronor.js
  const rows = form.querySelector("[data-rows]");
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const sumCell = form.querySelector("[data-summa]");
  const addButton = form.querySelector("[data-add-row]");

  function recompute() {
    let sum = 0;
    rows.querySelectorAll("[data-rad]:not([hidden]) input[name$='-belopp']").forEach(function (input) {
      sum += Kronor.parse(input.value);
    });
    sumCell.textContent = Kronor.format(sum) + Kronor.NBSP + "kr";
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-add-row]")) {
      const index = parseInt(total.value, 10);
      const template = form.querySelector("[data-row-template]");
      const holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
      const row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      row.querySelector("input:not([type=hidden])").focus();
    } else if (button.matches("[data-remove-row]")) {
      const row = button.closest("[data-rad]");
      row.querySelector("[data-delete]").checked = true;
      row.hidden = true;
      recompute();
      addButton.focus();
    }
  });
  form.addEventListener("input", function (event) {
    if (event.target.name && event.target.name.endsWith("-belopp")) recompute();
  });
  form.addEventListener("change", function (event) {
    if (event.target.name && event.target.name.endsWith("-belopp")) Kronor.mark(event.target);
  });
  recompute();
})();
