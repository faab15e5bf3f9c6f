// Filling a worksheet in on screen. The answers stay in this browser (localStorage, per worksheet)
// and leave it only as a file the client saves, or a printout. Nothing typed is sent anywhere:
// there is no form to submit and no request. A file or a therapist's link is untrusted input: it
// is checked whole before anything on the page changes, and its text is only ever set as text.
// The answers file's format: docs/answers-file.md.
(function () {
  "use strict";
  var page = document.getElementById("fill");
  var sheet = document.getElementById("sheet-form");
  if (!page || !sheet) { return; }
  var A = window.WorksheetAnswers, fill = A.fill, isObject = A.isObject, FORMAT = A.FORMAT;
  var M = JSON.parse(page.getAttribute("data-messages"));
  var ID = page.getAttribute("data-worksheet");
  var VERSION = page.getAttribute("data-version");
  var TITLE = page.getAttribute("data-title");
  var STORE = "worksheet-answers:" + ID;
  var MAX_LINK = 8000;
  var state = { agreed: null, unplaced: [] };
  var aside = null;     // the answers put aside while a therapist prepares the sheet
  var before = null;    // the answers before a file was opened, for "put back"
  var storage = null;
  var timer = 0;

  function $(id) { return document.getElementById(id); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function say(text, where) { (where || $("status")).textContent = text; }
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  try {
    window.localStorage.setItem(STORE + ":test", "1");
    window.localStorage.removeItem(STORE + ":test");
    storage = window.localStorage;
  } catch (error) { storage = null; }

  function controls() {
    return Array.prototype.filter.call(sheet.querySelectorAll("[name]"), function (el) {
      return el.name.indexOf("agreed.") !== 0;
    });
  }
  function controlsNamed(name) {
    return controls().filter(function (el) { return el.name === name; });
  }

  // -- the answers on the page ------------------------------------------------------------------
  function collect() {
    var values = Object.create(null);
    controls().forEach(function (el) {
      if (el.readOnly) { return; } // an agreed part: kept in state.agreed
      if (el.type === "checkbox") { if (el.checked) { values[el.name] = true; } }
      else if (el.type === "radio") { if (el.checked) { values[el.name] = el.value; } }
      else if (el.value !== "") { values[el.name] = el.value; }
    });
    return values;
  }
  function label(el) { return el.getAttribute("data-label") || el.name; }
  // Sets every control from values; returns the answers that found no control on this sheet.
  function apply(values) {
    var placed = Object.create(null);
    controls().forEach(function (el) {
      if (el.readOnly) { return; }
      var has = own(values, el.name), value = values[el.name];
      if (el.type === "checkbox") { el.checked = has && value === true; }
      else if (el.type === "radio") { el.checked = has && String(value) === el.value; if (el.checked) { placed[el.name] = 1; } return; }
      else { el.value = has ? String(value) : ""; }
      if (has) { placed[el.name] = 1; }
    });
    mirror();
    return Object.keys(values).filter(function (name) { return !own(placed, name); });
  }
  // On paper a text box shows all its text: each gets a copy that only printing shows.
  function mirror() {
    each(sheet.querySelectorAll("textarea"), function (el) {
      var copy = el.nextElementSibling;
      if (!copy || !copy.classList.contains("print-value")) {
        copy = document.createElement("div");
        copy.className = "print-value";
        copy.setAttribute("aria-hidden", "true");
        el.parentNode.insertBefore(copy, el.nextSibling);
      }
      copy.textContent = el.value;
    });
  }

  // -- kept in this browser ----------------------------------------------------------------------
  function keep() {
    if (aside) { return; } // preparing for a client: nothing typed is kept on this device
    if (!storage) { return; }
    var values = collect();
    var empty = !Object.keys(values).length && !state.agreed && !state.unplaced.length;
    try {
      if (empty) { storage.removeItem(STORE); } else { storage.setItem(STORE, JSON.stringify(answersFile(values, state.agreed, state.unplaced))); }
      $("kept-at").textContent = fill(M.saved_at, { time: new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) });
    } catch (error) { $("kept-at").textContent = M.not_kept; }
  }
  function changed() {
    mirror();
    window.clearTimeout(timer);
    timer = window.setTimeout(keep, 300);
  }
  function restore() {
    if (!storage) { say(M.not_kept); $("where-kept").textContent = M.not_kept; return; }
    var data = null;
    try { data = JSON.parse(storage.getItem(STORE) || "null"); } catch (error) { data = null; }
    var checked = data && accept(A.check(data));
    if (checked && typeof checked !== "string") { load(checked); }
  }

  // -- the answers file --------------------------------------------------------------------------
  function describe(values) {
    var sections = [];
    each(sheet.querySelectorAll(".fill-sec"), function (sec) {
      var fields = [];
      each(sec.querySelectorAll("[name]"), function (el) {
        if (!own(values, el.name) || (el.type === "radio" && !el.checked)) { return; }
        var field = { name: el.name, label: label(el), value: values[el.name] };
        var role = el.closest("[data-role]");
        if (role) { field.role = role.getAttribute("data-role"); }
        fields.push(field);
      });
      var entry = { key: sec.getAttribute("data-key") || "opening", type: sec.getAttribute("data-type") || "opening",
        title: sec.getAttribute("data-title") || "", fields: fields };
      if (sec.hasAttribute("data-practice-log")) { entry.practice_log = true; }
      if (sec.hasAttribute("data-entries")) { entry.entries = Number(sec.getAttribute("data-entries")); entry.per = sec.getAttribute("data-per"); }
      sections.push(entry);
    });
    return sections;
  }
  function answersFile(values, agreed, unplaced) {
    return { kind: "worksheet-answers", format: FORMAT, worksheet: { id: ID, version: VERSION, title: TITLE },
      saved: new Date().toISOString().slice(0, 19) + "Z", agreed: agreed, sections: describe(values), unplaced: unplaced };
  }
  function download(data, name) {
    var blob = new Blob([JSON.stringify(data, null, 1) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    return name;
  }
  function fileName(extra) {
    return M.file_name + (extra || "") + "-" + new Date().toISOString().slice(0, 10) + ".json";
  }
  // A checked file for this worksheet as {values, agreed, unplaced, labels}, or a message.
  function accept(checked) {
    if (typeof checked === "string") { return M[checked]; }
    if (checked.id !== ID) { return fill(M.other_sheet, { title: checked.title }); }
    var values = Object.create(null), labels = Object.create(null);
    checked.sections.forEach(function (sec) {
      sec.fields.forEach(function (f) { values[f.name] = f.value; labels[f.name] = { section: sec.title, label: f.label }; });
    });
    return { values: values, labels: labels, agreed: checked.agreed, unplaced: checked.unplaced, version: checked.version };
  }
  function load(checked) {
    var labels = checked.labels || {};
    showAgreed(checked.agreed);
    var missing = apply(checked.values);
    state.unplaced = checked.unplaced.concat(missing.map(function (name) {
      var known = labels[name] || { section: "", label: name };
      return { section: known.section, label: known.label, value: checked.values[name] };
    }));
    showUnplaced(checked.version !== VERSION ? fill(M.older_version, { saved: checked.version, now: VERSION }) : "");
  }
  function snapshot() { return { values: collect(), agreed: state.agreed, unplaced: state.unplaced.slice(), version: VERSION }; }

  function showUnplaced(why) {
    var list = $("unplaced-list");
    list.textContent = "";
    state.unplaced.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = fill(M.unplaced_value, { section: item.section || "-", label: item.label, value: item.value === true ? M.ticked : item.value });
      list.appendChild(li);
    });
    $("unplaced-why").textContent = why || "";
    $("unplaced").hidden = !state.unplaced.length;
  }

  // -- what was agreed in session ----------------------------------------------------------------
  function showAgreed(agreed) {
    each(sheet.querySelectorAll(".agreed-field"), function (box) { box.classList.remove("agreed-field"); });
    each(sheet.querySelectorAll(".agreed-mark"), function (mark) { mark.remove(); });
    controls().forEach(function (el) { if (el.readOnly) { el.readOnly = false; el.value = ""; } });
    state.agreed = agreed || null;
    var top = $("agreed-top");
    top.hidden = !agreed || (!agreed.goal && !agreed.review);
    if (!agreed) { return []; }
    $("agreed-goal").textContent = agreed.goal;
    $("agreed-goal").hidden = $("agreed-goal-heading").hidden = !agreed.goal;
    $("agreed-review").textContent = agreed.review ? fill(M.review_on, { date: agreed.review }) : "";
    var missing = [];
    Object.keys(agreed.values).forEach(function (name) {
      var el = controlsNamed(name)[0];
      if (!el || !el.closest("[data-agreeable]") || el.type === "checkbox" || el.type === "radio") { missing.push(name); return; }
      el.value = agreed.values[name];
      el.readOnly = true;
      (el.closest(".fill-field") || el.parentNode).classList.add("agreed-field");
      var sec = el.closest(".fill-sec");
      if (!sec.querySelector(".agreed-mark")) {
        var mark = document.createElement("p");
        mark.className = "agreed-label agreed-mark";
        mark.textContent = M.agreed;
        var heading = sec.querySelector("h2");
        sec.insertBefore(mark, heading ? heading.nextSibling : sec.firstChild);
      }
    });
    mirror();
    return missing;
  }
  function encode(data) {
    var bytes = new TextEncoder().encode(JSON.stringify(data)), binary = "";
    for (var i = 0; i < bytes.length; i += 1) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function decode(code) {
    var binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  }
  function openLink() {
    var hash = window.location.hash;
    if (hash.indexOf("#agreed=") !== 0) { return; }
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    var data = null;
    try { data = hash.length <= MAX_LINK ? decode(hash.slice(8)) : null; } catch (error) { data = null; }
    var agreed = isObject(data) && data.kind === "worksheet-agreed" && data.format <= FORMAT ? A.checkAgreed(data) : false;
    if (!agreed) { say(M.link_bad); return; }
    if (data.worksheet !== ID) { say(M.link_other); return; }
    var missing = showAgreed(agreed);
    missing.forEach(function (name) { state.unplaced.push({ section: M.agreed, label: name, value: agreed.values[name] }); });
    showUnplaced("");
    keep();
    say(M.link_opened);
  }

  // -- a therapist prepares the sheet ------------------------------------------------------------
  function prepared() {
    var values = {};
    each(sheet.querySelectorAll("[data-agreeable] [name]"), function (el) {
      if (el.value !== "" && el.type !== "checkbox" && el.type !== "radio") { values[el.name] = el.value; }
    });
    return { goal: $("f-agreed.goal").value, review: $("f-agreed.review").value, values: values };
  }
  function startPreparing() {
    aside = snapshot();
    showAgreed(null);
    apply({});
    document.body.classList.add("preparing");
    sheet.querySelector(".prepare-only").disabled = false;
    $("prepare-bar").hidden = false;
    $("link-row").hidden = true;
    say(M.prepare_on, $("prepare-status"));
    $("prepare-bar-heading").setAttribute("tabindex", "-1");
    $("prepare-bar-heading").focus();
  }
  function stopPreparing() {
    var kept = aside;
    aside = null;
    $("f-agreed.goal").value = $("f-agreed.review").value = "";
    sheet.querySelector(".prepare-only").disabled = true;
    document.body.classList.remove("preparing");
    $("prepare-bar").hidden = true;
    if (kept) { load(kept); }
    say(M.prepare_off);
    $("print").focus();
  }

  // -- the buttons -------------------------------------------------------------------------------
  function onClick(id, fn) { $(id).addEventListener("click", fn); }
  onClick("save-file", function () {
    say(fill(M.file_saved, { name: download(answersFile(collect(), state.agreed, state.unplaced), fileName()) }));
  });
  onClick("print", function () { mirror(); window.print(); });
  onClick("delete", function () { $("confirm-delete").hidden = false; $("delete-no").focus(); });
  onClick("delete-no", function () { $("confirm-delete").hidden = true; $("delete").focus(); });
  onClick("delete-yes", function () {
    if (storage) { try { storage.removeItem(STORE); } catch (error) { /* nothing kept */ } }
    showAgreed(null);
    apply({});
    state.unplaced = [];
    showUnplaced("");
    before = null;
    $("undo-row").hidden = true;
    $("confirm-delete").hidden = true;
    say(M.deleted);
    $("delete").focus();
  });
  $("open-file").addEventListener("change", function (event) {
    var file = event.target.files[0];
    event.target.value = "";
    if (!file) { return; }
    A.read(file, function (result) {
      var checked = accept(result);
      if (typeof checked === "string") { say(checked); return; }
      before = snapshot();
      load(checked);
      keep();
      say(fill(M.opened, { name: file.name }));
      $("undo-row").hidden = false;
    });
  });
  onClick("undo", function () {
    if (before) { load(before); keep(); say(M.undone); }
    before = null;
    $("undo-row").hidden = true;
  });
  onClick("prepare-start", startPreparing);
  onClick("prepare-stop", stopPreparing);
  onClick("make-link", function () {
    var data = prepared();
    data.kind = "worksheet-agreed";
    data.format = FORMAT;
    data.worksheet = ID;
    var link = window.location.href.split("#")[0] + "#agreed=" + encode(data);
    if (link.length - link.indexOf("#") > MAX_LINK) { say(M.too_long_link, $("prepare-status")); return; }
    $("link-out").value = link;
    $("link-row").hidden = false;
    $("link-out").select();
    say(M.link_made, $("prepare-status"));
  });
  onClick("copy-link", function () {
    $("link-out").select();
    var done = function () { say(M.copied, $("prepare-status")); };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText($("link-out").value).then(done, function () {}); }
    else if (document.execCommand("copy")) { done(); }
  });
  onClick("prepare-file", function () {
    say(fill(M.file_saved, { name: download(answersFile({}, prepared(), []), fileName("-prepared")) }), $("prepare-status"));
  });

  sheet.addEventListener("input", changed);
  sheet.addEventListener("change", changed);
  window.addEventListener("pagehide", function () { if (timer) { window.clearTimeout(timer); keep(); } });
  window.addEventListener("beforeprint", mirror);
  window.addEventListener("hashchange", openLink);
  document.querySelector(".fill-tools").hidden = false;
  $("prepare-start").hidden = false;
  restore();
  openLink();
  mirror();
})();
