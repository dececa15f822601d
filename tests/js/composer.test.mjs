import assert from "node:assert/strict";
import { test } from "node:test";

import { wrapTab } from "../../frontend/static/assistant/focus.js";
import { composerStatus, tooLongMessage } from "../../frontend/static/assistant/limits.js";
import { parseTime, relativeTime } from "../../frontend/static/assistant/time.js";

test("the counter is quiet, then near, then warns, then says how far over", () => {
  assert.deepEqual(composerStatus(0, 500), { state: "ok", text: "" });
  assert.deepEqual(composerStatus(399, 500), { state: "ok", text: "" });
  assert.deepEqual(composerStatus(400, 500), { state: "near", text: "100 characters left" });
  assert.deepEqual(composerStatus(450, 500), { state: "warn", text: "50 characters left" });
  assert.deepEqual(composerStatus(500, 500), { state: "warn", text: "0 characters left" });
  assert.deepEqual(composerStatus(600, 500), { state: "over", text: "100 over the 500-character limit" });
  assert.equal(composerStatus(95, 100).state, "warn"); // a small limit still warns a few characters ahead
  assert.match(tooLongMessage(600, 500), /600 characters; the limit is 500/);
});

test("relative times, and the exact time parsed from the transcript", () => {
  const now = Date.UTC(2026, 11, 4, 21, 42);
  assert.equal(relativeTime(now - 10_000, now), "just now");
  assert.equal(relativeTime(now - 5 * 60_000, now), "5 min ago");
  assert.equal(relativeTime(now - 3 * 3600_000, now), "3 h ago");
  assert.equal(relativeTime(now + 5000, now), "just now"); // a clock slightly ahead is not "in the future"
  assert.match(relativeTime(now - 3 * 86400_000, now, "en-US"), /^Dec \d+$/);
  assert.equal(parseTime("2026-12-04T21:42:00Z").getTime(), now);
  assert.equal(parseTime(null), null);
  assert.equal(parseTime("not a time"), null);
});

test("Tab and Shift+Tab wrap at the ends of the chat's controls", () => {
  const focused = [];
  const stop = (name) => ({ name, focus: () => focused.push(name) });
  const [a, b, c] = [stop("a"), stop("b"), stop("c")];
  const key = (shiftKey) => ({ key: "Tab", shiftKey, prevented: false, preventDefault() { this.prevented = true; } });

  let event = key(false);
  assert.equal(wrapTab(event, [a, b, c], c), true);
  assert.deepEqual([event.prevented, focused.at(-1)], [true, "a"]);
  event = key(true);
  assert.equal(wrapTab(event, [a, b, c], a), true);
  assert.equal(focused.at(-1), "c");
  event = key(false);
  assert.equal(wrapTab(event, [a, b, c], a), false); // the middle: the browser moves focus as usual
  assert.equal(event.prevented, false);
  assert.equal(wrapTab(key(false), [a, b, c], { name: "page" }), true); // focus outside → the first control
  assert.equal(focused.at(-1), "a");
  assert.equal(wrapTab({ key: "Enter" }, [a, b, c], c), false);
});
