/* Annals staff forms: offer to convert Zawgyi-encoded Burmese to Unicode as
   it is pasted or typed. The server checks again on save (zawgyi_form.go), so
   this only saves a round trip. Detector and converter: Google's
   myanmar-tools (Apache-2.0, static/vendor/myanmar-tools), loaded on first
   sight of Myanmar script. Its sentences are the page's, in the account's
   language: data- attributes of its own script element (staff_layout.templ),
   "%s" standing for the field's label. */
(function () {
  "use strict";
  var THRESHOLD = 0.95; // as internal/zawgyi.Threshold
  var MYANMAR = /[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]/;
  var base = "/static/vendor/myanmar-tools/";
  var tools = null, loading = null, live = null;
  var script = document.currentScript || document.querySelector("script[data-zawgyi-hint]");
  function say(name, label) {
    return (script.getAttribute("data-zawgyi-" + name) || "").replace("%s", label || "");
  }

  function load() {
    if (loading) return loading;
    loading = Promise.all(["zawgyi_detector.js", "zawgyi_converter.js"].map(function (f) {
      return new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = base + f;
        s.onload = ok;
        s.onerror = fail;
        document.head.appendChild(s);
      });
    })).then(function () {
      var g = window.google_myanmar_tools;
      tools = { detector: new g.ZawgyiDetector(), converter: new g.ZawgyiConverter() };
      return tools;
    });
    return loading;
  }

  function announce(text) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      live.setAttribute("data-testid", "zawgyi-live");
      document.body.appendChild(live);
    }
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 50);
  }

  function labelOf(field) {
    var l = field.id && document.querySelector('label[for="' + field.id + '"]');
    return l ? l.firstChild.textContent.trim() : field.getAttribute("aria-label") || field.name;
  }

  function noticeOf(field) {
    var n = field.nextElementSibling;
    return n && n.classList.contains("zawgyi-hint") ? n : null;
  }

  function show(field) {
    if (noticeOf(field)) return;
    var n = document.createElement("div");
    n.className = "zawgyi-hint";
    n.setAttribute("data-testid", "zawgyi-hint");
    var p = document.createElement("p");
    p.textContent = say("hint");
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = say("button");
    b.setAttribute("aria-label", say("buttonlabel", labelOf(field)));
    b.addEventListener("click", function () {
      field.value = tools.converter.zawgyiToUnicode(field.value);
      n.remove();
      field.focus();
      announce(say("converted", labelOf(field)));
    });
    n.appendChild(p);
    n.appendChild(b);
    field.insertAdjacentElement("afterend", n);
    announce(say("found", labelOf(field)));
  }

  function check(field) {
    var v = field.value;
    if (!MYANMAR.test(v)) {
      var old = noticeOf(field);
      if (old) old.remove();
      return;
    }
    load().then(function (t) {
      if (t.detector.getZawgyiProbability(field.value) > THRESHOLD) {
        show(field);
      } else if (noticeOf(field)) {
        noticeOf(field).remove();
      }
    });
  }

  var timers = new WeakMap();
  document.addEventListener("input", function (ev) {
    var f = ev.target;
    if (!f.matches || !f.matches("form textarea, form input:not([type]), form input[type=text], form input[type=search]")) return;
    clearTimeout(timers.get(f));
    timers.set(f, setTimeout(function () { check(f); }, ev.inputType === "insertFromPaste" ? 0 : 250));
  });
})();
