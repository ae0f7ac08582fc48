(function () {
  function key(td) {
    var t = td ? td.textContent.trim() : "";
    var n = parseFloat(t.replace('%', ''));
    return (t !== "" && !isNaN(n) && /^-?[0-9.]+%?$/.test(t)) ? n : t.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.title = "Click to sort";
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (typeof x !== typeof y) { x = String(x); y = String(y); }
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function apply(id) {
    var table = document.getElementById(id);
    if (!table) return;
    var q = document.querySelector('input.filter[data-for="' + id + '"]');
    var s = document.querySelector('select.sev[data-for="' + id + '"]');
    var words = q ? q.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var sev = s ? s.value : "";
    var shown = 0, all = table.tBodies[0].rows.length;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var text = r.textContent.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) && (!sev || r.getAttribute("data-sev") === sev);
      r.hidden = !ok;
      if (ok) shown++;
    });
    var out = document.getElementById(id + "-shown");
    if (out) out.textContent = shown + " of " + all + " rows";
  }
  document.querySelectorAll("input.filter, select.sev").forEach(function (el) {
    var id = el.getAttribute("data-for");
    el.addEventListener("input", function () { apply(id); });
    el.addEventListener("change", function () { apply(id); });
    apply(id);
  });
})();
