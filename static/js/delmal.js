// Where goals belong on the application form: with delar, effekt- and
// insatsmål are written per del, and the goals section says so as soon as
// the first del is added (and the other way round when the last goes).
(function () {
  "use strict";
  const delar = document.querySelector("[data-delar]");
  const utan = document.querySelector("[data-mal-utan-delar]");
  const med = document.querySelector("[data-mal-med-delar]");
  if (!delar || !utan || !med) return;

  function update() {
    const har = delar.querySelectorAll("[data-del]").length > 0;
    med.hidden = !har;
    utan.hidden = har;
  }
  new MutationObserver(update).observe(delar, { childList: true });
  update();
})();
