// The widget's static structure: launcher bubble, panel (header, offline banner, log, composer).
// Behaviour stays in widget.js; this only builds labelled, keyboard-reachable elements.

import { h, icon } from "./view.js";

/**
 * @returns {{nodes: Node[], refs: {root, launcher, badge, panel, banner, log, input, count, sendButton, stopButton}}}
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
  const input = h("textarea", {
    id: "tt-input", class: "input", rows: "1", maxlength: String(maxChars), placeholder: "Ask us anything…",
    "aria-describedby": "tt-count", onkeydown: onInputKey, oninput: onInput,
  });
  const count = h("span", { id: "tt-count", class: "count", "aria-live": "polite" });
  const sendButton = h("button", { class: "send", type: "submit", "aria-label": "Send message" }, [icon("send")]);
  const stopButton = h("button", { class: "stop", type: "button", "aria-label": "Stop generating", hidden: true, onclick: onStop }, [
    icon("stop"),
    h("span", { text: "Stop" }),
  ]);
  const form = h("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); onSend(); } }, [
    h("label", { for: "tt-input", class: "sr-only", text: "Message" }), input, stopButton, sendButton,
  ]);
  const panel = h("section", { id: "tt-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "tt-title", hidden: true }, [
    h("header", { class: "head" }, [
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
    h("div", { class: "foot" }, [form, h("div", { class: "fine" }, [h("span", { text: "AI assistant · can't change or cancel bookings" }), count])]),
  ]);
  // Esc closes from anywhere in the widget (the panel or the launcher); focus returns to the bubble.
  // Hidden until widget.css has loaded, so the page never flashes a bare button (an attribute, not an inline
  // <style>: the Content-Security-Policy refuses inline styles).
  const root = h("div", { class: "root", hidden: true, onkeydown: onKey }, [panel, launcher]);
  css.addEventListener("load", () => { root.hidden = false; }, { once: true });
  return { nodes: [css, root], refs: { root, launcher, badge, panel, banner, log, input, count, sendButton, stopButton } };
}
