import assert from "node:assert/strict";
import { test } from "node:test";

import { ChatApiError, createApi, describeWait, parseRetryAfter, rateLimitMessage, withRecovery } from "../../frontend/static/assistant/api.js";

const enc = new TextEncoder();

/** A Response whose body arrives in the given byte chunks, optionally pausing between them. */
function streamResponse(chunks, { status = 200, headers = {}, delayMs = 0 } = {}) {
  const body = new ReadableStream({
    async pull(controller) {
      if (!chunks.length) return controller.close();
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      controller.enqueue(typeof chunks[0] === "string" ? enc.encode(chunks.shift()) : chunks.shift());
    },
  });
  return new Response(body, { status, headers: { "Content-Type": "text/event-stream", ...headers } });
}

function fakeFetch(handler) {
  const calls = [];
  const impl = async (url, init = {}) => {
    calls.push({ url, init });
    if (url.endsWith("/csrf/")) return Response.json({ csrf_token: `tok${calls.filter((c) => c.url.endsWith("/csrf/")).length}` });
    return handler(url, init, calls);
  };
  return { impl, calls };
}

test("streams events in order with CSRF header, credentials and JSON body", async () => {
  const frame = (name, data) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const all = ": connected\n\n" + frame("start", { thread_id: "t-1", mode: "llm" }) + frame("token", { text: "Hi " }) + frame("token", { text: "Alice ✔" }) + frame("done", { thread_id: "t-1" });
  const bytes = enc.encode(all);
  const chunks = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.slice(i, i + 7));
  const { impl, calls } = fakeFetch(() => streamResponse(chunks));
  const api = createApi({ base: "/api/assistant", fetchImpl: impl });
  const events = [];
  const terminal = await api.streamChat({ message: "hello", threadId: "t-0", onEvent: (n, d) => events.push([n, d]) });
  assert.equal(terminal, "done");
  assert.deepEqual(events.map(([n]) => n), ["start", "token", "token", "done"]);
  assert.equal(events.slice(1, 3).map(([, d]) => d.text).join(""), "Hi Alice ✔");
  const post = calls.find((c) => c.url === "/api/assistant/chat/");
  assert.equal(post.init.method, "POST");
  assert.equal(post.init.credentials, "include");
  assert.equal(post.init.headers["X-CSRFToken"], "tok1");
  assert.deepEqual(JSON.parse(post.init.body), { message: "hello", thread_id: "t-0" });
});

test("an error event is terminal and passed through", async () => {
  const { impl } = fakeFetch(() => streamResponse(['event: error\ndata: {"code":"model_error","message":"Try again","retryable":true}\n\n']));
  const api = createApi({ fetchImpl: impl });
  const events = [];
  assert.equal(await api.streamChat({ message: "x", onEvent: (n, d) => events.push([n, d]) }), "error");
  assert.deepEqual(events, [["error", { code: "model_error", message: "Try again", retryable: true }]]);
});

test("429 becomes a readable error with the wait from Retry-After", async () => {
  const { impl } = fakeFetch(() => new Response(JSON.stringify({ error: { code: "rate_limited", message: "Slow down", field: null } }), { status: 429, headers: { "Retry-After": "42" } }));
  const api = createApi({ fetchImpl: impl });
  await assert.rejects(api.streamChat({ message: "x", onEvent() {} }), (error) => {
    assert.ok(error instanceof ChatApiError);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfter, 42);
    assert.match(error.message, /write again in 42 seconds/);
    return true;
  });
});

test("429 prefers the body's retry_after", async () => {
  const { impl } = fakeFetch(() => Response.json({ error: { code: "rate_limited", message: "m" }, retry_after: 75 }, { status: 429, headers: { "Retry-After": "5" } }));
  await assert.rejects(createApi({ fetchImpl: impl }).streamChat({ message: "x", onEvent() {} }), /in about 2 minutes/);
});

test("429 says the limit, the clock time to write again and the phone from the server", async () => {
  const retryAt = new Date(2026, 11, 4, 21, 42); // 9:42 PM on this machine's clock
  const now = retryAt.getTime() - 31 * 60 * 1000;
  const info = { limit: { messages: 20, per_seconds: 3600 }, retryAfter: 31 * 60, retryAt: retryAt.toISOString(), contact: { phone: "(555) 010-0000", email: "help@example.com" } };
  assert.equal(
    rateLimitMessage(info, { now, locale: "en-US" }),
    "20 messages an hour — you can write again at 9:42 PM. If it can't wait, call (555) 010-0000 or email help@example.com.",
  );
  assert.equal(rateLimitMessage({ ...info, retryAfter: 30, retryAt: null, contact: null }, { now }), "20 messages an hour — you can write again in 30 seconds.");
  assert.equal(rateLimitMessage({ limit: { messages: 5, per_seconds: 1800 }, retryAfter: 10 }), "5 messages every 30 minutes — you can write again in 10 seconds.");

  const soon = new Date(Date.now() + 31 * 60 * 1000).toISOString(); // relative to the real clock the client reads
  const { impl } = fakeFetch(() => Response.json({ error: { code: "rate_limited", message: "m" }, retry_after: 31 * 60, retry_at: soon, limit: info.limit, contact: info.contact }, { status: 429 }));
  await assert.rejects(createApi({ fetchImpl: impl }).streamChat({ message: "x", onEvent() {} }), (error) => {
    assert.match(error.message, /^20 messages an hour — you can write again at .*\(555\) 010-0000/);
    assert.deepEqual(error.contact, info.contact);
    return true;
  });
});

test("sendFeedback posts the rating with the CSRF token and surfaces JSON errors", async () => {
  const { impl, calls } = fakeFetch((url, init) => {
    if (url.endsWith("/csrf/")) return Response.json({ csrf_token: "tok" });
    if (JSON.parse(init.body).message_id === "gone") return Response.json({ error: { code: "message_not_found", message: "This reply was not found.", field: "message_id" } }, { status: 404 });
    return Response.json({ message_id: "m1", rating: "down", comment: "wrong" });
  });
  const api = createApi({ fetchImpl: impl });
  assert.deepEqual(await api.sendFeedback({ threadId: "t 1", messageId: "m1", rating: "down", comment: "wrong" }), { message_id: "m1", rating: "down", comment: "wrong" });
  const post = calls.find((c) => c.url.includes("/feedback/"));
  assert.equal(post.url, "/api/assistant/threads/t%201/feedback/");
  assert.equal(post.init.headers["X-CSRFToken"], "tok1");
  assert.deepEqual(JSON.parse(post.init.body), { message_id: "m1", rating: "down", comment: "wrong" });
  await assert.rejects(api.sendFeedback({ threadId: "t", messageId: "gone", rating: "up" }), (error) => error.status === 404);
});

test("400 shows the server's explanation and is not retryable", async () => {
  const { impl } = fakeFetch(() => Response.json({ error: { code: "message_too_long", message: "Messages can be at most 500 characters.", field: "message" } }, { status: 400 }));
  await assert.rejects(createApi({ fetchImpl: impl }).streamChat({ message: "x", onEvent() {} }), (error) => {
    assert.equal(error.message, "Messages can be at most 500 characters.");
    assert.equal(error.field, "message");
    assert.equal(error.retryable, false);
    return true;
  });
});

test("a stale CSRF token is refreshed once on 403", async () => {
  let posts = 0;
  const { impl, calls } = fakeFetch(() => (++posts === 1 ? new Response("forbidden", { status: 403 }) : streamResponse(['event: done\ndata: {}\n\n'])));
  const api = createApi({ fetchImpl: impl });
  assert.equal(await api.streamChat({ message: "x", onEvent() {} }), "done");
  const tokens = calls.filter((c) => c.url.endsWith("/chat/")).map((c) => c.init.headers["X-CSRFToken"]);
  assert.deepEqual(tokens, ["tok1", "tok2"]);
});

test("a stream that ends without done/error is a retryable interruption", async () => {
  const { impl } = fakeFetch(() => streamResponse(['event: token\ndata: {"text":"Hal'], {}));
  await assert.rejects(createApi({ fetchImpl: impl }).streamChat({ message: "x", onEvent() {} }), (error) => {
    assert.equal(error.code, "stream_interrupted");
    assert.equal(error.retryable, true);
    return true;
  });
});

test("network failure is a retryable error", async () => {
  const impl = async (url) => {
    if (url.endsWith("/csrf/")) return Response.json({ csrf_token: "t" });
    throw new TypeError("Failed to fetch");
  };
  await assert.rejects(createApi({ fetchImpl: impl }).streamChat({ message: "x", onEvent() {} }), (e) => e.retryable && e.code === "network_error");
});

test("aborting mid-stream rejects with AbortError after the tokens seen so far", async () => {
  const controller = new AbortController();
  const impl = async (url, init) => {
    if (url.endsWith("/csrf/")) return Response.json({ csrf_token: "t" });
    let n = 0;
    const body = new ReadableStream({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 5));
        if (init.signal.aborted) return c.error(new DOMException("Aborted", "AbortError"));
        c.enqueue(enc.encode(`event: token\ndata: {"text":"${n++} "}\n\n`));
      },
    });
    return new Response(body);
  };
  const texts = [];
  const pending = createApi({ fetchImpl: impl }).streamChat({
    message: "x",
    signal: controller.signal,
    onEvent: (name, data) => {
      texts.push(data.text);
      if (texts.length === 3) controller.abort();
    },
  });
  await assert.rejects(pending, (e) => e.name === "AbortError");
  assert.deepEqual(texts, ["0 ", "1 ", "2 "]);
});

test("fetchThread returns null for an unknown thread", async () => {
  const impl = async (url) => (url.includes("gone") ? new Response("{}", { status: 404 }) : Response.json({ thread_id: "t", messages: [] }));
  const api = createApi({ fetchImpl: impl });
  assert.equal(await api.fetchThread("gone"), null);
  assert.deepEqual(await api.fetchThread("t"), { thread_id: "t", messages: [] });
});

test("Retry-After parsing and wording", () => {
  assert.equal(parseRetryAfter("30", undefined), 30);
  assert.equal(parseRetryAfter(null, 12.2), 13);
  assert.equal(parseRetryAfter(new Date(61_000).toUTCString(), undefined, 1_000), 60);
  assert.equal(parseRetryAfter("soon", undefined), null);
  assert.equal(describeWait(null), "in a little while");
  assert.equal(describeWait(1), "in a moment");
  assert.equal(describeWait(59), "in 59 seconds");
  assert.equal(describeWait(60), "in about a minute");
  assert.equal(describeWait(3600), "in about an hour");
});

test("withRecovery waits out 409 thread_busy with backoff, then succeeds", async () => {
  const sleeps = [];
  let calls = 0;
  const result = await withRecovery(
    async () => {
      calls += 1;
      if (calls < 3) throw new ChatApiError("busy", { status: 409, code: "thread_busy" });
      return "done";
    },
    { hasThread: () => true, forgetThread: () => assert.fail("not a 404"), sleep: async (ms) => sleeps.push(ms) },
  );
  assert.equal(result, "done");
  assert.deepEqual(sleeps, [250, 500]);
});

test("withRecovery gives up on a thread that stays busy", async () => {
  const sleeps = [];
  await assert.rejects(
    withRecovery(async () => { throw new ChatApiError("busy", { status: 409 }); }, { hasThread: () => true, forgetThread() {}, sleep: async (ms) => sleeps.push(ms) }),
    (e) => e.status === 409,
  );
  assert.deepEqual(sleeps, [250, 500, 1000, 2000]);
});

test("withRecovery starts a new conversation when the stored thread is gone, once", async () => {
  let thread = "old";
  const sent = [];
  const turn = async () => {
    sent.push(thread);
    if (thread) throw new ChatApiError("gone", { status: 404, code: "thread_not_found" });
    return "done";
  };
  assert.equal(await withRecovery(turn, { hasThread: () => Boolean(thread), forgetThread: () => (thread = null) }), "done");
  assert.deepEqual(sent, ["old", null]);
  // A 404 without a stored thread is a real error.
  await assert.rejects(withRecovery(async () => { throw new ChatApiError("x", { status: 404 }); }, { hasThread: () => false, forgetThread() {} }), (e) => e.status === 404);
});

test("withRecovery stops waiting when the customer presses Stop", async () => {
  const controller = new AbortController();
  await assert.rejects(
    withRecovery(async () => { throw new ChatApiError("busy", { status: 409 }); }, {
      signal: controller.signal, hasThread: () => true, forgetThread() {}, sleep: async () => controller.abort(),
    }),
    (e) => e.name === "AbortError",
  );
});

test("withRecovery passes other errors straight through", async () => {
  let calls = 0;
  await assert.rejects(
    withRecovery(async () => { calls += 1; throw new ChatApiError("bad", { status: 400 }); }, { hasThread: () => true, forgetThread() {} }),
    (e) => e.status === 400,
  );
  assert.equal(calls, 1);
});

test("a 503 unavailable carries its reason and the contact to show, from the widget settings call too", async () => {
  const body = {
    error: { code: "unavailable", message: "The assistant is unavailable right now. Please call (555) 010-0100.", field: null },
    reason: "config_invalid",
    contact: { phone: "(555) 010-0100", email: null },
  };
  const { impl } = fakeFetch(() => new Response(JSON.stringify(body), { status: 503, headers: { "Content-Type": "application/json" } }));
  const api = createApi({ fetchImpl: impl });
  await assert.rejects(api.fetchWidgetOffer(), (error) => {
    assert.ok(error instanceof ChatApiError);
    assert.equal(error.code, "unavailable");
    assert.equal(error.reason, "config_invalid");
    assert.deepEqual(error.contact, { phone: "(555) 010-0100", email: null });
    assert.equal(error.message, body.error.message);
    return true;
  });
});
