// Ordered lists of short texts (goals in the application, decision clauses):
// add, remove and move items. The order on the page is the order saved, so
// the server needs no bookkeeping. A list with data-marker shows "att" or a
// number before each item; a library <select data-library> adds filled-in
// clauses. With data-link-name each item carries a hidden input of that name:
// the library clause it came from (data-link of the option), or empty.
(function () {
  "use strict";
  let added = 0;

  function renumber(list) {
    if (list.dataset.marker !== "nr") return;
    list.querySelectorAll(".goal-item .att-label").forEach(function (mark, i) {
      mark.textContent = i + 1 + ".";
    });
  }

  function newItem(list, text, link) {
    const name = list.dataset.name;
    const label = list.querySelector("legend").textContent.trim();
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
    li.querySelector("label").textContent = label;
    li.querySelector("label").htmlFor = id;
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
      if (button.dataset.move === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      renumber(list);
      button.focus();
    } else if (button.matches("[data-remove]")) {
      window.Fokus.taBort(button.closest(".goal-item"), list.querySelector("[data-add-goal]"));
      renumber(list);
    }
  });
})();
