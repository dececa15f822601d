"""Anthropic's prompt-cache accounting, re-enacted for the fake Messages APIs (tests and `make bench`).

What Anthropic documents and this follows:
- the prompt is one sequence of blocks in the order tools → system → messages; a block with
  `cache_control` is a breakpoint, and a top-level `cache_control` (automatic caching) puts one on the
  last block of the last message;
- a request reads the longest cached prefix that ends at one of its breakpoints or up to 20 blocks before
  one, and writes an entry at each breakpoint after that; prefixes shorter than the model's minimum
  (1,024 tokens for Sonnet) are never cached;
- usage splits the input into `cache_read_input_tokens`, `cache_creation_input_tokens` and
  `input_tokens` (what follows the last breakpoint).
Tokens are estimated as one per four characters of the block's JSON: what matters here is the split.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

LOOKBACK_BLOCKS = 20
MIN_CACHEABLE_TOKENS = 1024


@dataclass(frozen=True)
class InputUsage:
    input_tokens: int
    cache_creation_input_tokens: int
    cache_read_input_tokens: int

    @property
    def total(self) -> int:
        return self.input_tokens + self.cache_creation_input_tokens + self.cache_read_input_tokens

    def as_dict(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "cache_creation_input_tokens": self.cache_creation_input_tokens,
            "cache_read_input_tokens": self.cache_read_input_tokens,
        }


def tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _without_cache_control(block: Any) -> Any:
    if isinstance(block, dict):
        return {key: value for key, value in block.items() if key != "cache_control"}
    return block


def prompt_blocks(request: dict[str, Any]) -> list[tuple[str, bool]]:
    """(canonical text, is a breakpoint) for every block of the request, in cache-prefix order."""
    blocks: list[tuple[str, bool]] = []
    for tool in request.get("tools") or []:
        blocks.append((json.dumps(_without_cache_control(tool), sort_keys=True), "cache_control" in tool))
    system = request.get("system") or []
    if isinstance(system, str):
        system = [{"type": "text", "text": system}]
    for block in system:
        blocks.append((json.dumps(_without_cache_control(block), sort_keys=True), "cache_control" in block))
    for message in request.get("messages") or []:
        content = message.get("content")
        if isinstance(content, str):
            content = [{"type": "text", "text": content}]
        for block in content or []:
            text = message["role"] + ":" + json.dumps(_without_cache_control(block), sort_keys=True)
            blocks.append((text, isinstance(block, dict) and "cache_control" in block))
    if request.get("cache_control") and blocks:
        text, _ = blocks[-1]
        blocks[-1] = (text, True)
    return blocks


@dataclass
class PromptCache:
    """The cache entries written so far, shared by every request to one fake server (like one API key)."""

    entries: set[str] = field(default_factory=set)

    def account(self, request: dict[str, Any]) -> InputUsage:
        blocks = prompt_blocks(request)
        sizes = [tokens(text) for text, _ in blocks]
        digest = hashlib.sha256()
        prefixes: list[str] = []  # prefixes[i]: the hash of blocks[0..i]
        cumulative: list[int] = []
        for (text, _), size in zip(blocks, sizes, strict=True):
            digest.update(text.encode())
            digest.update(b"\x00")
            prefixes.append(digest.copy().hexdigest())
            cumulative.append((cumulative[-1] if cumulative else 0) + size)
        breakpoints = [index for index, (_, is_breakpoint) in enumerate(blocks) if is_breakpoint]
        read_end = -1  # index of the last block read from the cache
        for point in breakpoints:
            for index in range(point, max(-1, point - LOOKBACK_BLOCKS - 1), -1):
                if prefixes[index] in self.entries:
                    read_end = max(read_end, index)
                    break
        write_end = read_end
        for point in breakpoints:
            if point > read_end and cumulative[point] >= MIN_CACHEABLE_TOKENS:
                self.entries.add(prefixes[point])
                write_end = max(write_end, point)
        total = cumulative[-1] if cumulative else 0
        read = cumulative[read_end] if read_end >= 0 else 0
        written = (cumulative[write_end] if write_end >= 0 else 0) - read
        return InputUsage(
            input_tokens=total - read - written, cache_creation_input_tokens=written, cache_read_input_tokens=read
        )


def breakpoint_prefix(request: dict[str, Any]) -> str:
    """The request's blocks up to its last explicit tools/system breakpoint: what every visitor must share."""
    blocks = prompt_blocks({**request, "messages": [], "cache_control": None})
    points = [index for index, (_, is_breakpoint) in enumerate(blocks) if is_breakpoint]
    return "\n".join(text for text, _ in blocks[: points[-1] + 1]) if points else ""
