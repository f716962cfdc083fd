// A large export's progress bar: polls the job's JSON and reloads the page when the file is ready.
(function () {
  "use strict";
  var box = document.getElementById("export-running");
  if (!box || !window.fetch) return;
  var bar = document.getElementById("export-progress");
  var percent = document.getElementById("export-percent");
  var rows = document.getElementById("export-rows");
  var state = document.getElementById("export-state");
  var rowsText = rows.textContent;
  var written = rowsText.match(/\d+/);

  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.progress;
        percent.textContent = data.progress + "%";
        if (written) rows.textContent = rowsText.replace(written[0], String(data.done));
        state.textContent = data.state_label;
        if (data.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
