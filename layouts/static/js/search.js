// Search: progressive enhancement of the /search/ page's form. Without
// this script the form is a plain GET form and the page links the lists
// of every record. With it, the words typed (or given as ?q=) are looked
// up in the page's index as they are typed, results show from the page's
// <template id="search-result">, the filters by kind and area narrow
// them, and the status line (role=status) says how many there are.
//
// The index (see generator/search) is a folder of JSON files beside the
// page: meta.json, word files w<n>.json and document files d<n>.json.
// A search fetches meta.json, one word file for each word typed, and the
// document files of the results it shows, each once.
//
// fold, words and compact must normalise exactly as Fold, Words and
// Compact in generator/search/normalize.go do: a browser test compares
// them on the same strings.
(function () {
  "use strict";

  var FOLDS = { "\u0671": "\u0627", "\u0629": "\u0647", "\u0649": "\u064a",
    "\u0153": "oe", "\u0152": "oe", "\u00e6": "ae", "\u00c6": "ae", "\u00df": "ss" };
  var MARK = /\p{Mn}/u, HAN = /\p{Script=Han}/u, LETTER = /\p{L}/u, NUMBER = /\p{N}/u;

  // foldMap folds s and says, for each UTF-16 unit of the result, where
  // in s the letter it comes from starts and ends, for highlighting.
  function foldMap(s) {
    var out = "", from = [], to = [], i = 0;
    for (var ch of s) {
      var f = "";
      for (var c of ch.normalize("NFKD")) {
        if (MARK.test(c) || c === "\u0640") continue;
        f += FOLDS[c] !== undefined ? FOLDS[c] : c.toLowerCase();
      }
      for (var k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    return { text: out, from: from, to: to };
  }
  function fold(s) { return foldMap(s).text; }

  var LET = 1, DIG = 2, HANC = 3;
  function classOf(c) {
    if (c < "\u0080") {
      if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) return LET;
      if (c >= "0" && c <= "9") return DIG;
      return 0;
    }
    if (HAN.test(c)) return HANC;
    if (LETTER.test(c)) return LET;
    if (NUMBER.test(c)) return DIG;
    return 0;
  }

  // words are the words of s, folded: runs of letters or of digits, and
  // in Chinese every two characters that follow each other.
  function words(s) {
    var out = [], run = [], cls = 0;
    function flush() {
      if (cls === HANC) {
        if (run.length === 1) out.push(run[0]);
        for (var k = 1; k < run.length; k++) out.push(run[k - 1] + run[k]);
      } else if (cls !== 0) {
        out.push(run.join(""));
      }
    }
    for (var c of fold(s)) {
      var k = classOf(c);
      if (k !== cls) { flush(); run = []; cls = k; }
      run.push(c);
    }
    flush();
    return out;
  }

  function compact(s) {
    var out = "";
    for (var c of fold(s)) if (classOf(c) !== 0) out += c;
    return out;
  }

  // fileOf is the word file of w, of n: FNV-1a of its first three
  // letters, or of all of a designation's or an area's key.
  var PREFIX = 3, utf8 = new TextEncoder();
  function fileOf(w, n) {
    var key = /^[#@]/.test(w) ? w : Array.from(w).slice(0, PREFIX).join("");
    var h = 0x811c9dc5;
    for (var b of utf8.encode(key)) { h ^= b; h = Math.imul(h, 0x01000193); }
    return (h >>> 0) % n;
  }

  // For the tests, which compare these with the Go side.
  window.iscSearch = { fold: fold, words: words, compact: compact, fileOf: fileOf };

  var form = document.querySelector("form.search-form[data-index]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var kindSel = form.querySelector("select[name=kind]");
  var areaSel = form.querySelector("select[name=area]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var tmpl = document.getElementById("search-result");
  var base = form.getAttribute("data-index");
  var origLang = form.getAttribute("data-orig-lang"), origDir = form.getAttribute("data-orig-dir");
  var kindNames = {};
  Array.prototype.forEach.call(kindSel.options, function (o) { kindNames[o.value] = o.textContent; });

  var meta = null, wordFiles = {}, docFiles = {}, decoded = {};
  function get(path, fresh) {
    return fetch(base + path + (fresh ? "" : "?v=" + meta.version), fresh ? { cache: "no-cache" } : {})
      .then(function (r) { if (!r.ok) throw new Error(path + ": " + r.status); return r.json(); });
  }
  function loadMeta() {
    if (!meta) meta = get("meta.json", true).then(function (m) { meta = m; return m; });
    return Promise.resolve(meta);
  }
  function wordFile(n) {
    if (!wordFiles[n]) wordFiles[n] = get("w" + n + ".json");
    return wordFiles[n];
  }
  function docFile(n) {
    if (!docFiles[n]) docFiles[n] = get("d" + n + ".json");
    return docFiles[n];
  }
  // ids decodes a posting list, written as differences.
  function ids(key, which, file) {
    var k = key + "\u0000" + which;
    if (decoded[k]) return decoded[k];
    var out = [], id = 0, d = file[key][which];
    for (var i = 0; i < d.length; i++) { id += d[i]; out.push(id); }
    decoded[k] = out;
    return out;
  }

  // query is what the form says now.
  function query() {
    var q = input.value;
    var ws = words(q);
    return {
      q: q, words: ws,
      prefix: ws.length > 0 && !/\s$/.test(q),
      code: /[0-9]/.test(q) ? compact(q) : "",
      kind: kindSel.value, area: areaSel.value
    };
  }

  // find returns the ids that match q, best first.
  function find(q, files) {
    var n = meta.files, total = null;
    q.words.forEach(function (w, i) {
      var file = files[fileOf(w, n)], scores = new Map();
      var prefix = q.prefix && i === q.words.length - 1 && Array.from(w).length >= PREFIX;
      var keys = prefix ? Object.keys(file).filter(function (k) { return k.startsWith(w); }) : (file[w] ? [w] : []);
      keys.forEach(function (k) {
        var exact = k === w ? 1 : 0;
        ids(k, 0, file).forEach(function (id) { scores.set(id, Math.max(scores.get(id) || 0, 3 + exact)); });
        ids(k, 1, file).forEach(function (id) { scores.set(id, Math.max(scores.get(id) || 0, 1 + exact)); });
      });
      if (total === null) { total = scores; return; }
      var both = new Map();
      total.forEach(function (s, id) { if (scores.has(id)) both.set(id, s + scores.get(id)); });
      total = both;
    });
    total = total || new Map();
    if (q.code) {
      var key = "#" + q.code, file = files[fileOf(key, n)];
      if (file[key]) ids(key, 0, file).forEach(function (id) { total.set(id, (total.get(id) || 0) + 20); });
    }
    var kind = q.kind && meta.kinds[q.kind];
    var inArea = null;
    if (q.area) {
      var akey = "@" + q.area, afile = files[fileOf(akey, n)];
      inArea = new Set(afile[akey] ? ids(akey, 1, afile) : []);
    }
    var out = [];
    total.forEach(function (s, id) {
      if (q.kind && (!kind || id < kind[0] || id >= kind[1])) return;
      if (inArea && !inArea.has(id)) return;
      out.push(id);
    });
    out.sort(function (a, b) { return (total.get(b) - total.get(a)) || (a - b); });
    return out;
  }

  // mark writes text into el, the parts that match a word typed in <mark>:
  // where a word of the text starts as the typed one does, as the index
  // matches them.
  function mark(el, text, ws) {
    var m = foldMap(text), spans = [];
    ws.forEach(function (w) {
      if (w.length < 2 && !/[0-9]/.test(w) && !HAN.test(w)) return;
      var cls = classOf(w[0]);
      for (var at = m.text.indexOf(w); at >= 0; at = m.text.indexOf(w, at + w.length)) {
        if (cls === HANC || at === 0 || classOf(m.text[at - 1]) !== cls) {
          spans.push([m.from[at], m.to[at + w.length - 1]]);
        }
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var i = 0;
    el.textContent = "";
    spans.forEach(function (s) {
      if (s[0] < i) { if (s[1] <= i) return; s[0] = i; }
      el.appendChild(document.createTextNode(text.slice(i, s[0])));
      var mk = el.appendChild(document.createElement("mark"));
      mk.textContent = text.slice(s[0], s[1]);
      i = s[1];
    });
    el.appendChild(document.createTextNode(text.slice(i)));
  }

  var pageSize = 10, found = [], shown = 0, current = 0, said = null;
  function say(text) {
    // Said once typing pauses, so that a screen reader is not interrupted
    // at every letter.
    clearTimeout(said);
    said = setTimeout(function () { status.textContent = text; }, 400);
  }

  function show(q, run) {
    var page = found.slice(shown, shown + pageSize);
    var need = Array.from(new Set(page.map(function (id) { return Math.floor(id / meta.chunk); })));
    return Promise.all(need.map(docFile)).then(function (files) {
      if (run !== current) return;
      var byFile = {};
      need.forEach(function (n, i) { byFile[n] = files[i]; });
      page.forEach(function (id) {
        var d = byFile[Math.floor(id / meta.chunk)][id % meta.chunk];
        var li = tmpl.content.firstElementChild.cloneNode(true);
        mark(li.querySelector(".search-kind"), (kindNames[d[0]] || d[0]) + (d[1] ? " · " + d[1] : ""), q.words);
        var a = li.querySelector(".search-title a"), ex = li.querySelector(".search-excerpt");
        a.href = d[3];
        mark(a, d[2], q.words);
        if (d[4]) mark(ex, d[4], q.words); else ex.remove();
        // Text in the default language, not the page's: say so, for
        // screen readers to switch voice.
        [[a.parentNode, d[5]], [ex, d[6]]].forEach(function (x) {
          if (x[1] && origLang) { x[0].lang = origLang; if (origDir) x[0].dir = origDir; }
        });
        list.appendChild(li);
      });
      shown += page.length;
      more.parentNode.hidden = shown >= found.length;
    });
  }

  function run() {
    var q = query(), id = ++current;
    var url = new URL(location.href);
    ["q", "kind", "area"].forEach(function (k) { if (q[k]) url.searchParams.set(k, q[k]); else url.searchParams.delete(k); });
    history.replaceState(null, "", url);
    if (!q.words.length && !q.code) {
      list.textContent = ""; more.parentNode.hidden = true; say("");
      return Promise.resolve();
    }
    return loadMeta().then(function () {
      var need = q.words.map(function (w) { return fileOf(w, meta.files); });
      if (q.code) need.push(fileOf("#" + q.code, meta.files));
      if (q.area) need.push(fileOf("@" + q.area, meta.files));
      need = Array.from(new Set(need));
      return Promise.all(need.map(wordFile)).then(function (fs) {
        if (id !== current) return;
        var files = {};
        need.forEach(function (n, i) { files[n] = fs[i]; });
        found = find(q, files);
        shown = 0;
        list.textContent = "";
        say(found.length ? status.getAttribute("data-count").replace("{count}", found.length) : status.getAttribute("data-none"));
        return show(q, id);
      });
    }).catch(function () {
      // Forget what failed to load, so that the next keystroke asks again.
      if (meta && meta.then) meta = null;
      wordFiles = {}; docFiles = {};
      say(status.getAttribute("data-failed"));
    });
  }

  form.querySelector(".search-filters").hidden = false;
  var params = new URL(location.href).searchParams;
  input.value = params.get("q") || "";
  if (params.get("kind")) kindSel.value = params.get("kind");
  if (params.get("area")) areaSel.value = params.get("area");
  // A last word of one or two letters is most often the start of a
  // longer one: unless its word file is already here, it is looked up
  // once typing pauses, which spares a fetch unneeded once the third
  // letter comes.
  var pending = null;
  input.addEventListener("input", function () {
    clearTimeout(pending);
    var q = query(), last = q.words[q.words.length - 1] || "";
    var short = q.prefix && Array.from(last).length < PREFIX && !HAN.test(last);
    if (short && !(meta && !meta.then && wordFiles[fileOf(last, meta.files)])) pending = setTimeout(run, 300);
    else run();
  });
  kindSel.addEventListener("change", run);
  areaSel.addEventListener("change", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  more.addEventListener("click", function () {
    var first = list.children.length;
    show(query(), current).then(function () {
      var next = list.children[first];
      if (next) next.querySelector("a").focus();
    });
  });
  if (input.value) run();
})();
