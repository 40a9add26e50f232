// The preview's live script (added by `yjplan serve`, never to a built page). The server renders
// the panel (problems, build and PDF state); this script keeps it current: it reloads the page
// after every good build, fetches the panel again after every other change, and shows the PDF
// in a pane beside the page on a wide screen, reloaded in place when a new PDF is ready (the
// page never waits for it). The panel's HTML comes from the server's autoescaping template:
// nothing from the plan is made into HTML here.
(function () {
  "use strict";
  var panel = document.getElementById("yjplan-preview");
  if (!panel) { return; }
  var served = Number(panel.getAttribute("data-generation"));
  var KEY = "yjplan-pdf-pane";
  var status = null;

  function paneWanted() {
    try { return window.sessionStorage.getItem(KEY) === "open"; } catch (e) { return false; }
  }

  function want(open) {
    try { window.sessionStorage.setItem(KEY, open ? "open" : "closed"); } catch (e) { /* private mode */ }
  }

  function syncPane() {
    var pdf = status && status.pdf;
    var open = Boolean(paneWanted() && pdf && pdf.href);
    var toggle = document.getElementById("yjplan-pdf-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "Hide the PDF" : "Show the PDF beside the page";
      if (open) { toggle.setAttribute("aria-controls", "yjplan-pdf-pane"); }
    }
    document.documentElement.classList.toggle("yjplan-split", open);
    var pane = document.getElementById("yjplan-pdf-pane");
    if (!open) {
      if (pane) { pane.remove(); }
      return;
    }
    if (!pane) {
      pane = document.createElement("section");
      pane.id = "yjplan-pdf-pane";
      pane.setAttribute("aria-label", "The plan's PDF");
      var frame = document.createElement("iframe");
      frame.title = "The plan's PDF, as the board signs it";
      pane.appendChild(frame);
      var state = document.createElement("p");
      state.className = "yjplan-pane-state";
      state.setAttribute("role", "status");
      pane.appendChild(state);
      document.body.appendChild(pane);
    }
    var src = pdf.href + "?v=" + pdf.generation + "#view=FitH&navpanes=0";
    var iframe = pane.querySelector("iframe");
    if (iframe.getAttribute("src") !== src) { iframe.setAttribute("src", src); }
    var note = pane.querySelector(".yjplan-pane-state");
    note.textContent = pdf.state === "updating" ? "PDF updating…" :
      pdf.state === "failed" ? "The PDF could not be made: this is the last good one." : "";
    note.hidden = note.textContent === "";
  }

  function refresh() {
    fetch("/__yjplan/panel", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var focused = document.activeElement && panel.contains(document.activeElement) ?
          document.activeElement.id : "";
        if (html !== null) { panel.innerHTML = html; }
        syncPane();
        var again = focused && document.getElementById(focused);
        if (again) { again.focus(); }
      })
      .catch(function () { /* the server has stopped: keep what is shown */ });
  }

  panel.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#yjplan-pdf-toggle")) {
      want(!paneWanted());
      syncPane();
    }
  });

  var source = new EventSource("/__yjplan/events");
  source.addEventListener("status", function (event) {
    status = JSON.parse(event.data);
    if (status.generation !== served) {
      window.location.reload();
      return;
    }
    refresh();
  });
})();
