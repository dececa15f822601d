// The widget's static structure: launcher bubble, panel (header, offline banner, log, composer).
// Behaviour stays in widget.js; this only builds labelled, keyboard-reachable elements.

import { h, icon } from "./view.js";

/**
 * @returns {{nodes: Node[], refs: {root, launcher, badge, panel, banner, log, input, count, note, undoBar, status, sendButton, stopButton}}}
 */
export function buildShell({ maxChars, onToggle, onClose, onNew, onStop, onSend, onKey, onInputKey, onInput }) {
  const css = h("link", { rel: "stylesheet", href: new URL("./widget.css", import.meta.url).href });
  const badge = h("span", { class: "badge", hidden: true, "aria-hidden": "true" });
  const launcher = h(
    "button",
    { class: "launcher", type: "button", "aria-label": "Open chat with ToteTaxi", "aria-expanded": "false", "aria-controls": "tt-panel", onclick: onToggle },
    [icon("chat"), icon("close"), badge],
  );
  const log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions text", "aria-label": "Conversation", tabindex: "0" });
  const banner = h("div", { class: "banner", hidden: true, role: "note" });
  // No maxlength: it would silently cut a pasted message. The counter warns and Send refuses instead.
  const input = h("textarea", {
    id: "tt-input", class: "input", rows: "1", placeholder: "Ask us anything…",
    "aria-describedby": "tt-note tt-count", "data-max": String(maxChars), onkeydown: onInputKey, oninput: onInput,
  });
  const count = h("span", { id: "tt-count", class: "count", "aria-live": "polite" });
  // What Send or Enter could not do right now (too long, a reply still streaming), said in words.
  const note = h("p", { id: "tt-note", class: "composer-note", "aria-live": "assertive", hidden: true });
  const undoBar = h("div", { class: "undo", role: "status", hidden: true });
  const status = h("div", { class: "sr-only", role: "status", "aria-live": "polite" });
  const sendButton = h("button", { class: "send", type: "submit", "aria-label": "Send message" }, [icon("send")]);
  const stopButton = h("button", { class: "stop", type: "button", "aria-label": "Stop generating", hidden: true, onclick: onStop }, [
    icon("stop"),
    h("span", { text: "Stop" }),
  ]);
  const form = h("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); onSend(); } }, [
    h("label", { for: "tt-input", class: "sr-only", text: "Message" }), input, stopButton, sendButton,
  ]);
  const panel = h("section", { id: "tt-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "tt-title", hidden: true }, [
    h("div", { class: "head" }, [
      h("div", { class: "avatar", "aria-hidden": "true", text: "TT" }),
      h("div", { class: "titles" }, [
        h("h2", { id: "tt-title", class: "title", text: "ToteTaxi Assistant" }),
        h("p", { class: "subtitle", text: "Usually replies in seconds" }),
      ]),
      h("button", { class: "head-btn new", type: "button", "aria-label": "Start a new conversation", title: "New conversation", onclick: onNew }, [icon("plus")]),
      h("button", { class: "head-btn close", type: "button", "aria-label": "Close chat", title: "Close", onclick: onClose }, [icon("close")]),
    ]),
    banner,
    log,
    h("div", { class: "foot" }, [
      undoBar,
      note,
      form,
      h("div", { class: "fine" }, [h("span", { text: "AI assistant · can't change or cancel bookings" }), count]),
    ]),
    status,
  ]);
  // Esc closes from anywhere in the widget (the panel or the launcher); focus returns to the bubble.
  // Hidden until widget.css arrives, so the page never flashes a bare button. (The `hidden` attribute, not
  // an inline <style>: a strict Content-Security-Policy refuses inline styles.)
  const root = h("div", { class: "root", onkeydown: onKey, hidden: true }, [panel, launcher]);
  const reveal = () => (root.hidden = false);
  css.addEventListener("load", reveal);
  css.addEventListener("error", reveal); // unstyled beats invisible
  return { nodes: [css, root], refs: { root, launcher, badge, panel, banner, log, input, count, note, undoBar, status, sendButton, stopButton } };
}
