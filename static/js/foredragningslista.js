// The föredragningslista's move buttons post and the page comes back at
// #upp-<id> or #ned-<id>: the moved ärende's button takes the focus again,
// so a keyboard user can press it once more (the address alone only
// scrolls there). Without this script the page still scrolls to the ärende.
(function () {
  "use strict";
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (!/^(upp|ned)-\d+$/.test(id)) return;
  const button = document.getElementById(id);
  if (button) button.focus();
})();
