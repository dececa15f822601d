// Keeping keyboard focus with the open chat, and (on phones) making it a true modal: the page behind is
// inert and does not scroll. Pure DOM, no layout assumptions beyond "hidden elements have no boxes".

const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  "textarea:not([disabled])",
  "input:not([disabled])",
  "select:not([disabled])",
  "[tabindex]:not([tabindex='-1'])",
].join(",");

/** Elements inside `containers` that Tab can reach right now, in order. */
export function tabStops(...containers) {
  const stops = [];
  for (const container of containers) {
    if (!container) continue;
    if (container.matches && container.matches(FOCUSABLE)) stops.push(container);
    stops.push(...container.querySelectorAll(FOCUSABLE));
  }
  return stops.filter((el) => !el.closest("[hidden]") && el.getClientRects().length > 0);
}

/** Tab / Shift+Tab past either end wraps to the other end (focus outside the list goes to the first). */
export function wrapTab(event, stops, active) {
  if (event.key !== "Tab" || !stops.length) return false;
  const index = stops.indexOf(active);
  let next = null;
  if (index === -1) next = event.shiftKey ? stops[stops.length - 1] : stops[0];
  else if (event.shiftKey && index === 0) next = stops[stops.length - 1];
  else if (!event.shiftKey && index === stops.length - 1) next = stops[0];
  if (!next) return false;
  event.preventDefault();
  next.focus();
  return true;
}

/**
 * While engaged: everything on the page except `host` (and its ancestors) is `inert`, and the page does
 * not scroll. Release puts back exactly what it changed.
 */
export function createModalGuard(host) {
  let saved = null;
  return {
    get engaged() {
      return saved !== null;
    },
    engage() {
      if (saved) return;
      const doc = host.ownerDocument;
      saved = { inert: [], html: doc.documentElement.style.overflow, body: doc.body ? doc.body.style.overflow : "" };
      for (let node = host; node && node !== doc.body && node.parentElement; node = node.parentElement) {
        for (const sibling of node.parentElement.children) {
          if (sibling === node || sibling.inert || sibling.tagName === "SCRIPT" || sibling.tagName === "STYLE") continue;
          sibling.inert = true;
          saved.inert.push(sibling);
        }
      }
      doc.documentElement.style.overflow = "hidden";
      if (doc.body) doc.body.style.overflow = "hidden";
    },
    release() {
      if (!saved) return;
      const doc = host.ownerDocument;
      for (const el of saved.inert) el.inert = false;
      doc.documentElement.style.overflow = saved.html;
      if (doc.body) doc.body.style.overflow = saved.body;
      saved = null;
    },
  };
}
