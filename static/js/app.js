/* The project's own behaviour for every page, loaded from static files so the content security policy can forbid
   inline scripts and event handlers:
   - <form data-confirm="Question?"> asks before submitting (destructive or final actions);
   - <select data-autosubmit> submits its form when the choice changes;
   - <button data-toggle-rows aria-controls="id1 id2" aria-expanded="false"> shows or hides the elements it
     names (the grid's rows of disaggregations, folded by default).
   - <input type="file" data-file-picker> (templates/_file_input.html) shows the names of the chosen files in the
     [data-file-name] beside it, or its data-empty words when none is chosen.
   All work on content htmx swaps in later, because the listeners sit on the document. */
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-toggle-rows]") : null;
    if (!button) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    (button.getAttribute("aria-controls") || "").split(" ").forEach(function (id) {
      var row = id && document.getElementById(id);
      if (row) row.hidden = !open;
    });
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLInputElement && field.type === "file" && field.hasAttribute("data-file-picker")) {
      var shown = field.parentElement ? field.parentElement.querySelector("[data-file-name]") : null;
      if (shown) {
        var names = Array.prototype.map.call(field.files || [], function (file) {
          return file.name;
        });
        shown.textContent = names.length ? names.join(", ") : shown.dataset.empty || "";
        shown.classList.toggle("chosen", names.length > 0);
      }
      return;
    }
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit();
    }
  });
})();
