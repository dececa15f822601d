// <totetaxi-assistant>: the floating chat widget on every customer page.
// One custom element with a shadow root (the page's CSS cannot break it, and ours cannot leak).
// Attributes: api-base (default /api/assistant), book-url (/book), max-chars (500), greeting-name.

import { ChatApiError, createApi, withRecovery } from "./api.js";
import { createSessionState, savePrefill } from "./storage.js";
import { buildShell } from "./shell.js";
import { createModalGuard, tabStops, wrapTab } from "./focus.js";
import { composerStatus, tooLongMessage, WAIT_FOR_REPLY } from "./limits.js";
import { attachReplyControls, refreshTimes, stampTime } from "./reply-controls.js";
import { parseTime } from "./time.js";
import { h, icon, markToolResult, messageRow, notice, setAssistantText, toolLine, typingIndicator } from "./view.js";

const STARTERS = [
  { label: "Check my ZIP", message: "Do you pick up and deliver in my ZIP code?" },
  { label: "Get a price", message: "How much would a delivery cost?" },
  { label: "Where is my booking?", message: "Where is my booking?" },
];
const UNDO_SECONDS = 8;
const PHONE_LAYOUT = "(max-width: 480px)"; // widget.css: the full-screen panel
const OFFLINE_NOTE =
  "Quick-answer mode: I can check ZIP codes, prices, dates and your bookings. For anything else, call (631) 595-5100 or email info@totetaxi.com.";

class TotetaxiAssistant extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.session = createSessionState();
    this.messages = []; // {role, text, tools: [{id, line}], view}
    this.busy = false;
    this.controller = null;
    this.lastUserMessage = null;
    this.unread = 0;
    this.offlineShown = false;
    this.renderScheduled = new Set();
    this.undo = null; // {snapshot, timer} for a few seconds after "New conversation"
  }

  connectedCallback() {
    if (this.root) return;
    this.api = createApi({ base: (this.getAttribute("api-base") || "/api/assistant").replace(/\/$/, "") });
    this.bookUrl = this.getAttribute("book-url") || "/book";
    this.maxChars = parseInt(this.getAttribute("max-chars") || "500", 10);
    this.build();
    this.modal = createModalGuard(this);
    this.phone = window.matchMedia(PHONE_LAYOUT);
    this.phone.addEventListener("change", () => this.applyModality());
    if (this.session.open) this.open({ focus: false });
    this.restore();
  }

  disconnectedCallback() {
    this.modal.release();
    clearInterval(this.clock);
  }

  // ------------------------------------------------------------------ structure
  build() {
    const shell = buildShell({
      maxChars: this.maxChars,
      onToggle: () => this.toggle(),
      onClose: () => this.close(),
      onNew: () => this.newConversation(),
      onStop: () => this.stop(),
      onSend: () => this.send(this.input.value),
      onKey: (e) => this.onKey(e),
      onInputKey: (e) => this.onInputKey(e),
      onInput: () => this.onInput(),
    });
    Object.assign(this, shell.refs);
    this.shadowRoot.append(...shell.nodes);
    this.renderEmptyState();
  }

  renderEmptyState() {
    if (this.messages.length) return;
    const name = this.getAttribute("greeting-name");
    this.log.replaceChildren(
      h("div", { class: "welcome" }, [
        h("p", { class: "welcome-title", text: name ? `Hi ${name}! How can we help?` : "Hi there! How can we help?" }),
        h("p", { class: "welcome-text", text: "Ask about service areas, prices, pickup dates or your bookings." }),
        h("div", { class: "starters", role: "group", "aria-label": "Conversation starters" },
          STARTERS.map((s) => h("button", { class: "starter", type: "button", onclick: () => this.send(s.message) }, [s.label]))),
      ]),
    );
  }

  // ------------------------------------------------------------------ open / close
  toggle() {
    if (this.panel.hidden) this.open();
    else this.close();
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", "Close chat");
    this.root.classList.add("is-open");
    this.session.open = true;
    this.unread = 0;
    this.updateBadge();
    this.applyModality();
    refreshTimes(this.log);
    clearInterval(this.clock);
    this.clock = setInterval(() => refreshTimes(this.log), 30_000);
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  /** Phones: a modal dialog (page behind inert and still). Desktop: a non-modal panel beside the page. */
  applyModality() {
    const modal = !this.panel.hidden && this.phone.matches;
    this.panel.setAttribute("aria-modal", modal ? "true" : "false");
    if (modal) this.modal.engage();
    else this.modal.release();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", "Open chat with ToteTaxi");
    this.root.classList.remove("is-open");
    this.session.open = false;
    this.applyModality();
    clearInterval(this.clock);
    this.launcher.focus();
  }

  onKey(event) {
    if (this.panel.hidden) return;
    if (event.key === "Escape") {
      event.stopPropagation();
      this.close();
    } else if (event.key === "Tab") {
      // Tab stays with the open chat (its controls and the bubble that closes it), on phones and desktops.
      wrapTab(event, tabStops(this.panel, this.launcher), this.shadowRoot.activeElement);
    }
  }

  updateBadge() {
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = this.unread ? String(this.unread) : "";
    this.launcher.setAttribute("aria-label", this.panel.hidden
      ? (this.unread ? `Open chat with ToteTaxi (${this.unread} new ${this.unread === 1 ? "reply" : "replies"})` : "Open chat with ToteTaxi")
      : "Close chat");
  }

  // ------------------------------------------------------------------ composer
  onInputKey(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send(this.input.value);
    }
  }

  onInput() {
    // Grow with the text up to ~5 lines; an empty box goes back to its CSS height.
    this.input.style.height = "auto";
    if (this.input.value) this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
    const status = composerStatus(this.input.value.trim().length, this.maxChars);
    this.count.textContent = status.text;
    this.count.dataset.state = status.state;
    this.input.setAttribute("aria-invalid", status.state === "over" ? "true" : "false");
    if (status.state !== "over" && this.note.dataset.kind === "too-long") this.say("");
  }

  /** A word under the composer about why Send did nothing ("" clears it). */
  say(text, kind = "") {
    this.note.textContent = text;
    this.note.dataset.kind = kind;
    this.note.hidden = !text;
  }

  announce(text) {
    this.status.textContent = "";
    requestAnimationFrame(() => (this.status.textContent = text));
  }

  setBusy(busy) {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.hidden = busy;
    this.log.setAttribute("aria-busy", busy ? "true" : "false");
  }

  // ------------------------------------------------------------------ messages
  addMessage(role, text = "", at = new Date()) {
    if (!this.messages.length) this.log.replaceChildren();
    const view = messageRow(role, text);
    const message = { role, text, tools: new Map(), view, messageId: null, rating: null };
    if (at) stampTime(view.meta.time, at);
    this.messages.push(message);
    this.log.appendChild(view.row);
    this.scrollToEnd();
    return message;
  }

  scheduleRender(message) {
    if (this.renderScheduled.has(message)) return;
    this.renderScheduled.add(message);
    requestAnimationFrame(() => {
      this.renderScheduled.delete(message);
      setAssistantText(message.view.body, message.text);
      this.scrollToEnd();
    });
  }

  scrollToEnd() {
    const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 120;
    if (nearBottom || this.busy) this.log.scrollTop = this.log.scrollHeight;
  }

  noteMode(mode) {
    if (!mode) return;
    this.session.mode = mode;
    if (mode === "offline") this.showOfflineNote();
  }

  showOfflineNote() {
    if (this.offlineShown) return;
    this.offlineShown = true;
    this.banner.textContent = OFFLINE_NOTE;
    this.banner.hidden = false;
  }

  handoffButton(data) {
    return h("button", { class: "handoff", type: "button", onclick: () => {
      savePrefill(data.prefill_data || {});
      // Land on the wizard with the form in view; the conversation is still there via the bubble.
      this.session.open = false;
      window.location.assign(this.bookUrl);
    } }, ["Start Booking →"]);
  }

  applyTool(message, tool) {
    const line = toolLine(tool.label);
    message.view.tools.appendChild(line);
    if (tool.ok !== undefined && tool.ok !== null) this.applyToolResult(message, line, tool);
    return line;
  }

  applyToolResult(message, line, result) {
    markToolResult(line, result);
    const data = result.data || {};
    if (result.ok && data.action === "open_booking_wizard") message.view.actions.appendChild(this.handoffButton(data));
  }

  // ------------------------------------------------------------------ a chat turn
  async send(raw, { retry = false } = {}) {
    const text = String(raw || "").trim();
    if (this.busy) {
      this.say(WAIT_FOR_REPLY, "busy");
      return;
    }
    if (!text) return;
    if (text.length > this.maxChars) {
      this.say(tooLongMessage(text.length, this.maxChars), "too-long");
      this.input.focus();
      return;
    }
    this.say("");
    this.forgetUndo();
    let asked = null;
    if (!retry) {
      asked = this.addMessage("user", text);
      this.input.value = "";
      this.onInput();
    }
    this.lastUserMessage = text;
    const reply = this.addMessage("assistant");
    const typing = typingIndicator();
    reply.view.row.appendChild(typing);
    reply.view.row.classList.add("is-pending");
    const stopTyping = () => {
      typing.remove();
      reply.view.row.classList.remove("is-pending");
    };
    this.controller = new AbortController();
    this.setBusy(true);
    try {
      const turn = () => this.api.streamChat({
        message: text,
        threadId: this.session.threadId,
        signal: this.controller.signal,
        onEvent: (name, data) => this.onStreamEvent(reply, name, data, stopTyping),
      });
      const terminal = await withRecovery(turn, {
        signal: this.controller.signal,
        hasThread: () => Boolean(this.session.threadId),
        forgetThread: () => (this.session.threadId = null),
      });
      // Something new to read arrived while the panel was closed (a reply, or an error to act on).
      if (terminal && this.panel.hidden) {
        this.unread += 1;
        this.updateBadge();
      }
    } catch (error) {
      stopTyping();
      if (error && error.name === "AbortError") {
        reply.interrupted = true;
        reply.view.row.classList.add("is-interrupted");
        if (!reply.text) reply.view.body.textContent = "";
        reply.view.actions.appendChild(h("p", { class: "meta", text: "You stopped this reply." }));
        this.finishReply(reply);
      } else {
        const failure = error instanceof ChatApiError ? error : new ChatApiError(String(error && error.message || error), { retryable: true });
        if ((failure.status === 400 || failure.status === 429) && asked) {
          // Refused before anything was answered: take the message back off the log and give the text back.
          this.removeMessage(asked);
          this.removeMessage(reply);
          this.renderEmptyState();
          if (!this.input.value) {
            this.input.value = text;
            this.onInput();
          }
        }
        this.showError(reply, failure);
      }
    } finally {
      stopTyping();
      this.controller = null;
      if (this.note.dataset.kind === "busy") this.say("");
      this.setBusy(false);
      this.scrollToEnd();
      if (!this.panel.hidden) this.input.focus();
    }
  }

  onStreamEvent(reply, name, data, stopTyping) {
    if (name === "start") {
      if (data.thread_id) this.session.threadId = data.thread_id;
      this.noteMode(data.mode);
    } else if (name === "token") {
      stopTyping();
      reply.text += data.text || "";
      this.scheduleRender(reply);
    } else if (name === "tool_call") {
      reply.tools.set(data.id, this.applyTool(reply, { label: data.label }));
      this.scrollToEnd();
    } else if (name === "tool_result") {
      const line = reply.tools.get(data.id) || this.applyTool(reply, { label: data.name });
      this.applyToolResult(reply, line, data);
      this.scrollToEnd();
    } else if (name === "done") {
      stopTyping();
      if (data.thread_id) this.session.threadId = data.thread_id;
      this.noteMode(data.mode); // "offline" here after an "llm" start = the fallback answered
      setAssistantText(reply.view.body, reply.text);
      reply.messageId = data.message_id || null;
      this.finishReply(reply);
    } else if (name === "error") {
      stopTyping();
      this.showError(reply, new ChatApiError(data.message || "Something went wrong.", { code: data.code, retryable: Boolean(data.retryable) }));
    }
  }

  showError(reply, error) {
    const actions = [];
    if (error.retryable && this.lastUserMessage) {
      actions.push(h("button", { class: "retry", type: "button", onclick: (event) => {
        event.currentTarget.closest(".notice").remove();
        if (!reply.text) this.removeMessage(reply);
        this.send(this.lastUserMessage, { retry: true });
      } }, [icon("refresh"), h("span", { text: "Retry" })]));
    }
    if (!reply.text && !reply.tools.size) reply.view.row.hidden = true;
    const kind = error.status === 429 ? "rate" : "error";
    this.log.appendChild(notice(kind === "rate" ? "error notice-rate" : "error", error.message, actions));
    this.scrollToEnd();
  }

  removeMessage(message) {
    message.view.row.remove();
    this.messages = this.messages.filter((m) => m !== message);
  }

  stop() {
    if (this.controller) this.controller.abort();
  }

  /** A reply that will not change any more: its time, Copy, and (with a message id) the thumbs. */
  finishReply(reply) {
    stampTime(reply.view.meta.time, new Date());
    attachReplyControls(reply, {
      rate: (rating, comment) => this.api.sendFeedback({ threadId: this.session.threadId, messageId: reply.messageId, rating, comment }),
      announce: (text) => this.announce(text),
    });
  }

  /** Clear the chat at once, with Undo for a few seconds (sending a new message makes it final). */
  newConversation() {
    if (!this.messages.length) {
      this.input.focus();
      return;
    }
    this.stop();
    this.forgetUndo();
    const snapshot = {
      nodes: [...this.log.childNodes],
      messages: this.messages,
      threadId: this.session.threadId,
      mode: this.session.mode,
      offlineShown: this.offlineShown,
      banner: this.banner.hidden,
      lastUserMessage: this.lastUserMessage,
    };
    this.session.threadId = null;
    this.session.mode = null;
    this.messages = [];
    this.lastUserMessage = null;
    this.offlineShown = false;
    this.banner.hidden = true;
    this.renderEmptyState();
    const undoButton = h("button", { class: "undo-btn", type: "button", onclick: () => this.undoNewConversation() }, ["Undo"]);
    this.undoBar.replaceChildren(h("span", { text: "Started a new conversation." }), undoButton);
    this.undoBar.hidden = false;
    this.undo = { snapshot, timer: setTimeout(() => this.forgetUndo(), UNDO_SECONDS * 1000) };
    this.input.focus();
  }

  undoNewConversation() {
    if (!this.undo) return;
    const { snapshot } = this.undo;
    this.forgetUndo();
    this.messages = snapshot.messages;
    this.session.threadId = snapshot.threadId;
    this.session.mode = snapshot.mode;
    this.offlineShown = snapshot.offlineShown;
    this.banner.hidden = snapshot.banner;
    this.lastUserMessage = snapshot.lastUserMessage;
    this.log.replaceChildren(...snapshot.nodes);
    refreshTimes(this.log);
    this.log.scrollTop = this.log.scrollHeight;
    this.announce("Conversation restored.");
    this.input.focus();
  }

  forgetUndo() {
    if (!this.undo) return;
    clearTimeout(this.undo.timer);
    this.undo = null;
    this.undoBar.hidden = true;
    this.undoBar.replaceChildren();
  }

  // ------------------------------------------------------------------ restore after navigation
  async restore() {
    const threadId = this.session.threadId;
    if (!threadId) return;
    let thread;
    try {
      thread = await this.api.fetchThread(threadId);
    } catch {
      return; // keep the thread id: a later turn continues it even if the transcript failed to load
    }
    if (!thread) {
      this.session.threadId = null;
      this.session.mode = null;
      return;
    }
    if (this.messages.length) return; // the customer already started typing a new turn
    if (this.session.mode === "offline") this.showOfflineNote();
    for (const item of thread.messages || []) {
      const message = this.addMessage(item.role === "user" ? "user" : "assistant", item.text || "", parseTime(item.at));
      if (message.role === "assistant") {
        for (const tool of item.tools || []) this.applyTool(message, tool);
        if (item.interrupted) message.view.actions.appendChild(h("p", { class: "meta", text: "This reply was interrupted." }));
        message.messageId = item.message_id || null;
        message.rating = item.rating || null;
        attachReplyControls(message, {
          rate: (rating, comment) => this.api.sendFeedback({ threadId, messageId: message.messageId, rating, comment }),
          announce: (text) => this.announce(text),
        });
      }
    }
    this.log.scrollTop = this.log.scrollHeight;
  }
}

if (!customElements.get("totetaxi-assistant")) customElements.define("totetaxi-assistant", TotetaxiAssistant);

export { TotetaxiAssistant };
