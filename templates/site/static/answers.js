// The answers file, shared by the fill-in page and the review page: the check every file (and
// what this browser kept) passes, whole, before anything on a page changes. An answers file is
// untrusted input. Its format is described in docs/answers-file.md.
(function () {
  "use strict";
  var FORMAT = 1, MAX_FILE = 1000000, MAX_VALUE = 20000, MAX_FIELDS = 5000;

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function text(value, most) { return typeof value === "string" && value.length <= most; }
  function answer(value) { return value === true || text(value, MAX_VALUE); }
  function fill(words, values) {
    return words.replace(/\{(\w+)\}/g, function (all, key) { return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all; });
  }

  // What a therapist agreed in session: null when there is none, false when it is malformed.
  function checkAgreed(agreed) {
    if (agreed === null || agreed === undefined) { return null; }
    var values = isObject(agreed) ? agreed.values || {} : null;
    if (!isObject(values) || (agreed.goal !== undefined && !text(agreed.goal, 2000)) ||
        (agreed.review !== undefined && !text(agreed.review, 40))) { return false; }
    var names = Object.keys(values);
    if (names.length > 200) { return false; }
    for (var i = 0; i < names.length; i += 1) {
      if (!text(names[i], 200) || !text(values[names[i]], 2000)) { return false; }
    }
    return { goal: agreed.goal || "", review: agreed.review || "", values: values };
  }

  // The file as plain checked data, or the name of the message that says why it is refused.
  function check(data) {
    if (!isObject(data) || data.kind !== "worksheet-answers" || typeof data.format !== "number" ||
        !isObject(data.worksheet) || !text(data.worksheet.id, 200) || !Array.isArray(data.sections)) { return "not_answers"; }
    if (data.format > FORMAT) { return "newer"; }
    var count = 0, sections = [], unplaced = [];
    for (var s = 0; s < data.sections.length; s += 1) {
      var sec = data.sections[s], fields = [];
      if (!isObject(sec) || !Array.isArray(sec.fields || []) || !text(sec.type || "", 40) ||
          !text(sec.title || "", 500) || !text(sec.key || "", 200)) { return "not_answers"; }
      for (var f = 0; f < (sec.fields || []).length; f += 1) {
        var field = sec.fields[f];
        count += 1;
        if (count > MAX_FIELDS || !isObject(field) || !text(field.name, 200) || !text(field.label || "", 500) || !answer(field.value)) {
          return "not_answers";
        }
        fields.push({ name: field.name, label: field.label || field.name, value: field.value, role: field.role === "in-the-way" ? field.role : "" });
      }
      var entries = Number(sec.entries);
      sections.push({ key: sec.key || "", type: sec.type || "", title: sec.title || "", fields: fields, practiceLog: sec.practice_log === true,
        entries: entries >= 1 && entries <= 31 ? Math.floor(entries) : 0, per: sec.per === "practice" ? "practice" : "day" });
    }
    var agreed = checkAgreed(data.agreed);
    if (agreed === false || (data.unplaced !== undefined && (!Array.isArray(data.unplaced) || data.unplaced.length > MAX_FIELDS))) { return "not_answers"; }
    for (var u = 0; u < (data.unplaced || []).length; u += 1) {
      var item = data.unplaced[u];
      if (!isObject(item) || !text(item.label, 500) || !text(item.section || "", 500) || !answer(item.value)) { return "not_answers"; }
      unplaced.push({ section: item.section || "", label: item.label, value: item.value });
    }
    var sheet = data.worksheet;
    return { id: sheet.id, title: text(sheet.title, 300) ? sheet.title : sheet.id, version: text(sheet.version, 40) ? sheet.version : "?",
      saved: text(data.saved, 40) ? data.saved.slice(0, 10) : "?", agreed: agreed, sections: sections, unplaced: unplaced };
  }

  // Reads a chosen file; done(checked data) or done(the name of the message to show).
  function read(file, done) {
    if (file.size > MAX_FILE) { done("too_big"); return; }
    file.text().then(function (content) {
      var data = null;
      try { data = JSON.parse(content); } catch (error) { data = null; }
      done(check(data));
    }, function () { done("not_answers"); });
  }

  window.WorksheetAnswers = { FORMAT: FORMAT, isObject: isObject, text: text, fill: fill, check: check, checkAgreed: checkAgreed, read: read };
})();
