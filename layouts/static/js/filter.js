// Table filter: progressive enhancement. Without this script every table is
// whole and its filter box stays hidden; with it, the box above a table
// shows, and typing hides the body rows whose cells do not contain every
// typed word (case and accents ignored). The box's live region says how many
// rows are shown, in the words of its data-status ("{shown} of {total}").
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll(".filter[hidden]").forEach(function (box) {
    var input = box.querySelector("input[data-filter]");
    var status = box.querySelector("output");
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (r) {
      return fold(Array.prototype.map.call(r.cells, function (c) { return c.textContent; }).join(" "));
    });
    var say = status.getAttribute("data-status") || "{shown} / {total}";
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = words.length ? say.replace("{shown}", shown).replace("{total}", rows.length) : "";
    });
  });
})();
