// Incremental Server-Sent Events parser (WHATWG "event stream interpretation").
//
// Why not EventSource: it only does GET and reconnects on its own, which would re-send a chat
// turn (a second model call). We POST with fetch and parse the body ourselves.
//
// Ported behaviour (rexxars/eventsource-parser, Azure/fetch-event-source):
// - a partial line is kept between feed() calls;
// - CR, LF and CRLF all end a line, and a CR at the very end of a chunk is held back until we
//   know whether the next chunk starts with LF (otherwise "data: B\r" + "\n" would be two lines);
// - one leading BOM (decoded U+FEFF or the raw 3-byte form) is stripped;
// - bytes are decoded with a streaming TextDecoder, so a UTF-8 character split across
//   network chunks survives (createByteParser).

const LF = "\n";
const CR = "\r";
const RAW_BOM = "\u00ef\u00bb\u00bf";

export class ParseError extends Error {
  constructor(message, { type, field, value, line }) {
    super(message);
    this.name = "ParseError";
    this.type = type;
    this.field = field;
    this.value = value;
    this.line = line;
  }
}

/**
 * @param {{onEvent?: (e: {id?: string, event?: string, data: string}) => void,
 *          onComment?: (text: string) => void, onRetry?: (ms: number) => void,
 *          onId?: (id: string) => void, onError?: (err: ParseError) => void}} callbacks
 */
export function createParser(callbacks = {}) {
  const { onEvent, onComment, onRetry, onId, onError } = callbacks;
  let pending = ""; // text after the last complete line
  let pendingCR = false; // previous chunk ended in CR: a leading LF in the next chunk belongs to it
  let isFirstChunk = true;
  let data = "";
  let hasData = false;
  let eventType;
  let id;

  function dispatch() {
    if (id !== undefined) onId?.(id);
    if (hasData) {
      // The spec appends LF after every data line and strips the final one.
      onEvent?.({ id, event: eventType || undefined, data: data.endsWith(LF) ? data.slice(0, -1) : data });
    }
    data = "";
    hasData = false;
    eventType = undefined;
    id = undefined;
  }

  function processField(field, value, line) {
    switch (field) {
      case "event":
        eventType = value;
        break;
      case "data":
        data += value + LF;
        hasData = true;
        break;
      case "id":
        // An id containing NULL is ignored entirely (keeps any earlier id of this block).
        if (!value.includes("\0")) id = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) onRetry?.(parseInt(value, 10));
        else onError?.(new ParseError(`Invalid \`retry\` value: "${value}"`, { type: "invalid-retry", field, value, line }));
        break;
      default:
        onError?.(
          new ParseError(`Unknown field "${field.length > 20 ? field.slice(0, 20) + "…" : field}"`, {
            type: "unknown-field",
            field,
            value,
            line,
          }),
        );
    }
  }

  function processLine(line) {
    if (line === "") {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      onComment?.(line.slice(line.startsWith(": ") ? 2 : 1));
      return;
    }
    const colon = line.indexOf(":");
    if (colon === -1) {
      processField(line, "", line);
      return;
    }
    const field = line.slice(0, colon);
    const offset = line[colon + 1] === " " ? 2 : 1;
    processField(field, line.slice(colon + offset), line);
  }

  function feed(chunk) {
    if (isFirstChunk) {
      if (chunk.startsWith("\uFEFF")) chunk = chunk.slice(1);
      else if (chunk.startsWith(RAW_BOM)) chunk = chunk.slice(RAW_BOM.length);
      if (chunk === "") return;
      isFirstChunk = false;
    }
    let text = chunk;
    if (pendingCR) {
      pendingCR = false;
      if (text.startsWith(LF)) text = text.slice(1);
    }
    text = pending + text;
    let start = 0;
    const length = text.length;
    while (start < length) {
      const crIndex = text.indexOf(CR, start);
      const lfIndex = text.indexOf(LF, start);
      let end;
      if (crIndex !== -1 && (lfIndex === -1 || crIndex < lfIndex)) end = crIndex;
      else if (lfIndex !== -1) end = lfIndex;
      else break;
      processLine(text.slice(start, end));
      if (end === crIndex) {
        if (end + 1 === length) {
          // CR at the end of the chunk: it ended this line; swallow a LF starting the next chunk.
          pendingCR = true;
          start = length;
          break;
        }
        start = text[end + 1] === LF ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    pending = text.slice(start);
  }

  /** Forget everything buffered (e.g. a new connection). An unterminated last line is dropped. */
  function reset() {
    pending = "";
    pendingCR = false;
    isFirstChunk = true;
    data = "";
    hasData = false;
    eventType = undefined;
    id = undefined;
  }

  return { feed, reset };
}

/**
 * Parser fed with raw bytes (Uint8Array chunks from a ReadableStream). The streaming decoder keeps
 * an incomplete multi-byte sequence until the rest arrives.
 */
export function createByteParser(callbacks = {}) {
  const parser = createParser(callbacks);
  // ignoreBOM: true passes a leading U+FEFF through so the parser's own BOM rule applies.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  return {
    feed(bytes) {
      const text = decoder.decode(bytes, { stream: true });
      if (text) parser.feed(text);
    },
    end() {
      const tail = decoder.decode();
      if (tail) parser.feed(tail);
    },
    reset() {
      parser.reset();
    },
  };
}
