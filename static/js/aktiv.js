// The session ends after SESSION_IDLE_MINUTES without a request, but a user
// writing a long text makes no request. While they type or click, tell the
// server so, at most every few minutes (samordning.konto.aktiv): the limit
// then measures time away from the keyboard. If the session has ended all
// the same (the computer was left), say so at once, before a save would
// meet the login page: what is typed stays on the page to be copied.
(function () {
  "use strict";
  const url = document.body.dataset.aktivUrl;
  if (!url) return;
  const EVERY_MS = 1000 * parseInt(document.body.dataset.aktivSekunder || "240", 10);
  let last = Date.now();
  let warned = false;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function warn() {
    if (warned) return;
    warned = true;
    const box = document.createElement("div");
    box.className = "alert alert-warning";
    box.setAttribute("role", "alert");
    box.id = "utloggad";
    box.tabIndex = -1;
    box.textContent =
      "Du har loggats ut eftersom du inte har använt tjänsten på en stund. " +
      "Det du har skrivit finns kvar på den här sidan men kan inte sparas härifrån: " +
      "kopiera det, logga in i en ny flik och klistra in det där.";
    const main = document.getElementById("innehall") || document.body;
    main.insertBefore(box, main.firstChild);
  }

  function ping() {
    if (warned || Date.now() - last < EVERY_MS) return;
    last = Date.now();
    fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      redirect: "manual",
    }).then(function (response) {
      // The login redirect: the session had ended.
      if (response.type === "opaqueredirect") warn();
    }).catch(function () { /* offline: the next keystroke tries again */ });
  }

  ["keydown", "input", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, ping, { passive: true, capture: true });
  });
})();
