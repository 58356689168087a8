/* The review queue's keyboard: j/k move, a/r approve/reject, e edit, u undo, Esc cancels an edit.
   The buttons do the work (htmx posts); the keys press them, then move on to the next figure waiting. */
(function () {
  "use strict";

  const ROW = "[data-queue-row]";
  let currentId = null;
  let pendingId = null; // the row whose request is under way: where to go on from when it comes back
  let pendingQueue = false; // the filters are fetching a new queue

  function rows() {
    return Array.from(document.querySelectorAll(ROW));
  }

  function currentRow() {
    return (currentId && document.getElementById(currentId)) || rows()[0] || null;
  }

  function select(row) {
    if (!row) return;
    rows().forEach((other) => {
      other.classList.toggle("current", other === row);
      if (other !== row) other.removeAttribute("aria-current");
    });
    row.setAttribute("aria-current", "true");
    currentId = row.id;
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.indexOf(currentRow());
    select(all[Math.min(all.length - 1, Math.max(0, index + step))]);
  }

  function nextWaiting(row) {
    const all = rows();
    const index = all.indexOf(row);
    return all.slice(index + 1).find((other) => other.dataset.state === "proposed") || row;
  }

  function press(key) {
    const row = currentRow();
    const button = row && row.querySelector(`[data-key="${key}"]`);
    if (!button || button.disabled) return false;
    select(row);
    button.click();
    return true;
  }

  function isTyping(target) {
    return Boolean(target.closest && target.closest("input, select, textarea, [contenteditable], .select2-container"));
  }

  document.addEventListener("keydown", (event) => {
    if (!document.getElementById("review-desk") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      const editing = event.target.closest ? event.target.closest(".editing") : null;
      const cancel = (editing || document).querySelector(".editing [data-cancel]");
      if (cancel && !document.querySelector(".select2-container--open")) {
        event.preventDefault();
        cancel.click();
      }
      return;
    }
    if (isTyping(event.target)) return;
    const actions = { j: () => move(1), k: () => move(-1), a: () => press("a"), r: () => press("r"), e: () => press("e"), u: () => press("u") };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  document.addEventListener("click", (event) => {
    const row = event.target.closest && event.target.closest(ROW);
    if (row && !isTyping(event.target)) {
      currentId = row.id;
      rows().forEach((other) => other.classList.toggle("current", other === row));
    }
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const row = event.detail.elt.closest && event.detail.elt.closest(ROW);
    pendingId = row ? row.id : null;
    pendingQueue = !row && Boolean(event.detail.elt.closest && event.detail.elt.closest(".queue-filters"));
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (pendingQueue) {
      pendingQueue = false;
      currentId = null;
      select(rows()[0]);
      return;
    }
    if (!pendingId) return;
    const row = document.getElementById(pendingId);
    pendingId = null;
    if (!row) return;
    if (window.django && window.django.jQuery && window.django.jQuery.fn.djangoAdminSelect2) {
      window.django.jQuery(row).find(".admin-autocomplete").not("[name*=__prefix__]").djangoAdminSelect2();
    }
    if (row.dataset.state === "editing") {
      currentId = row.id;
      const first = row.querySelector('input[name$="-count"]') || row.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
      return;
    }
    // Decided: on to the next figure waiting. Refused as stale, or undone: stay, to read it again.
    const stale = row.hasAttribute("data-stale");
    select(row.dataset.state !== "proposed" && !stale ? nextWaiting(row) : row);
  });

  document.addEventListener("DOMContentLoaded", () => {
    if (document.getElementById("review-desk")) select(rows()[0]);
  });
})();
