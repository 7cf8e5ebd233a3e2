/* Annals event editor: the source picker as you type. htmx (vendor/htmx,
   the attributes on #source_q) asks /staff/sources/suggest for the sources
   matching what is typed and shows them as buttons of the editor's form;
   without JavaScript the "Find" button shows the same buttons. This file
   keeps htmx within what the staff pages allow and makes Enter in the
   search find rather than save the event. */
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
  // follows: never show that page inside the editor.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/staff/sources/suggest") < 0) e.detail.shouldSwap = false;
  });
  var input = document.getElementById("source_q");
  if (!input) return;
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
})();
