// What the widget remembers between pages: the thread id, whether the panel was open and how many
// replies are unread (sessionStorage: this tab only), and the booking prefill handed to /book (localStorage, read by
// the wizard within PREFILL_TTL_MS — domain.md §7).

export const THREAD_KEY = "totetaxi-assistant-thread";
export const OPEN_KEY = "totetaxi-assistant-open";
export const MODE_KEY = "totetaxi-assistant-mode";
export const UNREAD_KEY = "totetaxi-assistant-unread";
export const PREFILL_KEY = "totetaxi-chat-prefill";
export const PREFILL_TTL_MS = 5 * 60 * 1000;

// Storage can throw (Safari private mode, disabled cookies): the chat must still work, just
// without surviving a reload.
function safeGet(storage, key) {
  try {
    return storage ? storage.getItem(key) : null;
  } catch {
    return null;
  }
}

function safeSet(storage, key, value) {
  try {
    if (!storage) return;
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    /* ignored: see above */
  }
}

export function createSessionState(storage = globalThis.sessionStorage) {
  return {
    get threadId() {
      return safeGet(storage, THREAD_KEY);
    },
    set threadId(value) {
      safeSet(storage, THREAD_KEY, value || null);
    },
    /** "llm" | "offline": the last turn's mode, so the offline note survives navigation. */
    get mode() {
      return safeGet(storage, MODE_KEY);
    },
    set mode(value) {
      safeSet(storage, MODE_KEY, value || null);
    },
    get open() {
      return safeGet(storage, OPEN_KEY) === "1";
    },
    set open(value) {
      safeSet(storage, OPEN_KEY, value ? "1" : null);
    },
    /** Replies that arrived while the panel was closed: the launcher's badge, kept across pages. */
    get unread() {
      const count = parseInt(safeGet(storage, UNREAD_KEY) || "0", 10);
      return Number.isFinite(count) && count > 0 ? count : 0;
    },
    set unread(value) {
      safeSet(storage, UNREAD_KEY, value > 0 ? String(value) : null);
    },
  };
}

/** Store a handoff's prefill_data for the booking wizard: {data, timestamp}. */
export function savePrefill(prefillData, { storage = globalThis.localStorage, now = Date.now() } = {}) {
  safeSet(storage, PREFILL_KEY, JSON.stringify({ data: prefillData, timestamp: now }));
}

/** The prefill if present and younger than 5 minutes, else null (a stale one is removed). */
export function readPrefill({ storage = globalThis.localStorage, now = Date.now() } = {}) {
  const raw = safeGet(storage, PREFILL_KEY);
  if (!raw) return null;
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    safeSet(storage, PREFILL_KEY, null);
    return null;
  }
  const fresh =
    parsed &&
    typeof parsed === "object" &&
    typeof parsed.timestamp === "number" &&
    now - parsed.timestamp >= 0 &&
    now - parsed.timestamp <= PREFILL_TTL_MS &&
    parsed.data &&
    typeof parsed.data === "object";
  if (!fresh) {
    safeSet(storage, PREFILL_KEY, null);
    return null;
  }
  return parsed.data;
}

export function clearPrefill(storage = globalThis.localStorage) {
  safeSet(storage, PREFILL_KEY, null);
}
