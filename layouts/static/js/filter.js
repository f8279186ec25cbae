// Table filter: progressive enhancement. Without this script every table is
// whole; with it, a search box above a table hides the rows that do not
// contain the typed words.
(function () {
  "use strict";
  document.querySelectorAll(".filter[hidden]").forEach(function (box) {
    var input = box.querySelector("input[data-filter]");
    var out = box.querySelector("output");
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      out.textContent = words.length ? shown + " / " + rows.length : "";
    });
  });
})();
