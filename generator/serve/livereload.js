// Live reload for `generator serve`: added to served pages only, never to
// the built files. It listens to the server's events: "reload" reloads the
// page, "css" swaps the stylesheets without a reload (the scroll position
// stays), "error" shows the build's problems over the page until a good
// build reloads it.
(function () {
  "use strict";
  var id = null;
  var overlayID = "livereload-problems";
  var es = new EventSource("/__livereload?path=" + encodeURIComponent(location.pathname));

  es.addEventListener("hello", function (e) {
    // A new server (restarted) may have built another site: reload.
    if (id !== null && id !== e.data) location.reload();
    id = e.data;
    window.__livereload = "connected"; // for tests: the page hears the server
  });
  es.addEventListener("reload", function () {
    location.reload();
  });
  es.addEventListener("css", function () {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) swap(links[i]);
  });
  es.addEventListener("error", function (e) {
    if (typeof e.data !== "string") return; // the connection's own error: EventSource retries
    show(JSON.parse(e.data));
  });

  // swap loads the stylesheet again beside the old one and drops the old
  // one once the new one applies, so the page never shows unstyled.
  function swap(link) {
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    url.searchParams.set("livereload", Date.now().toString(36));
    var next = link.cloneNode();
    next.href = url.href;
    next.addEventListener("load", function () { link.remove(); });
    next.addEventListener("error", function () { next.remove(); });
    link.after(next);
  }

  function show(p) {
    var old = document.getElementById(overlayID);
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = overlayID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", overlayID + "-h");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:70vh;overflow:auto;" +
      "margin:0;padding:1rem 1.25rem;background:#fff;color:#1a1a1a;border-top:4px solid #b00020;" +
      "box-shadow:0 -2px 12px rgba(0,0,0,.3);font:15px/1.45 system-ui,sans-serif;text-align:left;direction:ltr";
    var h = document.createElement("h2");
    h.id = overlayID + "-h";
    h.textContent = p.title;
    h.style.cssText = "margin:0 0 .5rem;font-size:1.1rem;color:#b00020";
    box.appendChild(h);
    if (p.note) {
      var note = document.createElement("p");
      note.textContent = p.note;
      note.style.cssText = "margin:0 0 .5rem";
      box.appendChild(note);
    }
    for (var i = 0; i < p.problems.length; i++) {
      var pre = document.createElement("pre");
      pre.textContent = p.problems[i];
      pre.style.cssText = "margin:.5rem 0;padding:.5rem .75rem;background:#f4f4f4;color:#1a1a1a;" +
        "border-left:3px solid #b00020;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.4 ui-monospace,monospace";
      box.appendChild(pre);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "font:inherit;padding:.25rem .75rem;border:1px solid #1a1a1a;border-radius:4px;background:#fff;color:#1a1a1a;cursor:pointer";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    document.body.appendChild(box);
  }
})();
