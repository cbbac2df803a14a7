/* Poll a briefing job until it is done or failed, updating the progress bar. */
(function () {
  "use strict";
  var box = document.getElementById("briefing-job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        document.getElementById("job-progress").value = s.percent;
        document.getElementById("job-percent").textContent = s.percent + "%";
        document.getElementById("job-message").textContent = s.state_label + " · " + s.message;
        if (s.state === "done") {
          var d = document.getElementById("job-download");
          d.hidden = false;
          d.querySelector("a").href = s.download;
        } else if (s.state !== "failed") {
          setTimeout(tick, 700);
        }
      })
      .catch(function () { setTimeout(tick, 2000); });
  }
  tick();
})();
