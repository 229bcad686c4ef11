// The new-application form: choosing the insats a tilläggsansökan extends
// fills in its name and insatsägare and marks the application as a
// tilläggsansökan, so nothing has to be typed twice. A name the sökande
// typed is kept. The server does the same without JavaScript.
(function () {
  "use strict";
  const select = document.querySelector("select[name=insats]");
  if (!select) return;
  const form = select.form;
  const namn = form.querySelector("input[name=namn]");
  const agare = form.querySelector("select[name=insatsagare]");
  let filled = "";

  select.addEventListener("change", function () {
    const option = select.selectedOptions[0];
    if (!option || !option.value) return;
    if (namn && (namn.value.trim() === "" || namn.value === filled)) {
      namn.value = option.dataset.namn || "";
      filled = namn.value;
    }
    if (agare && option.dataset.insatsagare) agare.value = option.dataset.insatsagare;
    const tillagg = form.querySelector("input[name=typ][value=tillagg]");
    if (tillagg) tillagg.checked = true;
  });
})();
