// The admin's autocomplete boxes (select2) are comboboxes named by their selected value alone,
// which is empty until one is chosen (axe-core: aria-input-field-name). Name each after the
// field's label, also in inline rows added later. A file, not an inline script: the
// Content-Security-Policy refuses inline ones.
(function () {
  "use strict";
  function name(selection) {
    if (selection.hasAttribute("aria-label")) {
      return;
    }
    var container = selection.closest(".select2-container");
    var select = container && container.previousElementSibling;
    if (!select || !select.id) {
      return;
    }
    var label = document.querySelector('label[for="' + select.id + '"]');
    var text = select.getAttribute("aria-label") || (label && label.textContent.replace(/:\s*$/, "").trim());
    if (text) {
      selection.setAttribute("aria-label", text);
      selection.removeAttribute("aria-labelledby");
      // The chosen value inside it is a read-only textbox: named the same.
      selection.querySelectorAll('[role="textbox"]').forEach(function (shown) {
        shown.setAttribute("aria-label", text);
      });
    }
  }
  function nameAll() {
    document.querySelectorAll('.select2-selection[role="combobox"]').forEach(name);
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
