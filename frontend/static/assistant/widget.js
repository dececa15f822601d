// <totetaxi-assistant>: the floating chat widget on every customer page.
// One custom element with a shadow root (the page's CSS cannot break it, and ours cannot leak).
// Attributes: api-base (default /api/assistant), book-url (/book), max-chars (overrides the configured limit).
// Greeting, starters, the offline note, the message limit and the contact details come from agent_config/
// through GET <api-base>/widget/.

import { createApi, useContact } from "./api.js";
import { chatTurn } from "./chat-turn.js";
import { conversation } from "./conversation.js";
import { createModalGuard, tabStops, wrapTab } from "./focus.js";
import { composerStatus } from "./limits.js";
import { renderMarkdown } from "./markdown.js";
import { refreshTimes, stampTime } from "./reply-controls.js";
import { createSessionState } from "./storage.js";
import { buildShell } from "./shell.js";
import { h, messageRow, setAssistantText } from "./view.js";

// Shown only until (or if) the configured offer cannot be fetched.
const DEFAULT_OFFER = { greeting: "How can we help?", intro: "", starters: [], offline_note: "Quick-answer mode." };
const PHONE_LAYOUT = "(max-width: 480px)"; // widget.css: the full-screen panel

class TotetaxiAssistant extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.session = createSessionState();
    this.messages = []; // {role, text, tools: [{id, line}], view}
    this.busy = false;
    this.controller = null;
    this.lastUserMessage = null;
    this.unread = this.session.unread;
    this.offlineShown = false;
    this.renderScheduled = new Set();
    this.undo = null; // {snapshot, timer} for a few seconds after "New conversation"
  }

  connectedCallback() {
    if (this.root) return;
    this.api = createApi({ base: (this.getAttribute("api-base") || "/api/assistant").replace(/\/$/, "") });
    this.bookUrl = this.getAttribute("book-url") || "/book";
    this.maxChars = parseInt(this.getAttribute("max-chars") || "500", 10);
    this.offer = DEFAULT_OFFER;
    this.build();
    this.modal = createModalGuard(this);
    this.phone = window.matchMedia(PHONE_LAYOUT);
    this.phone.addEventListener("change", () => this.applyModality());
    // Like Intercom: on a desktop the panel sits beside the page, so it stays open from page to page. On a
    // phone it is a full-screen dialog; a customer who navigated wants the page they asked for, so it comes
    // back closed, with the conversation kept and the badge counting replies not yet read.
    if (this.session.open && !this.phone.matches) this.open({ focus: false });
    else this.session.open = false;
    this.updateBadge();
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
        this.input.dataset.max = String(this.maxChars);
      }
      this.renderEmptyState();
      if (this.offlineShown) this.banner.replaceChildren(renderMarkdown(this.offer.offline_note, document));
    } catch (error) {
      // Keep the default offer. When the assistant itself is unavailable (e.g. a broken agent_config/), say so
      // at once with the phone and email the server still knows, rather than after the customer has typed.
      if (error && error.code === "unavailable") this.showUnavailable(error);
    }
  }

  showUnavailable(error) {
    useContact(error.contact);
    this.banner.replaceChildren(renderMarkdown(error.message, document)); // phone and email become links
    this.banner.dataset.kind = "unavailable";
    this.banner.hidden = false;
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
    this.session.unread = this.unread;
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
    this.banner.replaceChildren(renderMarkdown(this.offer.offline_note, document)); // phone and email become links
    this.banner.hidden = false;
  }

}

Object.assign(TotetaxiAssistant.prototype, chatTurn, conversation);

if (!customElements.get("totetaxi-assistant")) customElements.define("totetaxi-assistant", TotetaxiAssistant);

export { TotetaxiAssistant };
