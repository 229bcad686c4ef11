// Whole kronor in the browser, for live sums only: the server's rule
// (samordning.fields.KronorField) on what counts, and the thousands
// spacing of the pages. Used by js/ansokan.js and insatser/beviljanden.js.
window.Kronor = (function () {
  "use strict";
  const NBSP = "\u00a0";

  // "1 540 400", "86 400 kr", "270 000:-" and "270000,00" are whole kronor;
  // anything else (other decimals, minus, letters) counts as nothing here
  // and gets its message on save.
  function whole(text) {
    const clean = String(text).replace(/\s+/g, "").replace(/(kr|:-)$/i, "").replace(/[.,]0+$/, "");
    return /^\d+$/.test(clean) ? parseInt(clean, 10) : null;
  }

  function parse(text) {
    return whole(text) ?? 0;
  }

  // On leaving a field: typed but not whole kronor gets Bootstrap's red
  // border and aria-invalid at once, so a sum that leaves it out is not a
  // surprise; the message itself comes from the server on save.
  function mark(input) {
    const bad = input.value.trim() !== "" && whole(input.value) === null;
    input.classList.toggle("is-invalid", bad);
    if (bad) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  // 1362000 -> "1 362 000" with no-break spaces; a minus sign for negatives.
  function format(n) {
    const sign = n < 0 ? "\u2212" : "";
    return sign + Math.abs(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  }

  return { NBSP: NBSP, parse: parse, format: format, mark: mark };
})();
