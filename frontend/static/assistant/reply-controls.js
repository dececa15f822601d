// The line under each message: its time (relative, exact on hover), and under a reply Copy and
// thumbs up/down, with an optional comment after a thumbs down. Ratings go to the server against the
// reply's message_id (docs/contracts.md, POST /api/assistant/threads/<id>/feedback/).

import { feedbackForm, h, icon, iconButton } from "./view.js";
import { exactTime, relativeTime } from "./time.js";

/** Show `date` on a message's <time> element. */
export function stampTime(timeEl, date) {
  timeEl.setAttribute("datetime", date.toISOString());
  timeEl.setAttribute("title", exactTime(date));
  timeEl.dataset.at = String(date.getTime());
  timeEl.textContent = relativeTime(date);
}

/** Re-word every stamped time under `root` (called every 30 s while the chat is open). */
export function refreshTimes(root, now = Date.now()) {
  for (const el of root.querySelectorAll("time.msg-time[data-at]")) el.textContent = relativeTime(Number(el.dataset.at), now);
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http pages have no async clipboard: a hidden textarea and the legacy copy command.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "sr-only";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

function copyButton(message, announce) {
  let reset = null;
  const button = iconButton("copy", "Copy reply", async () => {
    try {
      await copyText(message.view.body.innerText.trim() || message.text);
    } catch {
      announce("Couldn't copy. Select the text to copy it.");
      return;
    }
    button.replaceChildren(icon("check"));
    button.setAttribute("aria-label", "Copied");
    button.setAttribute("title", "Copied");
    button.classList.add("is-done");
    announce("Reply copied.");
    clearTimeout(reset);
    reset = setTimeout(() => {
      button.replaceChildren(icon("copy"));
      button.setAttribute("aria-label", "Copy reply");
      button.setAttribute("title", "Copy reply");
      button.classList.remove("is-done");
    }, 2000);
  });
  return button;
}

/**
 * Copy + thumbs on a finished reply. `rate(rating, comment)` sends to the server and resolves with its
 * answer; `message.messageId` must be known (from `done` or the transcript) for the thumbs to appear.
 */
export function attachReplyControls(message, { rate, announce }) {
  const tools = message.view.meta.tools;
  tools.replaceChildren(copyButton(message, announce));
  if (!message.messageId) return;
  const up = iconButton("thumb", "Helpful", () => choose("up"), { "aria-pressed": "false" });
  const down = iconButton("thumb", "Not helpful", () => choose("down"), { "aria-pressed": "false" });
  down.classList.add("is-down");
  tools.append(up, down);
  let form = null;

  const show = (rating) => {
    up.setAttribute("aria-pressed", String(rating === "up"));
    down.setAttribute("aria-pressed", String(rating === "down"));
  };
  const note = (text) => {
    const old = message.view.row.querySelector(".fb-note");
    if (old) old.remove();
    if (text) message.view.row.appendChild(h("p", { class: "fb-note", text }));
  };
  const closeForm = () => {
    if (form) form.form.remove();
    form = null;
  };

  async function send(rating, comment = "") {
    try {
      await rate(rating, comment);
      return true;
    } catch (error) {
      note(error && error.message ? error.message : "Your rating couldn't be sent. Please try again.");
      return false;
    }
  }

  async function choose(rating) {
    const previous = message.rating || null;
    message.rating = rating;
    show(rating);
    note("");
    closeForm();
    if (!(await send(rating))) {
      message.rating = previous;
      show(previous);
      return;
    }
    if (rating === "up") {
      announce("Thanks for your feedback.");
      return;
    }
    form = feedbackForm({
      onSubmit: async (comment) => {
        const text = comment.trim();
        if (text && !(await send("down", text))) return;
        closeForm();
        note("Thanks — this helps us fix it.");
        down.focus();
      },
      onSkip: () => {
        closeForm();
        note("Thanks for letting us know.");
        down.focus();
      },
    });
    message.view.row.appendChild(form.form);
    form.text.focus();
  }

  show(message.rating || null);
}
