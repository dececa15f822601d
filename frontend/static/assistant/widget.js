// <totetaxi-assistant>: the floating chat widget on every customer page.
// One custom element with a shadow root (the page's CSS cannot break it, and ours cannot leak).
// Attributes: api-base (default /api/assistant), book-url (/book), max-chars (overrides the configured limit).
// Greeting, starters, the offline note, the message limit and the contact details come from agent_config/
// through GET <api-base>/widget/.

import { ChatApiError, createApi, useContact, withRecovery } from "./api.js";
import { createSessionState, savePrefill } from "./storage.js";
import { buildShell } from "./shell.js";
import { h, icon, markToolResult, messageRow, notice, setAssistantText, toolLine, typingIndicator } from "./view.js";

// Shown only until (or if) the configured offer cannot be fetched.
const DEFAULT_OFFER = { greeting: "How can we help?", intro: "", starters: [], offline_note: "Quick-answer mode." };

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
  }

  connectedCallback() {
    if (this.root) return;
    this.api = createApi({ base: (this.getAttribute("api-base") || "/api/assistant").replace(/\/$/, "") });
    this.bookUrl = this.getAttribute("book-url") || "/book";
    this.maxChars = parseInt(this.getAttribute("max-chars") || "500", 10);
    this.offer = DEFAULT_OFFER;
    this.build();
    if (this.session.open) this.open({ focus: false });
    this.offerLoaded = this.loadOffer();
    this.restore();
  }

  async loadOffer() {
    try {
      const offer = await this.api.fetchWidgetOffer();
      this.offer = { ...DEFAULT_OFFER, ...offer };
      useContact(offer.contact);
      if (!this.hasAttribute("max-chars") && offer.max_chars) {
        this.maxChars = offer.max_chars;
        this.input.setAttribute("maxlength", String(this.maxChars));
      }
      this.renderEmptyState();
      if (this.offlineShown) this.banner.textContent = this.offer.offline_note;
    } catch {
      // Keep the default offer: the chat itself still works.
    }
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
    const offer = this.offer;
    this.log.replaceChildren(
      h("div", { class: "welcome" }, [
        h("p", { class: "welcome-title", text: offer.greeting }),
        h("p", { class: "welcome-text", text: offer.intro }),
        h("div", { class: "starters", role: "group", "aria-label": "Conversation starters" },
          offer.starters.map((s) => h("button", { class: "starter", type: "button", onclick: () => this.send(s.message) }, [s.label]))),
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
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", "Open chat with ToteTaxi");
    this.root.classList.remove("is-open");
    this.session.open = false;
    this.launcher.focus();
  }

  onKey(event) {
    if (event.key === "Escape" && !this.panel.hidden) {
      event.stopPropagation();
      this.close();
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
    const left = this.maxChars - this.input.value.length;
    this.count.textContent = left <= 80 ? `${left} characters left` : "";
  }

  setBusy(busy) {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.hidden = busy;
    this.log.setAttribute("aria-busy", busy ? "true" : "false");
  }

  // ------------------------------------------------------------------ messages
  addMessage(role, text = "") {
    if (!this.messages.length) this.log.replaceChildren();
    const view = messageRow(role, text);
    const message = { role, text, tools: new Map(), view };
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
    this.banner.textContent = this.offer.offline_note;
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
    if (!text || this.busy) return;
    if (text.length > this.maxChars) {
      this.log.appendChild(notice("error", `Please keep messages under ${this.maxChars} characters (yours has ${text.length}).`));
      this.scrollToEnd();
      return;
    }
    if (!retry) {
      this.addMessage("user", text);
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
      } else {
        this.showError(reply, error instanceof ChatApiError ? error : new ChatApiError(String(error && error.message || error), { retryable: true }));
      }
    } finally {
      stopTyping();
      this.controller = null;
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
    if (error.status === 400) {
      // Nothing was answered: give the customer their text back to fix.
      const userMessage = this.messages[this.messages.length - 2];
      if (userMessage && userMessage.role === "user" && !this.input.value) this.input.value = userMessage.text;
    }
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

  newConversation() {
    this.stop();
    this.session.threadId = null;
    this.session.mode = null;
    this.messages = [];
    this.lastUserMessage = null;
    this.offlineShown = false;
    this.banner.hidden = true;
    this.renderEmptyState();
    this.input.focus();
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
      const message = this.addMessage(item.role === "user" ? "user" : "assistant", item.text || "");
      if (message.role === "assistant") {
        for (const tool of item.tools || []) this.applyTool(message, tool);
        if (item.interrupted) message.view.actions.appendChild(h("p", { class: "meta", text: "This reply was interrupted." }));
      }
    }
    this.log.scrollTop = this.log.scrollHeight;
  }
}

if (!customElements.get("totetaxi-assistant")) customElements.define("totetaxi-assistant", TotetaxiAssistant);

export { TotetaxiAssistant };
