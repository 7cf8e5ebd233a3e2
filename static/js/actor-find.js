/* Annals event editor: the actor search as you type. Without this script
   the "Find" button next to the search returns the editor with the actors
   found (staff_lists.go); with it, typing fetches /staff/actors/find and
   offers what it finds in every actor list, keeping each list's choice. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-actor-find]");
  if (!input || !window.fetch) return;
  var endpoint = input.getAttribute("data-actor-find");
  var fieldset = input.closest("fieldset");
  var timer = null, asked = 0;

  function lists() {
    return Array.prototype.filter.call(fieldset.querySelectorAll("select"), function (s) {
      return /^actor_\d+$/.test(s.name);
    });
  }

  function offer(actors) {
    lists().forEach(function (select) {
      var keep = {};
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.value === "" || o.selected) keep[o.value] = true;
      });
      Array.prototype.slice.call(select.options).forEach(function (o) {
        if (!keep[o.value]) select.removeChild(o);
      });
      actors.forEach(function (a) {
        if (keep[a.slug]) return;
        var o = document.createElement("option");
        o.value = a.slug;
        o.textContent = a.name;
        select.appendChild(o);
      });
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var n = ++asked;
      fetch(endpoint + "?q=" + encodeURIComponent(input.value), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && n === asked) offer(data.actors); })
        .catch(function () { /* the Find button still works */ });
    }, 200);
  });
  // Enter in the search finds rather than saving the event.
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(timer);
      input.dispatchEvent(new Event("input"));
    }
  });
})();
