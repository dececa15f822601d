// DOM builders for the widget. Every piece of server text goes in through textContent or the safe
// Markdown renderer; attribute values are set with setAttribute. No innerHTML anywhere.

import { renderMarkdown } from "./markdown.js";

/** h("button", {class: "x", "aria-label": "Close", onclick}, [child, "text"]) */
export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Small inline icons built from path data we own (never from server text). */
export function icon(name) {
  const paths = {
    chat: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z",
    close: "M6 6l12 12M18 6L6 18",
    send: "M4 12l15-7-5 15-2.5-6.5z",
    stop: "M7 7h10v10H7z",
    refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
    plus: "M12 5v14M5 12h14",
    copy: "M9 9h10v11H9zM5 15V4h10",
    check: "M5 12.5l4.5 4.5L19 7.5",
    thumb: "M7 11v9H4v-9zM7 11l3.6-7.2c1.6 0 2.7 1.3 2.4 2.9L12.4 10h5.4a2 2 0 0 1 2 2.4l-1.3 6A2 2 0 0 1 16.5 20H7",
  };
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `icon icon-${name}`);
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", paths[name]);
  svg.appendChild(path);
  return svg;
}

export function typingIndicator() {
  return h("div", { class: "typing", role: "status", "aria-label": "Assistant is typing" }, [
    h("span", { class: "dot" }),
    h("span", { class: "dot" }),
    h("span", { class: "dot" }),
  ]);
}

/** A chat row. The assistant's body is filled by setAssistantText; the user's is plain text. */
export function messageRow(role, text = "") {
  const body = h("div", { class: "bubble-text" });
  if (role === "user") body.textContent = text;
  const label = h("span", { class: "sr-only", text: role === "user" ? "You said:" : "ToteTaxi Assistant:" });
  // Tool activity reads above the reply it led to; actions (Start Booking) and notes go below it.
  const tools = h("div", { class: "tools" });
  const actions = h("div", { class: "actions" });
  const meta = messageMeta(role);
  const row = h("div", { class: `msg msg-${role}`, "data-role": role }, [
    tools,
    h("div", { class: "bubble" }, [label, body]),
    actions,
    meta.row,
  ]);
  if (role === "assistant" && text) setAssistantText(body, text);
  return { row, body, tools, actions, meta };
}

export function setAssistantText(body, text) {
  body.replaceChildren(renderMarkdown(text, document));
}

/** An italic activity line from a tool_call's label; updated in place by markToolResult. */
export function toolLine(label) {
  const text = label || "Working on it…";
  return h("div", { class: "tool-line pending", "data-state": "pending", "data-label": text }, [
    h("span", { class: "tool-dot", "aria-hidden": "true" }),
    h("em", { class: "tool-label", text }),
  ]);
}

/**
 * One line either way. A failed tool says so in a few words ("Checking service area — didn't work");
 * the reply below explains why, so the error sentence is not repeated here (it stays on hover).
 */
export function markToolResult(line, { ok, data }) {
  const stopped = Boolean(data && data.stopped);
  const state = ok ? "ok" : stopped ? "stopped" : "failed";
  line.classList.remove("pending");
  line.classList.add(state);
  line.setAttribute("data-state", state);
  if (ok) return;
  const base = (line.getAttribute("data-label") || "").replace(/(…|\.\.\.)\s*$/, "");
  line.querySelector(".tool-label").textContent = `${base} — ${stopped ? "stopped" : "didn't work"}`;
  const error = data && data.error && typeof data.error.message === "string" ? data.error.message : null;
  if (error) line.setAttribute("title", error);
}

/** The line under a message: its time, and for a reply Copy and thumbs up/down (filled in by widget.js). */
export function messageMeta(role) {
  const time = h("time", { class: "msg-time" });
  const tools = h("span", { class: "meta-tools" });
  return { row: h("div", { class: `msg-meta msg-meta-${role}` }, [time, tools]), time, tools };
}

export function iconButton(name, label, onclick, extra = {}) {
  return h("button", { class: `icon-btn icon-btn-${name}`, type: "button", "aria-label": label, title: label, onclick, ...extra }, [icon(name)]);
}

/** The optional comment after a thumbs down. */
export function feedbackForm({ onSubmit, onSkip }) {
  const id = `tt-fb-${Math.random().toString(36).slice(2, 9)}`;
  const text = h("textarea", { id, class: "fb-text", rows: "2", maxlength: "1000", placeholder: "e.g. the price was wrong" });
  const form = h("form", { class: "fb-form", onsubmit: (event) => { event.preventDefault(); onSubmit(text.value); } }, [
    h("label", { for: id, class: "fb-label", text: "What was wrong? (optional)" }),
    text,
    h("div", { class: "fb-actions" }, [
      h("button", { class: "fb-send", type: "submit", text: "Send feedback" }),
      h("button", { class: "fb-skip", type: "button", text: "No thanks", onclick: onSkip }),
    ]),
  ]);
  return { form, text };
}

/** A notice; its text goes through the safe Markdown renderer so a phone or email in it is a link. */
export function notice(kind, text, actions = []) {
  const body = h("div", { class: "notice-text" });
  body.appendChild(renderMarkdown(text, document));
  return h("div", { class: `notice notice-${kind}`, role: kind.startsWith("error") ? "alert" : null }, [
    body,
    actions.length ? h("div", { class: "notice-actions" }, actions) : null,
  ]);
}
