// Instant search and filters for the list of worksheets. Without JavaScript every worksheet is listed.
// Works from a folder opened in the browser (file://): the index is a script, not a fetched file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("filters");
  var list = document.getElementById("results");
  if (!form || !list) { return; }
  var index = window.WORKSHEET_INDEX || {};
  var cards = Array.prototype.slice.call(list.querySelectorAll(".card"));
  var count = document.getElementById("result-count");
  var none = document.getElementById("no-results");
  var reset = form.querySelector('button[type="reset"]');
  var labels = JSON.parse(list.getAttribute("data-labels") || "{}");
  if (reset) { reset.hidden = false; }

  function words(text) {
    // As the index is folded: lower case, no accents or other marks (Arabic vowel signs and hamza), no tatweel.
    return text.toLowerCase().normalize("NFD").replace(/[\p{M}\u0640]/gu, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; });
  }
  function apply() {
    var query = words(form.elements.q.value);
    var problems = checked("problem");
    var audiences = checked("audience");
    var technique = form.elements.technique.value;
    var minutes = (form.querySelector('input[name="minutes"]:checked') || { value: "" }).value;
    var shown = 0;
    cards.forEach(function (card) {
      var haystack = index[card.getAttribute("data-id")] || card.textContent.toLowerCase();
      var ok = query.every(function (w) { return haystack.indexOf(w) !== -1; });
      var own = (card.getAttribute("data-problems") || "").split(" ");
      ok = ok && problems.every(function (p) { return own.indexOf(p) !== -1; });
      var who = (card.getAttribute("data-audience") || "").split(" ");
      ok = ok && audiences.every(function (a) { return who.indexOf(a) !== -1; });
      ok = ok && (!technique || card.getAttribute("data-technique") === technique);
      var m = parseInt(card.getAttribute("data-minutes"), 10);
      ok = ok && (!minutes || (!isNaN(m) && m <= parseInt(minutes, 10)));
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var text = shown === cards.length ? (labels.all || "{shown} worksheets") : (labels.some || "{shown} of {total} worksheets");
    count.textContent = text.replace("{shown}", shown).replace("{total}", cards.length);
    none.hidden = shown !== 0;
  }
  var params = new URLSearchParams(window.location.search);
  ["q", "technique"].forEach(function (name) { if (params.get(name)) { form.elements[name].value = params.get(name); } });
  ["problem", "audience"].forEach(function (name) {
    params.getAll(name).forEach(function (value) {
      var box = form.querySelector('input[name="' + name + '"][value="' + CSS.escape(value) + '"]');
      if (box) { box.checked = true; }
    });
  });
  if (params.get("minutes")) {
    var radio = form.querySelector('input[name="minutes"][value="' + CSS.escape(params.get("minutes")) + '"]');
    if (radio) { radio.checked = true; }
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
})();
