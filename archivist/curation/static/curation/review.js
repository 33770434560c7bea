// Keyboard shortcuts of the review screen (listed on the page): the buttons and boxes they press work
// the same without JavaScript.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".review-item"));
  var current = -1;

  function typing(target) {
    return target.closest("input[type=text], input[type=number], input[type=search], select, textarea");
  }

  function moveTo(index) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle("current", i === current); });
    items[current].focus();
    items[current].scrollIntoView({block: "nearest"});
  }

  function press(scope, shortcut) {
    var button = scope && scope.querySelector("button[data-shortcut='" + shortcut + "']");
    if (button) button.click();
  }

  items.forEach(function (item, i) {
    item.addEventListener("focusin", function () {
      current = i;
      items.forEach(function (other, j) { other.classList.toggle("current", j === i); });
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var item = items[current];
    switch (event.key) {
      case "j": moveTo(current + 1); break;
      case "k": moveTo(current - 1); break;
      case "x": if (item) { var box = item.querySelector("input[type=checkbox]"); box.checked = !box.checked; } break;
      case "a": press(item, "a"); break;
      case "r": press(item, "r"); break;
      case "A": press(document.querySelector(".bulk-actions"), "A"); break;
      case "R": press(document.querySelector(".bulk-actions"), "R"); break;
      case "?": var help = document.getElementById("shortcuts"); help.open = !help.open; break;
      default: return;
    }
    event.preventDefault();
  });
})();
