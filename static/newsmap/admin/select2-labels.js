/* Names for the admin's autocomplete boxes (select2), which leaves its search field and its
   combobox without one: each takes the label of the select it stands for. Watches the page,
   since select2 draws these parts again as choices change and when its dropdown opens. */
(function () {
  "use strict";

  function labelFor(selectId) {
    const select = selectId && document.getElementById(selectId);
    if (!select) return "";
    const label = document.querySelector(`label[for="${selectId}"]`);
    const text = (label ? label.textContent : select.getAttribute("aria-label") || select.name || "").replace(/[:\s]+$/, "").trim();
    return text;
  }

  function selectOf(container) {
    // select2 puts its container right after the select it replaces.
    const select = container.previousElementSibling;
    return select && select.tagName === "SELECT" ? select.id : "";
  }

  function name(root) {
    root.querySelectorAll(".select2-container").forEach((container) => {
      const text = labelFor(selectOf(container));
      if (!text) return;
      container.querySelectorAll(".select2-selection[role=combobox]").forEach((box) => {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", text);
      });
      container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach((shown) => shown.setAttribute("aria-label", text));
      container.querySelectorAll(".select2-search__field").forEach((field) => field.setAttribute("aria-label", `Search ${text}`));
    });
    // The dropdown's search field, drawn at the end of the page while it is open.
    root.querySelectorAll(".select2-dropdown .select2-search__field[aria-controls]").forEach((field) => {
      const id = field.getAttribute("aria-controls").replace(/^select2-/, "").replace(/-results$/, "");
      const text = labelFor(id);
      if (text) field.setAttribute("aria-label", `Search ${text}`);
    });
  }

  let pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      name(document);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    name(document);
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  });
})();
