// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Department, post and person choices follow the chosen unit (and department).
  function narrow(select, attr, value) {
    if (!select) return;
    Array.prototype.forEach.call(select.options, function (option) {
      var owner = option.getAttribute(attr);
      var hide = value && owner && owner !== value;
      option.hidden = hide;
      if (hide && option.selected) select.value = "";
    });
  }

  function wireScopedSelects(form) {
    var unit = form.querySelector("[name=unit]");
    var department = form.querySelector("[name=department]");
    var post = form.querySelector("[name=post]");
    function refresh() {
      var unitId = unit ? unit.value : "";
      narrow(department, "data-unit", unitId);
      narrow(post, "data-unit", unitId);
      form.querySelectorAll("select[name$=responsible_person], select[name=supervisor]").forEach(function (s) {
        narrow(s, "data-unit", unitId);
      });
      if (department && department.value) narrow(post, "data-department", department.value);
    }
    if (unit) unit.addEventListener("change", refresh);
    if (department) department.addEventListener("change", refresh);
    if (post && department) {
      post.addEventListener("change", function () {
        var chosen = post.options[post.selectedIndex];
        var dept = chosen && chosen.getAttribute("data-department");
        if (dept) department.value = dept;
      });
    }
    refresh();
  }

  function wireMeasureRows(form) {
    var button = form.querySelector("[data-add-measure]");
    var template = document.getElementById("measure-empty-form");
    var total = form.querySelector("[name=measures-TOTAL_FORMS]");
    if (!button || !template || !total) return;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      form.querySelector("#measure-forms tbody").insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  }

  // "Select all" in one status group of a risk list: batch actions per group.
  function wireGroupSelect() {
    document.querySelectorAll("[data-select-group]").forEach(function (button) {
      button.addEventListener("click", function () {
        var group = button.getAttribute("data-select-group");
        document.querySelectorAll('input[data-group="' + group + '"]').forEach(function (box) { box.checked = true; });
      });
    });
  }

  // Behaviour declared in the markup with data attributes: the Content-Security-Policy
  // forbids inline handlers (onchange=, onclick=, onsubmit=) and style attributes.
  function wireDeclaredBehaviour() {
    document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
      field.addEventListener("change", function () { field.form.submit(); });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
    document.querySelectorAll("form[data-go-to-unit]").forEach(function (form) {
      form.addEventListener("change", function () {
        if (form.elements.unit.value) window.location.href = form.elements.unit.value;
      });
    });
    // Heat-map colours are computed per cell; set through the CSSOM, which the policy allows.
    document.querySelectorAll("[data-heat]").forEach(function (cell) {
      cell.style.cssText = cell.getAttribute("data-heat");
    });
  }

  // A select with thousands of choices is sent with only the chosen one; the rest
  // are fetched the first time it is opened ({"options": [[value, label], ...]}).
  function wireLazyOptions() {
    document.querySelectorAll("select[data-options-url]").forEach(function (select) {
      var loaded = false;
      function load() {
        if (loaded) return;
        loaded = true;
        fetch(select.getAttribute("data-options-url"), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            var chosen = select.value;
            data.options.forEach(function (pair) {
              if (String(pair[0]) === chosen) return;
              select.add(new Option(pair[1], pair[0]));
            });
          });
      }
      select.addEventListener("focus", load);
      select.addEventListener("pointerdown", load);
    });
  }

  // Phones: the menu button folds the navigation in and out.
  function wireMenu() {
    var button = document.querySelector("[data-menu-toggle]");
    if (!button) return;
    button.addEventListener("click", function () {
      var open = button.closest(".topbar").classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // On narrow screens list rows are shown as cards: each cell says which column it is.
  function labelTableCells() {
    document.querySelectorAll("table.data").forEach(function (table) {
      var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!headRow) return;
      var labels = [];
      Array.prototype.forEach.call(headRow.cells, function (th) {
        var span = th.colSpan || 1;
        for (var i = 0; i < span; i++) labels.push(th.textContent.trim());
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = labels[column];
            if (label && !cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
              cell.setAttribute("data-label", label);
            }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireMenu();
    labelTableCells();
    wireDeclaredBehaviour();
    wireLazyOptions();
    wireGroupSelect();
    document.querySelectorAll("form[data-scoped-selects]").forEach(function (form) {
      wireScopedSelects(form);
      wireMeasureRows(form);
    });
  });
})();
