// The split per year on a budget line of the förbund's money
// (templates/ansokningar/_budget_rad.html). While the sökande has not
// changed it, the months' proposal follows the line's amounts as they are
// typed, the way the server proposes it (budget.split_by_year: whole
// months, whole kronor, largest remainder, a tie to the earlier year), and
// the hidden proposal follows too, so the server still reads it as no own
// split. A changed split is left alone; a line that no longer adds up says
// so at once. The server checks everything again on save.
(function () {
  "use strict";
  const form = document.querySelector("[data-ansokan-form]");
  if (!form || !window.Kronor) return;

  function dela(belopp, vikter) {
    const total = vikter.reduce(function (a, b) { return a + b; }, 0n);
    const parts = vikter.map(function (v) { return (belopp * v) / total; });
    const rest = belopp - parts.reduce(function (a, b) { return a + b; }, 0n);
    const order = vikter.map(function (_v, i) { return i; }).sort(function (i, j) {
      const ri = (belopp * vikter[i]) % total;
      const rj = (belopp * vikter[j]) % total;
      return ri === rj ? i - j : (rj > ri ? 1 : -1);
    });
    for (let k = 0n; k < rest; k++) parts[order[Number(k)]] += 1n;
    return parts;
  }

  function forslag(hidden) {
    const map = {};
    (hidden.value || "").split(/\s+/).forEach(function (item) {
      const m = /^(\d{4}):(\d+)$/.exec(item);
      if (m) map[m[1]] = m[2];
    });
    return map;
  }

  function plain(n) {
    return window.Kronor.format(n).split(window.Kronor.NBSP).join(" ");
  }

  function follow(row) {
    const fieldset = row.querySelector("[data-ar-fordelning]");
    const hidden = row.querySelector("input[name$='-ar_forslag']");
    if (!fieldset || !hidden) return;
    const inputs = Array.from(fieldset.querySelectorAll("[data-ar]"));
    if (!inputs.length || inputs.some(function (i) { return !i.dataset.manader; })) return;
    let rad = 0;
    row.querySelectorAll("[data-belopp]").forEach(function (i) { rad += window.Kronor.parse(i.value); });
    const shown = forslag(hidden);
    const untouched = inputs.every(function (i) {
      return window.Kronor.parse(i.value) === parseInt(shown[i.dataset.ar] || "0", 10);
    });
    const status = fieldset.querySelector("[data-ar-status]");
    if (untouched) {
      const parts = dela(BigInt(rad), inputs.map(function (i) { return BigInt(i.dataset.manader); }));
      inputs.forEach(function (i, k) { i.value = plain(Number(parts[k])); });
      hidden.value = inputs.map(function (i, k) { return i.dataset.ar + ":" + parts[k]; }).join(" ");
      if (status) status.textContent = "";
      return;
    }
    let summa = 0;
    inputs.forEach(function (i) { summa += window.Kronor.parse(i.value); });
    if (status) {
      status.textContent = summa === rad ? "" :
        "Beloppen per år blir " + window.Kronor.format(summa) + " kr av radens " + window.Kronor.format(rad) + " kr.";
    }
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-belopp], [data-ar]")) {
      const row = event.target.closest("tr.budget-row");
      if (row) follow(row);
    }
  });
})();
