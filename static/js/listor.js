// Ordered lists of short texts (goals in the application, decision clauses):
// add, remove and move items. The order on the page is the order saved, so
// the server needs no bookkeeping. A list with data-marker shows "att" or a
// number before each item; a library <select data-library> adds filled-in
// clauses. With data-link-name each item carries a hidden input of that name:
// the library clause it came from (data-link of the option), or empty.
(function () {
  "use strict";
  let added = 0;

  // The item's name as a screen reader says it: "Sats 2", "Effektmål 3".
  function itemLabel(list, i) {
    return (list.dataset.itemLabel || list.querySelector("legend").textContent.trim()) + " " + (i + 1);
  }

  // After every change each item's label and button group say its place
  // again, so "Sats 1" is never read for the second clause after a move.
  function renumber(list) {
    list.querySelectorAll(".goal-items > .goal-item").forEach(function (item, i) {
      const label = item.querySelector("label.visually-hidden");
      if (label) label.textContent = itemLabel(list, i);
      const group = item.querySelector(".goal-actions");
      if (group) group.setAttribute("aria-label", "Flytta eller ta bort " + itemLabel(list, i).toLowerCase());
      const mark = item.querySelector(".att-label");
      if (mark && list.dataset.marker === "nr") mark.textContent = i + 1 + ".";
    });
  }

  // A move keeps the focus on its button, so nothing else tells a screen
  // reader that it happened: a polite live region says where the item went.
  function statusRegion(list) {
    let region = list.querySelector("[data-list-status]");
    if (!region) {
      region = document.createElement("p");
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      region.dataset.listStatus = "";
      list.appendChild(region);
    }
    return region;
  }

  function announce(list, text) {
    const region = statusRegion(list);
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // The region exists before anything is said in it (a live region added
  // together with its text is not read); a del added later (ansokan.js)
  // gets its lists' regions when they are first used, at the latest.
  document.querySelectorAll("[data-goal-list]").forEach(function (list) {
    statusRegion(list);
    renumber(list);
  });

  function newItem(list, text, link) {
    const name = list.dataset.name;
    const li = document.createElement("li");
    li.className = "goal-item";
    added += 1; // Date.now() alone repeats when two items are added within a millisecond
    const id = name + "-ny-" + added;
    li.innerHTML =
      (list.dataset.marker ? '<span class="att-label" aria-hidden="true"></span>' : "") +
      '<label class="visually-hidden"></label>' +
      '<textarea class="form-control" rows="2"></textarea>' +
      '<div class="goal-actions btn-group btn-group-sm" role="group" aria-label="Flytta eller ta bort">' +
      '<button type="button" class="btn btn-outline-secondary" data-move="up" aria-label="Flytta upp">↑</button>' +
      '<button type="button" class="btn btn-outline-secondary" data-move="down" aria-label="Flytta ned">↓</button>' +
      '<button type="button" class="btn btn-outline-danger" data-remove aria-label="Ta bort">×</button></div>';
    if (list.dataset.marker === "att") li.querySelector(".att-label").textContent = "att";
    li.querySelector("label").htmlFor = id;  // its text: renumber(), below
    const area = li.querySelector("textarea");
    area.name = name;
    area.id = id;
    area.value = text || "";
    if (list.dataset.linkName) {
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = list.dataset.linkName;
      hidden.value = link || "";
      area.after(hidden);
    }
    list.querySelector(".goal-items").appendChild(li);
    renumber(list);
    area.focus();
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    const list = button && button.closest("[data-goal-list]");
    if (!list) return;
    if (button.matches("[data-add-goal]")) {
      newItem(list, "");
    } else if (button.matches("[data-add-library]")) {
      const select = list.querySelector("[data-library]");
      if (select.value) newItem(list, select.value, select.selectedOptions[0].dataset.link);
      select.value = "";
    } else if (button.matches("[data-move]")) {
      const item = button.closest(".goal-item");
      const up = button.dataset.move === "up";
      const moved = up ? item.previousElementSibling : item.nextElementSibling;
      if (moved && up) item.parentNode.insertBefore(item, moved);
      else if (moved) item.parentNode.insertBefore(moved, item);
      renumber(list);
      button.focus();
      const items = Array.from(item.parentNode.children);
      const place = items.indexOf(item) + 1;
      if (moved) announce(list, "Flyttad till plats " + place + " av " + items.length + ".");
      else announce(list, up ? "Redan först." : "Redan sist.");
    } else if (button.matches("[data-remove]")) {
      const item = button.closest(".goal-item");
      const name = item.querySelector("label.visually-hidden");
      const removed = name ? name.textContent : "";
      window.Fokus.taBort(item, list.querySelector("[data-add-goal]"));
      renumber(list);
      announce(list, (removed ? removed + " borttagen" : "Borttagen") + ".");
    }
  });
})();
