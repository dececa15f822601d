// Starting over (with Undo for a few seconds) and restoring the conversation after navigation.
// Mixed into the element's prototype by widget.js; `this` is the element.

import { attachReplyControls, refreshTimes } from "./reply-controls.js";
import { parseTime } from "./time.js";
import { h } from "./view.js";

const UNDO_SECONDS = 8;

export const conversation = {
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
  },

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
  },

  forgetUndo() {
    if (!this.undo) return;
    clearTimeout(this.undo.timer);
    this.undo = null;
    this.undoBar.hidden = true;
    this.undoBar.replaceChildren();
  },

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
  },
};
