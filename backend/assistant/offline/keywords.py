"""Finding an intent's keyword in a message: a phrase, or a phrase with `*` gaps ("my * order")."""

from __future__ import annotations

import functools
import re

from .extract import find_phrase


def keyword_found(keyword: str, said: str) -> bool:
    return find_phrase(said, [keyword]) is not None or ("*" in keyword and _gapped(keyword).search(said) is not None)


@functools.lru_cache(maxsize=256)
def _gapped(keyword: str) -> re.Pattern[str]:
    """A keyword with `*` for up to two words of the customer's own: "my * order" finds "my last order"."""
    parts = [r"\s+".join(re.escape(w) for w in part.split()) for part in keyword.lower().split("*")]
    return re.compile(r"\b" + r"(?:\s+[\w'-]+){0,2}\s+".join(p for p in parts if p) + r"(?:e?s)?\b")
