// Workflow buttons and searchable selects; every page works without this file.
(function () {
  "use strict";

  // Irreversible steps ask first. The Content-Security-Policy forbids inline handlers.
  function wireConfirmations() {
    document.querySelectorAll("button[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  // A long <select> gets a filter box above it: typing narrows the options by their
  // text (a name, a post, a login), and the select itself still submits the value.
  function makeSearchable(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-search";
    box.placeholder = select.getAttribute("data-search-placeholder") || "";
    box.setAttribute("aria-label", box.placeholder);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        // Options of another unit than the form's chosen one stay hidden (app.js narrows them).
        var unit = select.form && select.form.querySelector("[name=unit]");
        var owner = option.getAttribute("data-unit");
        if (unit && unit.value && owner && owner !== unit.value) return;
        var match = !needle || option.text.toLowerCase().indexOf(needle) !== -1;
        option.hidden = !match;
        if (match && !first) first = option;
      });
      if (needle && first && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden)) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireConfirmations();
    document.querySelectorAll("select[data-searchable]").forEach(makeSearchable);
  });
})();
