// The import's progress bar: polls the batch's JSON and reloads the page when the task is done.
(function () {
  "use strict";
  var box = document.getElementById("ledger-running");
  if (!box || !window.fetch) return;
  var bar = document.getElementById("ledger-progress");
  var percent = document.getElementById("ledger-percent");
  var text = document.getElementById("ledger-progress-text");
  var state = document.getElementById("ledger-state");

  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.progress;
        percent.textContent = data.progress + "%";
        if (data.text) text.textContent = data.text;
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
