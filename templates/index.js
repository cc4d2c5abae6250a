// The index page's search, filters, sorting and grouping: plain DOM, no library, no
// network. Every row carries its data in data- attributes; rows are shown, hidden and
// reordered, never rebuilt, so the page without this script is the same table.
(function () {
  "use strict";
  var table = document.getElementById("meetings");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var form = document.getElementById("controls");
  var query = document.getElementById("q");
  var group = document.getElementById("group");
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var headers = Array.prototype.slice.call(table.querySelectorAll("th[data-sort]"));
  var sortKey = "date";
  var descending = true;
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { sensitivity: "base", numeric: true });

  // Lower case without accents, as the page folds each row's search text.
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function matches(row, terms) {
    var text = row.getAttribute("data-search");
    for (var i = 0; i < terms.length; i++) {
      if (text.indexOf(terms[i]) < 0) { return false; }
    }
    for (var j = 0; j < selects.length; j++) {
      var wanted = selects[j].value;
      if (!wanted) { continue; }
      var key = selects[j].getAttribute("data-filter");
      var values = (row.getAttribute("data-" + key) || "").split("|");
      if (values.indexOf(wanted) < 0) { return false; }
    }
    return true;
  }

  function compare(a, b) {
    var x = a.getAttribute("data-" + sortKey) || "";
    var y = b.getAttribute("data-" + sortKey) || "";
    if (!x !== !y) { return x ? -1 : 1; }  // rows without a value go last, either way
    var order = sortKey === "sources" ? Number(x) - Number(y) : collator.compare(x, y);
    if (order === 0) { order = collator.compare(a.id, b.id); }
    return descending ? -order : order;
  }

  function groupRow(pair, n) {
    var tr = document.createElement("tr");
    tr.className = "group";
    var th = document.createElement("th");
    th.colSpan = table.tHead.rows[0].cells.length;
    th.scope = "rowgroup";
    th.textContent = pair + " ";
    var small = document.createElement("span");
    small.textContent = "(" + n + ")";
    th.appendChild(small);
    tr.appendChild(th);
    return tr;
  }

  function update() {
    var terms = fold(query.value).split(/\s+/).filter(Boolean);
    var shown = rows.filter(function (row) { return matches(row, terms); });
    var ordered = shown.slice().sort(compare);
    if (group.checked) {
      ordered.sort(function (a, b) {
        return collator.compare(a.getAttribute("data-pair"), b.getAttribute("data-pair")) || compare(a, b);
      });
    }
    Array.prototype.slice.call(body.querySelectorAll("tr.group")).forEach(function (tr) { tr.remove(); });
    rows.forEach(function (row) { row.hidden = true; });
    var fragment = document.createDocumentFragment();
    var perPair = {};
    ordered.forEach(function (row) {
      var pair = row.getAttribute("data-pair");
      perPair[pair] = (perPair[pair] || 0) + 1;
    });
    var lastPair = null;
    ordered.forEach(function (row) {
      var pair = row.getAttribute("data-pair");
      if (group.checked && pair !== lastPair) {
        fragment.appendChild(groupRow(pair, perPair[pair]));
        lastPair = pair;
      }
      row.hidden = false;
      fragment.appendChild(row);
    });
    rows.forEach(function (row) { if (row.hidden) { fragment.appendChild(row); } });
    body.appendChild(fragment);
    count.textContent = shown.length === rows.length
      ? rows.length + " meetings"
      : shown.length + " of " + rows.length + " meetings shown";
    none.hidden = shown.length > 0;
    headers.forEach(function (th) {
      if (th.getAttribute("data-sort") === sortKey) {
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  headers.forEach(function (th) {
    th.tabIndex = 0;
    function sort() {
      var key = th.getAttribute("data-sort");
      descending = key === sortKey ? !descending : key === "date" || key === "sources";
      sortKey = key;
      update();
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
    });
  });
  query.addEventListener("input", update);
  selects.forEach(function (select) { select.addEventListener("change", update); });
  group.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  document.getElementById("reset-link").addEventListener("click", function (event) {
    event.preventDefault();
    form.reset();
  });
  form.hidden = false;
  update();
})();
