// Passkeys (WebAuthn) for Annals staff: adding one on the account page and
// using one as the second step of signing in. The server sends the options
// as JSON with binary fields in base64url; the browser API wants
// ArrayBuffers, and the answer goes back as base64url again. Without this
// script (or without WebAuthn in the browser) the passkey buttons stay
// hidden and codes still work.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !window.fetch) return;

  function toBuffer(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }
  function toBase64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data.message || "The server answered " + res.status + ".");
        return data;
      });
    });
  }
  function fail(box, err) {
    var msg = err && err.name === "NotAllowedError" ? "The passkey request was cancelled or timed out." : (err && err.message) || String(err);
    box.querySelector("[data-passkey-status]").textContent = msg;
  }

  var reg = document.querySelector("[data-passkey-register]");
  if (reg) {
    reg.hidden = false;
    reg.querySelector("button").addEventListener("click", function () {
      var csrf = reg.dataset.csrf, name = (document.getElementById("passkey-name") || {}).value || "";
      reg.querySelector("[data-passkey-status]").textContent = "Waiting for your passkey…";
      post(reg.dataset.begin, csrf).then(function (opts) {
        var pk = opts.publicKey;
        pk.challenge = toBuffer(pk.challenge);
        pk.user.id = toBuffer(pk.user.id);
        (pk.excludeCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
        return navigator.credentials.create({ publicKey: pk });
      }).then(function (cred) {
        var r = cred.response;
        return post(reg.dataset.finish + "?name=" + encodeURIComponent(name), csrf, {
          id: cred.id, rawId: toBase64url(cred.rawId), type: cred.type,
          response: {
            attestationObject: toBase64url(r.attestationObject), clientDataJSON: toBase64url(r.clientDataJSON),
            transports: r.getTransports ? r.getTransports() : []
          }
        });
      }).then(function (done) { window.location.assign(done.redirect); })
        .catch(function (err) { fail(reg, err); });
    });
  }

  var signin = document.querySelector("[data-passkey-signin]");
  if (signin) {
    signin.hidden = false;
    signin.querySelector("button").addEventListener("click", function () {
      var csrf = signin.dataset.csrf;
      signin.querySelector("[data-passkey-status]").textContent = "Waiting for your passkey…";
      post(signin.dataset.begin, csrf).then(function (opts) {
        var pk = opts.publicKey;
        pk.challenge = toBuffer(pk.challenge);
        (pk.allowCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
        return navigator.credentials.get({ publicKey: pk });
      }).then(function (cred) {
        var r = cred.response;
        return post(signin.dataset.finish, csrf, {
          id: cred.id, rawId: toBase64url(cred.rawId), type: cred.type,
          response: {
            authenticatorData: toBase64url(r.authenticatorData), clientDataJSON: toBase64url(r.clientDataJSON),
            signature: toBase64url(r.signature), userHandle: r.userHandle ? toBase64url(r.userHandle) : null
          }
        });
      }).then(function (done) { window.location.assign(done.redirect); })
        .catch(function (err) { fail(signin, err); });
    });
  }
})();
