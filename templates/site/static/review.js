// The therapist's review of an answers file, read in this browser only (no upload, no request).
// It shows how often the client practised and on which days, how well it went, what got in the
// way and the answers to the review questions. The file is untrusted: it is checked before it is
// shown, and every word from it is set as text, never as markup.
(function () {
  "use strict";
  var root = document.getElementById("review");
  if (!root) { return; }
  var M = JSON.parse(root.getAttribute("data-messages"));
  var A = window.WorksheetAnswers, fill = A.fill, SVG = "http://www.w3.org/2000/svg";
  function $(id) { return document.getElementById(id); }
  function el(name, content, className) {
    var node = document.createElement(name);
    if (content !== undefined && content !== null) { node.textContent = content; }
    if (className) { node.className = className; }
    return node;
  }
  function shown(value) { return value === true ? M.ticked : value; }

  // One log's entries: {n, date, done, quality, note} from names like "log-1.done.3".
  function entriesOf(sec) {
    var rows = {}, most = sec.entries;
    sec.fields.forEach(function (field) {
      var parts = field.name.slice(sec.key.length + 1).split(".");
      var n = Number(parts[1]);
      if (field.name.indexOf(sec.key + ".") !== 0 || parts.length !== 2 || !(n >= 1 && n <= 31)) { return; }
      rows[n] = rows[n] || {};
      rows[n][parts[0]] = field.value;
      most = Math.max(most, n);
    });
    var out = [];
    for (var n = 1; n <= most; n += 1) {
      var row = rows[n] || {};
      var quality = parseFloat(row.quality);
      out.push({ n: n, date: typeof row.date === "string" ? row.date : "", done: row.done === true,
        quality: quality >= 0 && quality <= 10 ? quality : null, note: typeof row.note === "string" ? row.note : "" });
    }
    return out;
  }
  function chart(entries, sec) {
    var width = 320, height = 150, left = 26, bottom = 24, top = 10;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("class", "review-chart");
    svg.setAttribute("aria-hidden", "true");
    var step = (width - left - 6) / entries.length, scale = (height - bottom - top) / 10;
    function add(name, attrs, content) {
      var node = document.createElementNS(SVG, name);
      Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
      if (content !== undefined) { node.textContent = content; }
      svg.appendChild(node);
    }
    [0, 5, 10].forEach(function (value) {
      var y = height - bottom - value * scale;
      add("line", { x1: left, x2: width - 4, y1: y, y2: y, class: "grid" });
      add("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, String(value));
    });
    entries.forEach(function (entry, i) {
      var x = left + i * step + step / 2;
      add("text", { x: x, y: height - 6, "text-anchor": "middle" }, String(entry.n));
      if (entry.quality === null) { return; }
      var h = Math.max(entry.quality * scale, 1.5);
      add("rect", { x: x - step * 0.3, y: height - bottom - h, width: step * 0.6, height: h, class: entry.done ? "bar" : "bar not-done" });
      add("text", { x: x, y: height - bottom - h - 3, "text-anchor": "middle", class: "value" }, String(entry.quality));
    });
    var figure = el("figure", null, "review-figure");
    figure.appendChild(svg);
    figure.appendChild(el("figcaption", M.chart + (sec.title ? " (" + sec.title + ")" : ""), "meta"));
    return figure;
  }
  function table(entries, sec) {
    var t = el("table", null, "review-table");
    var head = t.createTHead().insertRow();
    [sec.per === "practice" ? "#" : M.day.replace(" {n}", ""), M.date, M.done, M.quality, M.note].forEach(function (name) {
      var th = el("th", name);
      th.scope = "col";
      head.appendChild(th);
    });
    var body = t.createTBody();
    entries.forEach(function (entry) {
      var row = body.insertRow();
      var th = el("th", String(entry.n));
      th.scope = "row";
      row.appendChild(th);
      [entry.date, entry.done ? M.yes : M.no, entry.quality === null ? "" : String(entry.quality), entry.note].forEach(function (value) {
        row.insertCell().textContent = value;
      });
    });
    return t;
  }
  function answers(list, into) {
    if (!list.length) { into.appendChild(el("p", M.none, "meta")); return; }
    var dl = el("dl", null, "review-answers");
    list.forEach(function (field) {
      dl.appendChild(el("dt", field.label));
      dl.appendChild(el("dd", shown(field.value)));
    });
    into.appendChild(dl);
  }
  function distinct(sec, pattern) {
    var seen = {};
    sec.fields.forEach(function (field) {
      var match = pattern.exec(field.name.slice(sec.key.length + 1));
      if (match && field.value !== "") { seen[match[1]] = 1; }
    });
    return Object.keys(seen).length;
  }

  function show(review) {
    ["quantity", "quality", "in-the-way", "questions"].forEach(function (id) { $(id).textContent = ""; });
    $("review-title").textContent = review.title;
    $("review-meta").textContent = fill(M.saved, { version: review.version, date: review.saved });
    var agreed = review.agreed || { goal: "", review: "" };
    $("review-agreed").hidden = !agreed.goal && !agreed.review;
    $("review-goal").textContent = agreed.goal ? M.goal + ": " + agreed.goal : "";
    $("review-date").textContent = agreed.review ? fill(M.review_on, { date: agreed.review }) : "";
    var ratings = [], way = [], questions = [];
    review.sections.forEach(function (sec) {
      if (sec.type === "log") {
        var entries = entriesOf(sec);
        var done = entries.filter(function (e) { return e.done; }).length;
        $("quantity").appendChild(el("p", fill(sec.per === "day" ? M.practised_days : M.practised, { done: done, total: entries.length }), "review-count"));
        var days = el("ol", null, "review-days");
        entries.forEach(function (entry) {
          var item = el("li", (entry.date || fill(sec.per === "day" ? M.day : M.practice, { n: entry.n })) + ": " + (entry.done ? M.done : "-"), entry.done ? "done" : "");
          days.appendChild(item);
        });
        $("quantity").appendChild(days);
        if (entries.some(function (e) { return e.quality !== null; })) { $("quality").appendChild(chart(entries, sec)); }
        else { $("quality").appendChild(el("p", M.no_quality, "meta")); }
        $("quality").appendChild(table(entries, sec));
        ratings = ratings.concat(sec.fields.filter(function (f) { return /\.therapist-rating$/.test(f.name); }));
        sec.fields.forEach(function (f) { if (/\.extra\d+\.\d+$/.test(f.name)) { ratings.push(f); } });
      } else if (sec.practiceLog) {
        var count = distinct(sec, sec.type === "record" ? /^e(\d+)\./ : /^r(\d+)\./);
        $("quantity").appendChild(el("p", fill(M.records, { count: count }) + (sec.title ? " (" + sec.title + ")" : ""), "review-count"));
      } else if (sec.type === "readiness" || sec.type === "scale") {
        ratings = ratings.concat(sec.fields);
      } else if (sec.type === "obstacles") {
        way = way.concat(sec.fields);
      } else if (sec.type === "review") {
        sec.fields.forEach(function (f) { (f.role === "in-the-way" ? way : questions).push(f); });
      }
    });
    if (!$("quantity").childNodes.length) { $("quantity").appendChild(el("p", M.none, "meta")); }
    if (ratings.length) { answers(ratings, $("quality")); }
    if (!$("quality").childNodes.length) { $("quality").appendChild(el("p", M.no_quality, "meta")); }
    answers(way, $("in-the-way"));
    answers(questions, $("questions"));
    var index = window.WORKSHEET_INDEX || {};
    var link = $("review-link");
    link.hidden = !Object.prototype.hasOwnProperty.call(index, review.id) || !/^[a-z0-9][a-z0-9-]*$/.test(review.id);
    if (!link.hidden) {
      link.firstChild.href = "fill/" + review.id + ".html";
      link.firstChild.textContent = M.open_sheet;
    }
    $("review-result").hidden = false;
  }

  $("review-file").addEventListener("change", function (event) {
    var file = event.target.files[0];
    event.target.value = "";
    if (!file) { return; }
    A.read(file, function (review) {
      if (typeof review === "string") { $("review-status").textContent = M[review]; return; }
      show(review);
      $("review-status").textContent = fill(M.opened, { name: file.name });
    });
  });
  $("review-print").addEventListener("click", function () { window.print(); });
  document.querySelector(".review-tools").hidden = false;
})();
