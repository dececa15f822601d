import assert from "node:assert/strict";
import { test } from "node:test";

import { PREFILL_KEY, PREFILL_TTL_MS, clearPrefill, createSessionState, readPrefill, savePrefill } from "../../frontend/static/assistant/storage.js";

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test("prefill is stored as {data, timestamp} under the wizard's key", () => {
  const storage = new MemoryStorage();
  savePrefill({ service_type: "mini_move", package_type: "petite" }, { storage, now: 1000 });
  assert.deepEqual(JSON.parse(storage.getItem(PREFILL_KEY)), { data: { service_type: "mini_move", package_type: "petite" }, timestamp: 1000 });
});

test("prefill is valid for five minutes, then removed", () => {
  const storage = new MemoryStorage();
  savePrefill({ service_type: "blade_transfer" }, { storage, now: 0 });
  assert.deepEqual(readPrefill({ storage, now: PREFILL_TTL_MS }), { service_type: "blade_transfer" });
  assert.equal(readPrefill({ storage, now: PREFILL_TTL_MS + 1 }), null);
  assert.equal(storage.getItem(PREFILL_KEY), null);
});

test("garbage or future-dated prefill is ignored and removed", () => {
  const storage = new MemoryStorage();
  storage.setItem(PREFILL_KEY, "{not json");
  assert.equal(readPrefill({ storage }), null);
  storage.setItem(PREFILL_KEY, JSON.stringify({ data: { a: 1 }, timestamp: 10_000 }));
  assert.equal(readPrefill({ storage, now: 0 }), null);
  storage.setItem(PREFILL_KEY, JSON.stringify({ data: "x", timestamp: 0 }));
  assert.equal(readPrefill({ storage, now: 0 }), null);
  savePrefill({ a: 1 }, { storage });
  clearPrefill(storage);
  assert.equal(storage.getItem(PREFILL_KEY), null);
});

test("session state keeps the thread id and open flag, and survives a throwing storage", () => {
  const storage = new MemoryStorage();
  const state = createSessionState(storage);
  assert.equal(state.threadId, null);
  state.threadId = "abc";
  state.open = true;
  state.mode = "offline";
  assert.equal(createSessionState(storage).mode, "offline");
  state.mode = null;
  assert.equal(createSessionState(storage).threadId, "abc");
  assert.equal(createSessionState(storage).open, true);
  state.threadId = null;
  state.open = false;
  assert.equal(storage.map.size, 0);
  const broken = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); }, removeItem() { throw new Error("denied"); } };
  const safe = createSessionState(broken);
  safe.threadId = "x";
  assert.equal(safe.threadId, null);
});

test("the unread count survives a page change, and garbage or zero reads as none", () => {
  const storage = new MemoryStorage();
  const state = createSessionState(storage);
  assert.equal(state.unread, 0);
  state.unread = 2;
  assert.equal(createSessionState(storage).unread, 2);
  storage.setItem("totetaxi-assistant-unread", "lots");
  assert.equal(createSessionState(storage).unread, 0);
  state.unread = 0;
  assert.equal(storage.map.size, 0);
});
