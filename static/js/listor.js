// Ordered lists of text items (decision clauses): add, remove, move, and add
// a clause from the library. The order on the page is the order saved.
(function () {
  "use strict";
  const form = document.querySelector("[data-forslag-form]");
  if (!form) return;

  function renumber(list) {
    list.querySelectorAll(".goal-item").forEach(function (li, i) {
      const mark = li.querySelector(".att-label");
      if (mark && mark.textContent.trim() !== "att") mark.textContent = (i + 1) + ".";
    });
  }

  function newItem(list, text) {
    const first = list.querySelector(".goal-item");
    const li = document.createElement("li");
    li.className = "goal-item";
    const id = "sats-ny-" + Date.now();
    const mark = first ? first.querySelector(".att-label").textContent.trim() : "att";
    li.innerHTML = '<span class="att-label" aria-hidden="true"></span><label class="visually-hidden"></label>' +
      '<textarea class="form-control" rows="2" name="sats"></textarea>' +
      '<div class="goal-actions btn-group btn-group-sm" role="group">' +
      '<button type="button" class="btn btn-outline-secondary" data-move="up" aria-label="Flytta upp">↑</button>' +
      '<button type="button" class="btn btn-outline-secondary" data-move="down" aria-label="Flytta ned">↓</button>' +
      '<button type="button" class="btn btn-outline-danger" data-remove aria-label="Ta bort">×</button></div>';
    li.querySelector(".att-label").textContent = mark === "att" ? "att" : "";
    li.querySelector("label").textContent = "Ny sats";
    li.querySelector("label").htmlFor = id;
    const area = li.querySelector("textarea");
    area.id = id;
    area.value = text || "";
    list.querySelector(".goal-items").appendChild(li);
    renumber(list);
    area.focus();
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const list = button.closest("[data-goal-list]");
    if (button.matches("[data-add-goal]")) {
      newItem(list, "");
    } else if (button.matches("[data-add-library]")) {
      const select = list.querySelector("[data-library]");
      if (select.value) newItem(list, select.value);
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
      button.closest(".goal-item").remove();
      renumber(list);
    }
  });
})();
