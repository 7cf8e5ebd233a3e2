/* Annals event editor: the pickers (sources, actors) as you type. htmx
   (vendor/htmx, the hx-* attributes on each picker's search field) asks
   /staff/<kind>s/suggest for what matches what is typed and shows it as
   buttons of the editor's form; without JavaScript the "Find" button shows
   the same buttons. This file keeps htmx within what the staff pages allow
   and makes Enter in a picker's search find rather than save the event. */
(function () {
  "use strict";
  if (!window.htmx) return;
  var config = window.htmx.config;
  config.allowEval = false;              // the pages' CSP forbids eval
  config.allowScriptTags = false;        // answers are markup, never scripts
  config.includeIndicatorStyles = false; // the CSP forbids inline styles
  config.historyEnabled = false;         // no staff page kept in localStorage
  config.historyCacheSize = 0;
  config.selfRequestsOnly = true;
  // A session that ended is sent to the sign-in page, which the request
  // follows: never show that page (or any answer from elsewhere than
  // what was asked) inside the editor.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var path = e.detail.pathInfo;
    if (!path || !path.responsePath) return;
    if (path.responsePath.split("?")[0] !== path.requestPath.split("?")[0]) e.detail.shouldSwap = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll(".picker input[type=search][hx-get]"), function (input) {
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        input.dispatchEvent(new Event("find"));
      }
    });
    // A keypress sent on its own (as some tools and keyboards do) would
    // still submit the form.
    input.addEventListener("keypress", function (e) {
      if (e.key === "Enter") e.preventDefault();
    });
  });
})();
