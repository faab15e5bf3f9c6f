// Development server only: reload the page when the site is rebuilt; show a build error as a banner.
(function () {
  "use strict";
  var seen = null;
  function banner(text) {
    var el = document.getElementById("dev-banner");
    if (!text) { if (el) { el.remove(); } return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "dev-banner";
      el.className = "dev-banner";
      el.setAttribute("role", "alert");
      document.body.insertBefore(el, document.body.firstChild);
    }
    el.textContent = text;
  }
  function poll() {
    fetch("/__build", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen) { window.location.reload(); return; }
      seen = state.version;
      banner(state.error);
    }).catch(function () {}).then(function () { window.setTimeout(poll, 700); });
  }
  poll();
})();
