// The main menu's groups are <details>: they open and close without this file (keyboard included). With it, a
// group closes when another opens, on a click elsewhere, and on Escape (focus goes back to its summary).
(function () {
  "use strict";
  function groups() {
    return document.querySelectorAll("nav.mainnav details");
  }
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open || !opened.closest("nav.mainnav")) return;
    groups().forEach(function (other) {
      if (other !== opened) other.open = false;
    });
  }, true);
  document.addEventListener("click", function (event) {
    groups().forEach(function (group) {
      if (group.open && !group.contains(event.target)) group.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups().forEach(function (group) {
      if (!group.open) return;
      group.open = false;
      if (group.contains(document.activeElement)) group.querySelector("summary").focus();
    });
  });
})();
