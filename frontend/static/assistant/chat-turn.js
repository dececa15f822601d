// The chat turn of <totetaxi-assistant>: send a message, relay the stream into the reply, errors in
// words (with Retry when the server allows it), Stop, and the reply's finishing touches.
// Mixed into the element's prototype by widget.js; `this` is the element.

import { ChatApiError, withRecovery } from "./api.js";
import { savePrefill } from "./storage.js";
import { tooLongMessage, WAIT_FOR_REPLY } from "./limits.js";
import { attachReplyControls, stampTime } from "./reply-controls.js";
import { h, icon, markToolResult, notice, setAssistantText, toolLine, typingIndicator } from "./view.js";

export const chatTurn = {
  handoffButton(data) {
    return h("button", { class: "handoff", type: "button", onclick: () => {
      savePrefill(data.prefill_data || {});
      // Land on the wizard with the form in view; the conversation is still there via the bubble.
      this.session.open = false;
      window.location.assign(this.bookUrl);
    } }, ["Start Booking →"]);
  },

  applyTool(message, tool) {
    const line = toolLine(tool.label);
    message.view.tools.appendChild(line);
    if (tool.ok !== undefined && tool.ok !== null) this.applyToolResult(message, line, tool);
    return line;
  },

  applyToolResult(message, line, result) {
    markToolResult(line, result);
    const data = result.data || {};
    if (result.ok && data.action === "open_booking_wizard") message.view.actions.appendChild(this.handoffButton(data));
  },

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
        this.adoptStoppedReplyId(reply);
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
  },

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
  },

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
  },

  removeMessage(message) {
    message.view.row.remove();
    this.messages = this.messages.filter((m) => m !== message);
  },

  stop() {
    if (this.controller) this.controller.abort();
  },

  /**
   * A stopped reply gets no `done`, so no message_id: the server stores it as the stream unwinds, so read
   * the transcript a moment later and take the id of its last (interrupted) reply — then it can be rated.
   */
  async adoptStoppedReplyId(reply) {
    const threadId = this.session.threadId;
    for (const delay of [300, 1500]) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (!threadId || reply.messageId || !this.messages.includes(reply) || this.session.threadId !== threadId) return;
      let thread = null;
      try {
        thread = await this.api.fetchThread(threadId);
      } catch {
        continue;
      }
      const replies = ((thread && thread.messages) || []).filter((m) => m.role === "assistant");
      const last = replies[replies.length - 1];
      if (last && last.interrupted && last.message_id && reply === this.messages[this.messages.length - 1]) {
        reply.messageId = last.message_id;
        this.finishReply(reply);
        return;
      }
    }
  },

  /** A reply that will not change any more: its time, Copy, and (with a message id) the thumbs. */
  finishReply(reply) {
    stampTime(reply.view.meta.time, new Date());
    attachReplyControls(reply, {
      rate: (rating, comment) => this.api.sendFeedback({ threadId: this.session.threadId, messageId: reply.messageId, rating, comment }),
      announce: (text) => this.announce(text),
    });
  }
};
