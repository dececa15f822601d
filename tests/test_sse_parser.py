"""The tests' SSE parser against the WHATWG rules (cases after rexxars/eventsource-parser's suite)."""

from __future__ import annotations

import pytest

from tests.sse import SSEEvent, SSEParser


def parse(*chunks: bytes) -> SSEParser:
    parser = SSEParser()
    for chunk in chunks:
        parser.feed(chunk)
    return parser


def test_basic_event_with_name_and_json_data():
    parser = parse(b'event: token\ndata: {"text":"Hi"}\n\n')
    assert parser.events == [SSEEvent(event="token", data='{"text":"Hi"}')]


def test_default_event_type_is_message():
    assert parse(b"data: x\n\n").events == [SSEEvent(event="message", data="x")]


def test_multiline_data_joins_with_newline():
    assert parse(b"data: a\ndata: b\ndata:\n\n").events[0].data == "a\nb\n"


@pytest.mark.parametrize("eol", [b"\r\n", b"\r", b"\n"])
def test_every_line_ending(eol):
    stream = b"event: e" + eol + b"data: 1" + eol + eol + b"data: 2" + eol + eol
    assert [(e.event, e.data) for e in parse(stream).events] == [("e", "1"), ("message", "2")]


def test_crlf_split_between_chunks_is_one_line_end():
    parser = parse(b"data: a\r", b"\n", b"\r\n")
    assert parser.events == [SSEEvent(event="message", data="a")]


def test_cr_at_chunk_end_then_blank_line():
    assert parse(b"data: a\r", b"\r").events == [SSEEvent(event="message", data="a")]


def test_utf8_character_split_across_chunks():
    raw = 'data: {"text":"café ☕"}\n\n'.encode()
    cut = raw.index("☕".encode()) + 1
    assert parse(raw[:cut], raw[cut:]).events[0].data == '{"text":"café ☕"}'


def test_byte_by_byte_equals_whole():
    raw = b": connected\n\nevent: start\ndata: {}\n\nevent: token\r\ndata: x\r\n\r\n"
    assert parse(*[raw[i : i + 1] for i in range(len(raw))]).events == parse(raw).events


def test_comments_are_kept_apart_and_do_not_dispatch():
    parser = parse(b": connected\n\n: heartbeat\ndata: x\n\n")
    assert parser.comments == ["connected", "heartbeat"]
    assert parser.events == [SSEEvent(event="message", data="x")]


def test_leading_bom_is_stripped_only_at_start():
    parser = parse(b"\xef\xbb\xbfdata: x\n\n")
    assert parser.events == [SSEEvent(event="message", data="x")]


def test_field_without_colon_and_single_space_rule():
    parser = parse(b"data\n\ndata:  two spaces\n\n")
    assert [e.data for e in parser.events] == ["", " two spaces"]


def test_event_without_data_is_not_dispatched_and_type_resets():
    parser = parse(b"event: lonely\n\ndata: x\n\n")
    assert parser.events == [SSEEvent(event="message", data="x")]


def test_id_persists_and_null_id_is_ignored():
    parser = parse(b"id: 7\ndata: a\n\ndata: b\n\nid: bad\x00\ndata: c\n\n")
    assert [e.id for e in parser.events] == ["7", "7", "7"]


def test_retry_only_with_digits_and_unknown_fields_ignored():
    parser = parse(b"retry: 1500\nretry: 1x\nfoo: bar\ndata: x\n\n")
    assert parser.retry == 1500
    assert parser.events == [SSEEvent(event="message", data="x")]


def test_trailing_event_without_blank_line_is_discarded():
    assert parse(b"data: complete\n\ndata: partial\n").events == [SSEEvent(event="message", data="complete")]
