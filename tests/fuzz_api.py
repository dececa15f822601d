"""Property-based fuzzing of the /api/ edge: what is sent (hypothesis strategies) and what every answer must be.

Used by tests/test_api_fuzz.py against the live ASGI app, and runnable against any server:

    python -m tests.fuzz_api --base-url http://127.0.0.1:8123 --examples 2000     # (make fuzz)

which prints how many answers were >= 500, HTML, or otherwise broken (the acceptance figure).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.sse import SSEParser

CHAT = "/api/assistant/chat/"
QUOTE = "/api/pricing/quote/"
API_PATHS = [
    CHAT,
    QUOTE,
    "/api/assistant/csrf/",
    "/api/assistant/health/",
    "/api/assistant/widget/",
    "/api/assistant/threads/",
    "/api/assistant/threads/00000000-0000-4000-8000-000000000000/",
    "/api/assistant/threads/00000000-0000-4000-8000-000000000000/feedback/",
]

CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/vnd.api+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=----fuzz",
    "multipart/form-data",
    "application/octet-stream",
    "",
]

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
message_text = st.one_of(
    st.text(min_size=1, max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=600),
    st.sampled_from(["How much is a standard mini move?", "Do you pick up in 11101?", "book it", "hi"]),
)
thread_ids = st.one_of(st.none(), st.uuids().map(str), st.text(max_size=40), st.integers())
chat_objects = st.fixed_dictionaries(
    {"message": st.one_of(message_text, json_values)},
    optional={"thread_id": thread_ids, "extra": json_values},
)


def _dumps(value: object) -> bytes:
    return json.dumps(value).encode()


handmade = st.one_of(
    st.integers(min_value=1, max_value=200_000).map(lambda n: b"[" * n),
    st.integers(min_value=1, max_value=6000).map(lambda n: b'{"message": ' + b"9" * n + b"}"),
    st.sampled_from([b"\\ud800", b"\\udc00", b"\\ud83d", b"\\ud83d\\ude00", b"\\u0000", b"\\ud800\\ud800"]).map(
        lambda escape: b'{"message": "hi ' + escape + b'"}'
    ),
    st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e999"]).map(lambda v: b'{"message": ' + v + b"}"),
    st.just(b'{"message": "hi"}' * 2),
    st.binary(max_size=200),
)
bodies = st.one_of(
    chat_objects.map(_dumps),
    json_values.map(_dumps),
    handmade,
    chat_objects.map(_dumps).flatmap(lambda raw: st.integers(0, len(raw)).map(lambda cut: raw[:cut])),  # truncated
)
path_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.%~", max_size=40)
paths = st.one_of(
    st.sampled_from(API_PATHS),
    path_text.map(lambda text: f"/api/assistant/threads/{text}/"),
    path_text.map(lambda text: f"/api/{text}"),
    path_text.map(lambda text: f"/api/assistant/{text}/"),
)
methods = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])


@dataclass
class Sent:
    method: str
    path: str
    content_type: str
    body: bytes


requests_to_chat = st.builds(
    Sent, st.just("POST"), st.sampled_from([CHAT, QUOTE]), st.sampled_from(CONTENT_TYPES), bodies
)
any_request = st.builds(Sent, methods, paths, st.sampled_from(CONTENT_TYPES), bodies)


@dataclass
class Verdict:
    status: int
    kind: str  # "json", "sse", "html", "other"
    problems: list[str] = field(default_factory=list)
    stored_a_turn: bool = False


def send(http: httpx.Client, token: str, sent: Sent) -> Verdict:
    """Send one request and judge the answer (the body is read to its end, as a browser would)."""
    headers = {"X-CSRFToken": token}
    if sent.content_type:
        headers["Content-Type"] = sent.content_type
    content = sent.body if sent.method not in ("GET", "HEAD", "OPTIONS") else None
    with http.stream(sent.method, sent.path, content=content, headers=headers) as response:
        body = response.read()
    return judge(sent, response, body)


def judge(sent: Sent, response: httpx.Response, body: bytes) -> Verdict:
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    kind = {"application/json": "json", "text/event-stream": "sse", "text/html": "html"}.get(content_type, "other")
    verdict = Verdict(response.status_code, kind)
    problems = verdict.problems
    if response.status_code >= 500:
        problems.append(f"status {response.status_code}")
    empty_head = sent.method in ("HEAD", "OPTIONS") and not body
    api_answer = sent.path.startswith("/api/") and response.status_code not in (301, 302)
    if api_answer and kind not in ("json", "sse") and not empty_head:
        problems.append(f"{content_type or 'no content type'} from /api/")
    if kind == "json" and body:
        try:
            data = json.loads(body)
        except ValueError:
            problems.append("JSON content type, body not JSON")
        else:
            if response.status_code >= 400 and not (
                isinstance(data, dict) and set(data.get("error", {})) == {"code", "message", "field"}
            ):
                problems.append("error without {code, message, field}")
    if kind == "sse":
        parser = SSEParser()
        parser.feed(body)
        names = [event.event for event in parser.events]
        if not body.endswith(b"\n\n") or not names or names[0] != "start" or names[-1] not in ("done", "error"):
            problems.append(f"stream not well terminated: {names[:1]}…{names[-1:]}")
        for event in parser.events:
            if event.event == "error" and json.loads(event.data).get("code") == "internal_error":
                problems.append("stream ended with internal_error")
        verdict.stored_a_turn = bool(names) and names[-1] == "done"
    return verdict


def fuzz_against(base_url: str, examples: int, *, strategy=any_request) -> tuple[Counter, list[tuple[Sent, Verdict]]]:
    """Send `examples` generated requests to a running server; (status/kind counts, the bad answers)."""
    counts: Counter = Counter()
    bad: list[tuple[Sent, Verdict]] = []
    with httpx.Client(base_url=base_url, timeout=30) as http:
        token = http.get("/api/assistant/csrf/").json()["csrf_token"]

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def run(sent: Sent) -> None:
            verdict = send(http, token, sent)
            counts["total"] += 1
            counts[f"status {verdict.status}"] += 1
            counts[f"kind {verdict.kind}"] += 1
            if verdict.status >= 500:
                counts[">=500"] += 1
            if verdict.kind == "html" and sent.path.startswith("/api/"):
                counts["html from /api/"] += 1
            if verdict.problems:
                bad.append((sent, verdict))

        run()
    return counts, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args(argv)
    # Half the requests are bodies POSTed to the chat and quote endpoints, half any method, path and body.
    counts, bad = fuzz_against(args.base_url, args.examples // 2, strategy=requests_to_chat)
    more, more_bad = fuzz_against(args.base_url, args.examples - args.examples // 2)
    counts.update(more)
    bad += more_bad
    for key in sorted(counts):
        print(f"{key:>24}: {counts[key]}")
    print(
        f"responses >= 500: {counts['>=500']}; HTML from /api/: {counts['html from /api/']}; other problems: {len(bad)}"
    )
    for sent, verdict in bad[:20]:
        print(f"  {sent.method} {sent.path} [{sent.content_type}] {sent.body[:60]!r} -> {verdict}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
