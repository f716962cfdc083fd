// The person choices follow the chosen unit; the form works without this file.
(function () {
  "use strict";
  var form = document.getElementById("warning-form");
  if (!form) return;
  var unit = form.querySelector("[name=unit]");
  var person = form.querySelector("[name=person]");
  if (!unit || !person) return;
  function refresh() {
    Array.prototype.forEach.call(person.options, function (option) {
      var owner = option.getAttribute("data-unit");
      var hide = unit.value && owner && owner !== unit.value;
      option.hidden = hide;
      if (hide && option.selected) person.value = "";
    });
  }
  unit.addEventListener("change", refresh);
  refresh();
})();
