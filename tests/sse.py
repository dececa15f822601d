"""A strict, incremental Server-Sent Events parser following the WHATWG HTML spec (§9.2.6).

Used by the tests to read the chat stream exactly as a browser's EventSource would: bytes may be split
anywhere (mid-line, mid-CRLF, mid-UTF-8 character), lines end with CRLF, LF or CR, a leading BOM is
dropped, `:` lines are comments, `data:` lines join with "\\n", and an event is dispatched on a blank
line only — a trailing event without its blank line is discarded, as the spec says.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SSEEvent:
    event: str
    data: str
    id: str | None = None


@dataclass
class SSEParser:
    events: list[SSEEvent] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    retry: int | None = None
    last_event_id: str = ""
    _decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace")
    )
    _buffer: str = ""
    _seen_first_char: bool = False
    _pending_cr: bool = False
    _data: list[str] = field(default_factory=list)
    _event: str = ""
    _has_data: bool = False

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """Parse `chunk`; return the events it completed (also appended to `events`)."""
        text = self._decoder.decode(chunk)
        if not self._seen_first_char and text:
            self._seen_first_char = True
            if text.startswith("\ufeff"):
                text = text[1:]
        before = len(self.events)
        for line in self._lines(text):
            self._process_line(line)
        return self.events[before:]

    def _lines(self, text: str) -> list[str]:
        lines: list[str] = []
        for char in text:
            if self._pending_cr:
                self._pending_cr = False
                if char == "\n":
                    continue  # the LF of a CRLF whose CR ended the previous line (maybe in an earlier chunk)
            if char == "\r":
                lines.append(self._buffer)
                self._buffer = ""
                self._pending_cr = True
            elif char == "\n":
                lines.append(self._buffer)
                self._buffer = ""
            else:
                self._buffer += char
        return lines

    def _process_line(self, line: str) -> None:
        if line == "":
            self._dispatch()
            return
        if line.startswith(":"):
            self.comments.append(line[1:].removeprefix(" "))
            return
        name, colon, value = line.partition(":")
        if colon:
            value = value.removeprefix(" ")
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
            self._has_data = True
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        # any other field name is ignored, per spec

    def _dispatch(self) -> None:
        if not self._has_data:
            self._event = ""  # spec: an event with no data is not dispatched, and its type is reset
            return
        self.events.append(
            SSEEvent(event=self._event or "message", data="\n".join(self._data), id=self.last_event_id or None)
        )
        self._data, self._event, self._has_data = [], "", False
