// Cases ported from rexxars/eventsource-parser (test/parse.test.ts, test/fixtures.ts) plus the
// chunking cases the chat stream depends on (UTF-8 split across network chunks).
import assert from "node:assert/strict";
import { test } from "node:test";

import { createByteParser, createParser } from "../../frontend/static/assistant/sse-parser.js";

function collect(options = {}) {
  const events = [];
  const comments = [];
  const errors = [];
  const retries = [];
  const ids = [];
  const parser = createParser({
    onEvent: (e) => events.push(e),
    onComment: (c) => comments.push(c),
    onError: (e) => errors.push(e),
    onRetry: (r) => retries.push(r),
    onId: (id) => ids.push(id),
    ...options,
  });
  return { parser, events, comments, errors, retries, ids };
}

const encode = ({ event, data, id }) =>
  `${id !== undefined ? `id: ${id}\n` : ""}${event ? `event: ${event}\n` : ""}${data.split("\n").map((l) => `data: ${l}\n`).join("")}\n`;

test("basic unnamed events, then a named one", () => {
  const { parser, events } = collect();
  for (let i = 0; i < 5; i++) parser.feed(encode({ data: `${i}` }));
  parser.feed(encode({ event: "done", data: "✔" }));
  assert.equal(events.length, 6);
  assert.deepEqual(events[0], { id: undefined, event: undefined, data: "0" });
  assert.deepEqual(events[5], { id: undefined, event: "done", data: "✔" });
});

test("events split at every possible position still parse identically", () => {
  const stream = "event: token\ndata: {\"text\":\"Hel\"}\n\n: heartbeat\n\nevent: done\ndata: {}\n\n";
  for (let cut = 0; cut <= stream.length; cut++) {
    const { parser, events } = collect();
    parser.feed(stream.slice(0, cut));
    parser.feed(stream.slice(cut));
    assert.deepEqual(events, [
      { id: undefined, event: "token", data: '{"text":"Hel"}' },
      { id: undefined, event: "done", data: "{}" },
    ], `cut at ${cut}`);
  }
});

test("one character per chunk", () => {
  const { parser, events } = collect();
  for (const ch of "event: time\r\ndata: a\r\ndata: b\r\n\r\n") parser.feed(ch);
  assert.deepEqual(events, [{ id: undefined, event: "time", data: "a\nb" }]);
});

test("identified messages and retry interval", () => {
  const { parser, events, retries } = collect();
  parser.feed("id: 1337\nevent: tick\nretry: 50\ndata: 1337\n\n");
  parser.feed("id: 1338\nevent: tick\nretry: 50\ndata: 1338\n\n");
  assert.deepEqual(retries, [50, 50]);
  assert.deepEqual(events, [
    { id: "1337", event: "tick", data: "1337" },
    { id: "1338", event: "tick", data: "1338" },
  ]);
});

test("heartbeat comments are reported and do not dispatch", () => {
  const { parser, events, comments } = collect();
  for (let i = 0; i < 5; i++) {
    parser.feed(": ♥\n");
    parser.feed(encode({ data: String.fromCharCode(65 + i) }));
  }
  assert.deepEqual(events.map((e) => e.data), ["A", "B", "C", "D", "E"]);
  assert.equal(comments.length, 5);
  assert.equal(comments.at(-1), "♥");
});

test("multi-line data", () => {
  const { parser, events } = collect();
  for (const chunk of ["event: stock\n", "data: YHOO\n", "data: +2\n", "data: 10\n\n", "event: stock\n", "data: GOOG\n", "data: -8\n", "data: 1881\n\n"]) parser.feed(chunk);
  assert.deepEqual(events, [
    { id: undefined, event: "stock", data: "YHOO\n+2\n10" },
    { id: undefined, event: "stock", data: "GOOG\n-8\n1881" },
  ]);
});

test("multi-byte data with empty lines thrown in", () => {
  const { parser, events } = collect();
  parser.feed("\n\n\n\nid: 1\ndata: 我現在都看實況不玩遊戲\n\n");
  parser.feed(encode({ event: "done", data: "✔" }));
  assert.deepEqual(events[0], { id: "1", event: undefined, data: "我現在都看實況不玩遊戲" });
  assert.equal(events[1].event, "done");
});

test("leading raw BOM is stripped, later ones make the line invalid", () => {
  const bom = String.fromCharCode(239, 187, 191);
  const { parser, events } = collect();
  parser.feed(`${bom}data: bomful 1\n\n`);
  parser.feed(`${bom}data: bomful 2\n\n`);
  parser.feed("data: bomless 3\n\n");
  assert.deepEqual(events.map((e) => e.data), ["bomful 1", "bomless 3"]);
});

test("leading decoded U+FEFF is stripped, mid-stream ones are not", () => {
  const { parser, events } = collect();
  parser.feed("\uFEFFdata: bomful 1\n\n");
  parser.feed("\uFEFFdata: bomful 2\n\n");
  parser.feed("data: bomless 3\n\n");
  assert.deepEqual(events.map((e) => e.data), ["bomful 1", "bomless 3"]);
});

test("byte parser strips a BOM arriving in its own network chunk", () => {
  const events = [];
  const parser = createByteParser({ onEvent: (e) => events.push(e) });
  parser.feed(new Uint8Array([0xef, 0xbb]));
  parser.feed(new Uint8Array([0xbf, ...new TextEncoder().encode("data: first\ndata: second\n\n")]));
  parser.end();
  assert.deepEqual(events, [{ id: undefined, event: undefined, data: "first\nsecond" }]);
});

for (const [name, chunks, expected] of [
  ["carriage returns", ["data: dog\r", "data: bark\r\r", "data: cat\r", "data: meow\r\r"], ["dog\nbark", "cat\nmeow"]],
  ["line feeds", ["data: cow\n", "data: moo\n\n", "data: horse\n", "data: neigh\n\n"], ["cow\nmoo", "horse\nneigh"]],
  ["CRLF", ["data: sheep\r\n", "data: bleat\r\n\r\n", "data: pig\r\n", "data: oink\r\n\r\n"], ["sheep\nbleat", "pig\noink"]],
]) {
  test(`stream using ${name}`, () => {
    const { parser, events } = collect();
    for (const chunk of chunks) parser.feed(chunk);
    assert.deepEqual(events.map((e) => e.data), expected);
  });
}

test("a CR at the end of a chunk followed by LF in the next is one line break (issue #17)", () => {
  const { parser, events } = collect();
  parser.feed("data: A\r\n");
  parser.feed("data: B\r");
  parser.feed("\n");
  parser.feed("data: C\r\n");
  parser.feed("\n");
  assert.deepEqual(events, [{ id: undefined, event: undefined, data: "A\nB\nC" }]);
});

test("a bare CR at a chunk end does not swallow the next line", () => {
  const { parser, events } = collect();
  parser.feed("data: one\n:ignored\r");
  parser.feed("data: two\n\n");
  assert.deepEqual(events, [{ id: undefined, event: undefined, data: "one\ntwo" }]);
});

test("odd uses of comments", () => {
  const { parser, events } = collect();
  parser.feed(": Hello\n\n");
  parser.feed(":".repeat(300));
  parser.feed("\n");
  parser.feed("data: First\n\n");
  parser.feed(": Первый");
  parser.feed(": 第二");
  parser.feed("\n");
  parser.feed("data: Second\n\n");
  for (let i = 0; i < 10; i++) parser.feed(": Moop \n");
  parser.feed(": ثالث");
  parser.feed("\n");
  parser.feed("data: Third\n\n");
  assert.deepEqual(events.map((e) => e.data), ["First", "Second", "Third"]);
});

test("even more odd uses of comments, and no dispatch without a final blank line", () => {
  const { parser, events } = collect();
  const long = "x".repeat(2 * 1024 + 1);
  parser.feed("data:1\r\r:\0\n:\r\ndata:2\n\n:");
  parser.feed(long);
  parser.feed("\rdata:3\n\n:data:fail\r:");
  parser.feed(long);
  parser.feed("\ndata:4\n\n");
  parser.feed("data:5");
  assert.deepEqual(events.map((e) => e.data), ["1", "2", "3", "4"]);
});

test("empty event field means the default event type; a block without data is not dispatched", () => {
  const { parser, events } = collect();
  parser.feed("event:\ndata: Hello 1\n\n");
  parser.feed("event:\n\n");
  parser.feed(encode({ event: "done", data: "✔" }));
  assert.deepEqual(events, [
    { id: undefined, event: undefined, data: "Hello 1" },
    { id: undefined, event: "done", data: "✔" },
  ]);
});

test("oddly shaped data fields", () => {
  const { parser, events } = collect();
  parser.feed("data:\n\ndata\ndata\n\ndata:test\n\n");
  assert.deepEqual(events.map((e) => e.data), ["", "\n", "test"]);
});

test("invalid retry values are reported and ignored", () => {
  const { parser, events, retries, errors } = collect();
  parser.feed("retry:1000\nretry:2000x\ndata:x\n\n");
  assert.deepEqual(retries, [1000]);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].type, "invalid-retry");
  assert.equal(errors[0].message, 'Invalid `retry` value: "2000x"');
  assert.deepEqual(events.map((e) => e.data), ["x"]);
});

test("an id containing NULL is ignored, keeping the earlier id", () => {
  const { parser, events } = collect();
  parser.feed("id: 123\nid: bad\0id\ndata: hello\n\n");
  assert.deepEqual(events, [{ id: "123", event: undefined, data: "hello" }]);
});

test("an id from a block without data is reported when the block ends", () => {
  const { parser, events, ids } = collect();
  parser.feed("id: 42\n");
  assert.deepEqual(ids, []);
  parser.feed("\n");
  assert.deepEqual(ids, ["42"]);
  assert.equal(events.length, 0);
  parser.feed("id: 7\r\r");
  assert.deepEqual(ids, ["42", "7"]);
});

test("unknown fields are reported and skipped", () => {
  const { parser, events, errors } = collect();
  parser.feed("data:abc\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:123\n\n");
  assert.deepEqual(events.map((e) => e.data), ["abc\n\n123"]);
  assert.deepEqual(errors.map((e) => e.field), [" data", "foobar", "justsometext"]);
  assert.ok(errors.every((e) => e.type === "unknown-field"));
});

test("a JSON error body without newline is not an event; with a newline it is an unknown field", () => {
  const { parser, events, errors } = collect();
  const body = JSON.stringify({ error: "Internal Server Error" });
  parser.feed(body);
  assert.equal(events.length + errors.length, 0);
  parser.feed("\n");
  assert.equal(events.length, 0);
  assert.equal(errors[0].field, '{"error"');
});

test("reset drops a partial line and partial event", () => {
  const { parser, events } = collect();
  parser.feed("data: partial\ndata: more");
  parser.reset();
  parser.feed("data: fresh\n\n");
  assert.deepEqual(events.map((e) => e.data), ["fresh"]);
});

test("byte parser keeps a UTF-8 character split across chunks", () => {
  const events = [];
  const parser = createByteParser({ onEvent: (e) => events.push(e) });
  const bytes = new TextEncoder().encode('event: token\ndata: {"text":"Café 🚕 Montauk"}\n\n');
  // Split inside the 2-byte "é" and inside the 4-byte taxi emoji.
  const e = bytes.indexOf(0xc3);
  const taxi = bytes.indexOf(0xf0);
  for (const [from, to] of [[0, e + 1], [e + 1, taxi + 2], [taxi + 2, taxi + 3], [taxi + 3, bytes.length]]) {
    parser.feed(bytes.slice(from, to));
  }
  parser.end();
  assert.deepEqual(events, [{ id: undefined, event: "token", data: '{"text":"Café 🚕 Montauk"}' }]);
});

test("byte parser over random chunkings of a full chat transcript", () => {
  const frames = [
    ": connected\n\n",
    'event: start\ndata: {"thread_id":"t1","mode":"offline"}\n\n',
    'event: token\ndata: {"text":"Für 11215 — ja ✔"}\n\n',
    ": heartbeat\n\n",
    'event: tool_call\ndata: {"id":"c1","name":"check_zip_coverage","label":"Checking service area…","args":{}}\n\n',
    'event: done\ndata: {"thread_id":"t1"}\n\n',
  ].join("").replace(/\n/g, "\r\n");
  const bytes = new TextEncoder().encode(frames);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 50; round++) {
    const events = [];
    const parser = createByteParser({ onEvent: (e) => events.push(e) });
    let i = 0;
    while (i < bytes.length) {
      const size = 1 + Math.floor(random() * 9);
      parser.feed(bytes.slice(i, i + size));
      i += size;
    }
    parser.end();
    assert.deepEqual(events.map((e) => e.event), ["start", "token", "tool_call", "done"]);
    assert.equal(JSON.parse(events[1].data).text, "Für 11215 — ja ✔");
  }
});
