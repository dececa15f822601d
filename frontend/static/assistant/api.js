// Talks to the assistant endpoints (docs/contracts.md): CSRF token, the SSE chat turn, thread
// transcripts. No DOM here, so it runs under `node --test` with an injected fetch.

import { createByteParser } from "./sse-parser.js";

/** An HTTP-level refusal (400/404/409/429/5xx) or a broken stream, in words a customer can read. */
export class ChatApiError extends Error {
  constructor(message, { status = 0, code = "network_error", field = null, retryAfter = null, retryable = false } = {}) {
    super(message);
    this.name = "ChatApiError";
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter; // seconds, for 429
    this.retryable = retryable;
  }
}

// The phone and email come from agent_config/ via GET /api/assistant/widget/ (useContact), never from here.
let FALLBACK_MESSAGE = "Sorry — I couldn't reach ToteTaxi just now. Please try again in a moment.";

/** Put the configured phone and email into the "couldn't reach us" message. */
export function useContact(contact) {
  if (!contact || !contact.phone) return;
  const email = contact.email ? ` / email ${contact.email}` : "";
  FALLBACK_MESSAGE = `Sorry — I couldn't reach ToteTaxi just now. Please try again, or call ${contact.phone}${email}.`;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date) or the JSON body's retry_after. */
export function parseRetryAfter(header, bodySeconds, now = Date.now()) {
  if (typeof bodySeconds === "number" && Number.isFinite(bodySeconds) && bodySeconds >= 0) return Math.ceil(bodySeconds);
  if (!header) return null;
  const trimmed = String(header).trim();
  if (/^\d+$/.test(trimmed)) return parseInt(trimmed, 10);
  const when = Date.parse(trimmed);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - now) / 1000));
}

/** "in 30 seconds" / "in 2 minutes" / "in about an hour" — for the 429 message. */
export function describeWait(seconds) {
  if (seconds == null) return "in a little while";
  if (seconds <= 1) return "in a moment";
  if (seconds < 60) return `in ${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "in about a minute" : `in about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours <= 1 ? "in about an hour" : `in about ${hours} hours`;
}

const WINDOW_WORDS = { 60: "a minute", 3600: "an hour", 86400: "a day" };

/** "an hour" / "a minute" / "every 30 minutes" for a rate-limit window in seconds. */
export function describeWindow(seconds) {
  if (WINDOW_WORDS[seconds]) return WINDOW_WORDS[seconds];
  if (seconds % 3600 === 0) return `every ${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `every ${seconds / 60} minutes`;
  return `every ${seconds} seconds`;
}

/** "9:42 PM" in the customer's own clock. */
export function clockTime(date, locale) {
  return date.toLocaleTimeString(locale, { hour: "numeric", minute: "2-digit" });
}

/**
 * What a 429 says: the limit, when the customer can write again (a clock time once it is minutes away),
 * and the phone from the server's contact details — "20 messages an hour — you can write again at 9:42 PM.
 * If it can't wait, call (631) 595-5100."
 */
export function rateLimitMessage({ limit = null, retryAfter = null, retryAt = null, contact = null }, { now = Date.now(), locale } = {}) {
  let when = describeWait(retryAfter);
  const at = retryAt ? Date.parse(retryAt) : retryAfter != null ? now + retryAfter * 1000 : NaN;
  if (!Number.isNaN(at) && at - now >= 90 * 1000) when = `at ${clockTime(new Date(at), locale)}`;
  const what = limit && limit.messages && limit.per_seconds
    ? `${limit.messages} message${limit.messages === 1 ? "" : "s"} ${describeWindow(limit.per_seconds)} — you can write again ${when}.`
    : `You're sending messages faster than I can answer — you can write again ${when}.`;
  const phone = contact && contact.phone;
  const email = contact && contact.email;
  const reach = phone && email ? ` If it can't wait, call ${phone} or email ${email}.` : phone ? ` If it can't wait, call ${phone}.` : "";
  return what + reach;
}

async function errorFromResponse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const detail = (body && body.error) || {};
  const status = response.status;
  if (status === 429) {
    const retryAfter = parseRetryAfter(response.headers.get("Retry-After"), body && body.retry_after);
    const info = { limit: body && body.limit, retryAfter, retryAt: body && body.retry_at, contact: body && body.contact };
    const error = new ChatApiError(rateLimitMessage(info), { status, code: detail.code || "rate_limited", retryAfter, retryable: false });
    error.contact = info.contact || null;
    return error;
  }
  if (status === 400) {
    return new ChatApiError(detail.message || "That message couldn't be sent. Please check it and try again.", {
      status,
      code: detail.code || "bad_request",
      field: detail.field || null,
    });
  }
  if (status === 403) {
    return new ChatApiError("Your session expired. Please reload the page and try again.", {
      status,
      code: detail.code || "forbidden",
      retryable: true,
    });
  }
  if (status === 404 || status === 409) {
    return new ChatApiError(detail.message || FALLBACK_MESSAGE, { status, code: detail.code || "conflict", retryable: status === 409 });
  }
  const error = new ChatApiError(detail.message || FALLBACK_MESSAGE, { status, code: detail.code || "server_error", retryable: true });
  // A 503 `unavailable` says why (`reason`: config_invalid, agent_unavailable, store_down) and whom to call.
  error.reason = (body && body.reason) || null;
  error.contact = (body && body.contact) || null;
  return error;
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run `turn()` (one streamChat call), recovering from two refusals a customer should never see:
 * 409 thread_busy — the previous reply's thread lock is released a moment after its `done`, so a fast
 * follow-up can race it: wait briefly and resend (nothing was started on the server);
 * 404 on a stored thread — the server no longer has it (expired, or a failed first turn was never
 * stored): forget it and carry on as a new conversation.
 */
export async function withRecovery(turn, { signal, hasThread, forgetThread, sleep = wait, busyRetries = 4 }) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await turn();
    } catch (error) {
      if (!(error instanceof ChatApiError)) throw error;
      if (error.status === 409 && attempt < busyRetries) {
        await sleep(250 * 2 ** attempt);
        if (signal && signal.aborted) throw new DOMException("Aborted", "AbortError");
        continue;
      }
      if (error.status === 404 && hasThread()) {
        forgetThread();
        continue;
      }
      throw error;
    }
  }
}

export function createApi({ base = "/api/assistant", fetchImpl = globalThis.fetch.bind(globalThis) } = {}) {
  let csrfToken = null;

  async function getCsrfToken(force = false) {
    if (csrfToken && !force) return csrfToken;
    const response = await fetchImpl(`${base}/csrf/`, { credentials: "include", headers: { Accept: "application/json" } });
    if (!response.ok) throw await errorFromResponse(response);
    csrfToken = (await response.json()).csrf_token;
    return csrfToken;
  }

  async function post(message, threadId, signal, retriedCsrf) {
    const token = await getCsrfToken(retriedCsrf);
    const response = await fetchImpl(`${base}/chat/`, {
      method: "POST",
      credentials: "include",
      signal,
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-CSRFToken": token },
      body: JSON.stringify({ message, thread_id: threadId || null }),
    });
    // A rotated CSRF cookie (e.g. after signing in) makes the cached token stale: refresh once.
    if (response.status === 403 && !retriedCsrf) return post(message, threadId, signal, true);
    return response;
  }

  /**
   * Send one chat turn and call onEvent(name, data) for every SSE event. Resolves with the name of
   * the terminal event ("done" | "error"); throws ChatApiError on HTTP refusals or a stream that
   * ends without a terminal event, and AbortError (DOMException) when `signal` aborts.
   */
  async function streamChat({ message, threadId, signal, onEvent }) {
    let response;
    try {
      response = await post(message, threadId, signal, false);
    } catch (error) {
      if (error && error.name === "AbortError") throw error;
      if (error instanceof ChatApiError) throw error;
      throw new ChatApiError(FALLBACK_MESSAGE, { code: "network_error", retryable: true });
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (!response.body) throw new ChatApiError(FALLBACK_MESSAGE, { code: "no_stream", retryable: true });

    let terminal = null;
    const parser = createByteParser({
      onEvent(event) {
        if (terminal) return;
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return; // a frame we cannot read is skipped rather than breaking the turn
        }
        const name = event.event || "message";
        if (name === "done" || name === "error") terminal = name;
        onEvent(name, data);
      },
    });
    const reader = response.body.getReader();
    try {
      // Read to the end even after `done`: the server finishes the turn's bookkeeping (history, the
      // thread lock) before closing, and hanging up early would cancel that work.
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      parser.end();
    } catch (error) {
      if (error && error.name === "AbortError") throw error;
      if (signal && signal.aborted) throw new DOMException("Aborted", "AbortError");
      if (!terminal) {
        throw new ChatApiError("The connection dropped before the answer finished.", { code: "stream_interrupted", retryable: true });
      }
    }
    if (!terminal) {
      throw new ChatApiError("The connection dropped before the answer finished.", { code: "stream_interrupted", retryable: true });
    }
    return terminal;
  }

  /** The stored transcript of a thread, or null when the server no longer has it (404/expired). */
  async function fetchThread(threadId) {
    const response = await fetchImpl(`${base}/threads/${encodeURIComponent(threadId)}/`, {
      credentials: "include",
      headers: { Accept: "application/json" },
    });
    if (response.status === 404 || response.status === 403) return null;
    if (!response.ok) throw await errorFromResponse(response);
    return response.json();
  }

  /** Thumbs up/down (and an optional comment) on one reply; resolves with the stored rating. */
  async function sendFeedback({ threadId, messageId, rating, comment = "" }) {
    const send = async (force) => {
      const token = await getCsrfToken(force);
      return fetchImpl(`${base}/threads/${encodeURIComponent(threadId)}/feedback/`, {
        method: "POST",
        credentials: "include",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ message_id: messageId, rating, comment }),
      });
    };
    let response;
    try {
      response = await send(false);
      if (response.status === 403) response = await send(true);
    } catch {
      throw new ChatApiError("Your rating couldn't be sent. Please try again.", { code: "network_error", retryable: true });
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response.json();
  }

  /** The widget's greeting, starters, message limit and contact details (agent_config/agent.yaml). */
  async function fetchWidgetOffer() {
    const response = await fetchImpl(`${base}/widget/`, { credentials: "include", headers: { Accept: "application/json" } });
    if (!response.ok) throw await errorFromResponse(response);
    return response.json();
  }

  return { getCsrfToken, streamChat, fetchThread, sendFeedback, fetchWidgetOffer };
}
