// The preview's live-reload script (added by `yjplan serve`, never to a built page): reloads the
// page after every good build, and lists the problems of a broken build in an overlay while the
// last good page stays on screen. Problem text is set with textContent, never as HTML.
(function () {
  "use strict";
  var seen = null;
  var source = new EventSource("/__yjplan/events");
  source.addEventListener("status", function (event) {
    var status = JSON.parse(event.data);
    if (seen !== null && status.generation !== seen) {
      window.location.reload();
      return;
    }
    seen = status.generation;
    show(status);
  });

  function show(status) {
    var box = document.getElementById("yjplan-overlay");
    var errors = status.problems.filter(function (p) { return p.indexOf(": error[") !== -1; });
    if (status.ok || errors.length === 0) {
      if (box) { box.remove(); }
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "yjplan-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;" +
        "background:#0b0c0c;color:#ffffff;padding:1rem 1.25rem;font:16px/1.5 sans-serif;z-index:1000;" +
        "border-top:6px solid #d4351c";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 .5rem;font-weight:700";
    title.textContent = "The plan does not build: " + errors.length + " error" + (errors.length === 1 ? "" : "s") +
      ". This page is the last good build; it updates when the plan builds again.";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.25rem;font-family:monospace";
    status.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;
      list.appendChild(item);
    });
    box.appendChild(list);
  }
})();
