(function () {
  "use strict";
  var KEY = "xtask-serve:" + location.pathname;
  function save() {
    var open = Array.prototype.map.call(document.querySelectorAll("details[open][id]"), function (d) { return d.id; });
    sessionStorage.setItem(KEY, JSON.stringify({ y: window.scrollY, open: open }));
  }
  function restore() {
    var saved = sessionStorage.getItem(KEY);
    if (!saved) { return; }
    sessionStorage.removeItem(KEY);
    try {
      var state = JSON.parse(saved);
      state.open.forEach(function (id) { var d = document.getElementById(id); if (d) { d.open = true; } });
      window.scrollTo(0, state.y);
    } catch (e) { /* a state from another version of this script */ }
  }
  function overlay(problems) {
    var old = document.getElementById("xtask-serve-problems");
    if (old) { old.remove(); }
    if (!problems || !problems.length) { return; }
    var box = document.createElement("div");
    box.id = "xtask-serve-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;background:#fff8f6;color:#1d1d1f;border-bottom:3px solid #b3261e;padding:1rem;font:14px/1.5 ui-monospace,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)";
    problems.forEach(function (p) {
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0 0 1rem;white-space:pre-wrap";
      var text = p.severity + "[" + p.code + "]: " + p.message + "\n  --> " + p.file + ":" + p.line + ":" + p.column;
      if (p.source) { text += "\n   | " + p.source; }
      if (p.help) { text += "\n   = help: " + p.help; }
      pre.textContent = text;
      box.appendChild(pre);
    });
    document.body.appendChild(box);
  }
  window.addEventListener("load", restore);
  fetch("/__serve/status").then(function (r) { return r.json(); }).then(function (s) { overlay(s.problems); }).catch(function () {});
  var events = new EventSource("/__serve/events");
  events.addEventListener("reload", function () { save(); location.reload(); });
  events.addEventListener("problems", function (e) { overlay(JSON.parse(e.data)); });
})();
