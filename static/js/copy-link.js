// Copy-link buttons: each event's permalink is a visible link; where the
// clipboard can be written, a button next to it copies the address and a
// live region says so. Without this script the link is there to copy.
(function () {
  "use strict";
  if (!navigator.clipboard || !navigator.clipboard.writeText) return;
  var status = document.querySelector("[data-copied]");
  function say(text) {
    if (!status) return;
    status.textContent = "";
    // A fresh text node in a moment, so the same words are announced again.
    setTimeout(function () { status.textContent = text; }, 50);
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
        function () { say(status.getAttribute("data-copied")); },
        function () { say(status.getAttribute("data-copy-failed")); });
    });
  });
})();
