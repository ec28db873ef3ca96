// mixcoatl emulator console: what needs a script on top of the server-
// rendered pages. Live updates over server-sent events (the job table and
// timeline, new request rows), sorting a table's page by a column, and a
// confirmation dialog for the reset form. Every page reads without it.
"use strict";

function live(tbody, handlers) {
  var src = new EventSource(tbody.dataset.events);
  Object.keys(handlers).forEach(function (event) {
    src.addEventListener(event, function (e) { handlers[event](e.data); });
  });
  var note = document.querySelector("[data-live]");
  src.onopen = function () { if (note) note.textContent = "Live: updates as they happen."; };
  src.onerror = function () { if (note) note.textContent = "Live updates paused; reconnecting…"; };
}

function fragment(html) {
  var t = document.createElement("template");
  t.innerHTML = html;
  return t.content;
}

document.addEventListener("DOMContentLoaded", function () {
  var jobs = document.getElementById("jobrows");
  if (jobs) {
    var timeline = document.getElementById("timeline");
    live(jobs, {
      rows: function (html) { jobs.replaceChildren(fragment(html)); },
      change: function (html) { timeline.prepend(fragment(html)); }
    });
  }
  var reqs = document.getElementById("reqrows");
  if (reqs) {
    live(reqs, { row: function (html) { reqs.prepend(fragment(html)); } });
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.dataset.confirm)) { e.preventDefault(); return; }
      var yes = document.createElement("input");
      yes.type = "hidden"; yes.name = "confirm"; yes.value = "yes";
      form.appendChild(yes);
    });
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      var button = th.querySelector("button.sort");
      if (!button) {
        button = document.createElement("button");
        button.type = "button"; button.className = "sort";
        button.textContent = th.textContent; th.replaceChildren(button);
      }
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = (a.cells[col] || {}).textContent || "", y = (b.cells[col] || {}).textContent || "";
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
});
