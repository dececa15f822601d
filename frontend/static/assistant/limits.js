// What the composer says about message length, before the limit bites and when it does.

/**
 * {state, text} for a message of `length` characters under a `max`:
 * "ok" (nothing to say), "near" (within 20%), "warn" (within 10%), "over" (Send will refuse).
 */
export function composerStatus(length, max) {
  const left = max - length;
  if (left < 0) return { state: "over", text: `${-left} over the ${max}-character limit` };
  if (left <= Math.max(10, Math.round(max * 0.1))) return { state: "warn", text: `${left} characters left` };
  if (left <= Math.round(max * 0.2)) return { state: "near", text: `${left} characters left` };
  return { state: "ok", text: "" };
}

/** What Send says when it refuses a message that is too long. */
export function tooLongMessage(length, max) {
  return `Your message is ${length} characters; the limit is ${max}. Please shorten it and press Send again.`;
}

export const WAIT_FOR_REPLY = "Wait for the reply or press Stop.";
