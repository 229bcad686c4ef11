// The claim's sum while the amounts are typed (the new rekvisition form);
// the server counts it again on save, with the same rule (js/kronor.js).
(function () {
  "use strict";
  const form = document.querySelector("[data-rekvisition-form]");
  if (!form || !window.Kronor) return;
  const inputs = form.querySelectorAll("[data-belopp]");
  const out = form.querySelector("[data-rekvisition-summa]");
  function update() {
    let sum = 0;
    inputs.forEach(function (input) { sum += window.Kronor.parse(input.value); });
    out.textContent = window.Kronor.format(sum) + window.Kronor.NBSP + "kr";
  }
  inputs.forEach(function (input) {
    input.addEventListener("input", update);
    input.addEventListener("blur", function () { window.Kronor.mark(input); });
  });
  update();
})();
