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

  // Forms that ask before they submit (data-confirm="question"): no inline handlers,
  // so a Content-Security-Policy without 'unsafe-inline' keeps them working.
  function wireConfirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireGroupSelect();
    wireConfirmations();
    document.querySelectorAll("form[data-scoped-selects]").forEach(function (form) {
      wireScopedSelects(form);
      wireMeasureRows(form);
    });
  });
})();
