/* Annals embed script. No dependencies; safe to load more than once.
 *
 * On a host page (any site), it sizes every Annals iframe to its content:
 * the embed posts its height, this script sets the iframe's height, so the
 * frame has no inner scrollbar. Without it, the iframe keeps the height
 * written in the snippet and scrolls.
 *
 * Inside an Annals embed page (<body data-annals-embed>), the same file
 * posts the page's height to the parent whenever it changes.
 *
 * Messages: {type: "annals:height", height: <CSS pixels>} from the embed;
 * {type: "annals:ping"} from the host, answered with the height.
 */
(function () {
  "use strict";
  var HEIGHT = "annals:height";
  var PING = "annals:ping";
  var w = window;
  var d = document;
  var script = d.currentScript;

  function isEmbed() {
    return !!d.querySelector("body[data-annals-embed]");
  }

  // Inside the iframe: report the content's height.
  function embed() {
    if (w.parent === w) {
      return;
    }
    var root = d.getElementById("embed-root") || d.body;
    var last = -1;
    function post(force) {
      var h = Math.ceil(root.getBoundingClientRect().bottom + (w.scrollY || 0));
      if (!force && h === last) {
        return;
      }
      last = h;
      // The height is no secret, and the host's origin is unknown.
      w.parent.postMessage({ type: HEIGHT, height: h }, "*");
    }
    if (w.ResizeObserver) {
      new w.ResizeObserver(function () { post(false); }).observe(root);
    }
    w.addEventListener("resize", function () { post(false); });
    w.addEventListener("load", function () { post(true); });
    w.addEventListener("message", function (e) {
      if (e.source === w.parent && e.data && e.data.type === PING) {
        post(true);
      }
    });
    post(true);
  }

  // On the host page: size the Annals iframes that report their height.
  function host() {
    if (w.__annalsEmbedHost) {
      return;
    }
    w.__annalsEmbedHost = true;
    var origin = "";
    try {
      origin = new URL(script.src, w.location.href).origin;
    } catch (err) {
      return;
    }
    function annalsFrames() {
      var out = [];
      var frames = d.getElementsByTagName("iframe");
      for (var i = 0; i < frames.length; i++) {
        var src = frames[i].src || "";
        if (src.indexOf(origin + "/embed/") === 0) {
          out.push(frames[i]);
        }
      }
      return out;
    }
    w.addEventListener("message", function (e) {
      var m = e.data;
      if (e.origin !== origin || !m || m.type !== HEIGHT || typeof m.height !== "number" || !isFinite(m.height)) {
        return;
      }
      var frames = annalsFrames();
      for (var i = 0; i < frames.length; i++) {
        if (frames[i].contentWindow === e.source) {
          var h = Math.max(80, Math.min(Math.round(m.height), 200000));
          frames[i].style.height = h + "px";
          frames[i].setAttribute("data-annals-height", String(h));
        }
      }
    });
    // Frames that loaded before this script posted into the void: ask again.
    function ping() {
      var frames = annalsFrames();
      for (var i = 0; i < frames.length; i++) {
        if (frames[i].contentWindow) {
          frames[i].contentWindow.postMessage({ type: PING }, origin);
        }
      }
    }
    ping();
    if (d.readyState === "loading") {
      d.addEventListener("DOMContentLoaded", ping);
    }
    w.addEventListener("load", ping);
  }

  if (isEmbed()) {
    embed();
  } else {
    host();
  }
})();
