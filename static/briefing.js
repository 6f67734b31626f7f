// briefing: progressive enhancement only. The pages are complete without this script.
// It makes the point tables sortable (mouse and keyboard) and filters the point table by
// status and block and the timeline by actor.
(function () {
  "use strict";
  // The words come from static/strings.js, written in the briefing's language.
  var words = window.briefingStrings || {};

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    if (type === "number") {
      var n = parseFloat(text);
      return isNaN(n) ? Number.POSITIVE_INFINITY : n;
    }
    return text.toLowerCase();
  }

  function sortTable(table, index, type, th) {
    var body = table.tBodies[0];
    var current = th.getAttribute("aria-sort");
    var direction = current === "ascending" ? "descending" : "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type);
      var y = cellValue(b, index, type);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return direction === "ascending" ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", direction);
  }

  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var type = th.getAttribute("data-sort-type") || "text";
      if (type === "none") { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", (words.sortBy || "{column}").replace("{column}", th.textContent.trim()));
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, index, type, th); });
    });
  }

  function showCount(form, shown, total) {
    var out = form.querySelector(".filter-count");
    var text = (words.shown || "").replace("{shown}", String(shown)).replace("{total}", String(total));
    if (out) { out.textContent = shown === total ? "" : text; }
  }

  function setUpPointFilters(form) {
    var status = form.querySelector("[data-filter=status]");
    var block = form.querySelector("[data-filter=block]");
    function apply() {
      var rows = document.querySelectorAll("table.points tbody tr");
      var shown = 0;
      Array.prototype.forEach.call(document.querySelectorAll("section.block"), function (section) {
        var blockMatch = !block.value || section.getAttribute("data-block") === block.value;
        var visibleRows = 0;
        Array.prototype.forEach.call(section.querySelectorAll("tbody tr"), function (row) {
          var ok = blockMatch && (!status.value || row.getAttribute("data-status") === status.value);
          row.hidden = !ok;
          if (ok) { visibleRows += 1; }
        });
        section.hidden = visibleRows === 0;
        shown += visibleRows;
      });
      showCount(form, shown, rows.length);
    }
    status.addEventListener("change", apply);
    block.addEventListener("change", apply);
    form.hidden = false;
  }

  function setUpTimelineFilter(form) {
    var actor = form.querySelector("[data-filter=actor]");
    function apply() {
      var entries = document.querySelectorAll(".entry");
      var shown = 0;
      Array.prototype.forEach.call(entries, function (entry) {
        var actors = (entry.getAttribute("data-actors") || "").split("|");
        var ok = !actor.value || actors.indexOf(actor.value) !== -1;
        entry.hidden = !ok;
        if (ok) { shown += 1; }
      });
      Array.prototype.forEach.call(document.querySelectorAll(".entries"), function (list) {
        var any = list.querySelector(".entry:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H3") { heading.hidden = !any; }
      });
      Array.prototype.forEach.call(document.querySelectorAll("section.month"), function (month) {
        month.hidden = month.querySelector(".entry:not([hidden])") === null;
      });
      showCount(form, shown, entries.length);
    }
    actor.addEventListener("change", apply);
    form.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filters]"), function (form) {
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      if (form.getAttribute("data-filters") === "points") { setUpPointFilters(form); }
      if (form.getAttribute("data-filters") === "timeline") { setUpTimelineFilter(form); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
// A date picker built from the page's list of dates (the links work without it).
(function () {
  var list = document.querySelector("[data-dates]");
  if (!list || !list.querySelector("a")) return;
  var p = document.createElement("p");
  p.className = "date-jump";
  var label = document.createElement("label");
  label.htmlFor = "date-jump";
  label.textContent = (window.briefingStrings || {}).goToDate || "";
  var select = document.createElement("select");
  select.id = "date-jump";
  Array.prototype.forEach.call(list.querySelectorAll("li"), function (li) {
    var a = li.querySelector("a");
    var option = new Option(li.textContent, a ? a.getAttribute("href") : "", false, !a);
    select.appendChild(option);
  });
  select.addEventListener("change", function () { if (select.value) window.location.href = select.value; });
  p.append(label, select);
  var anchor = list.closest("details") || list;
  anchor.parentNode.insertBefore(p, anchor);
})();

// The print edition's Print button: hidden without JS, where the browser's own print works.
(function () {
  var button = document.querySelector(".print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
