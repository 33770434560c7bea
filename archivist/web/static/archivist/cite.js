// The Cite box's copy button: shown only where the script runs and the clipboard can be written; the
// citation stays selectable text for everyone else.
"use strict";
document.querySelectorAll("[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) {
    return;
  }
  var holder = button.parentElement;
  var status = holder.querySelector(".copy-status");
  holder.hidden = false;
  button.addEventListener("click", function () {
    var text = document.getElementById(button.dataset.copy).textContent.trim();
    navigator.clipboard.writeText(text).then(function () {
      status.textContent = "Copied.";
    }, function () {
      status.textContent = "Could not copy: select the citation and copy it.";
    });
  });
});
