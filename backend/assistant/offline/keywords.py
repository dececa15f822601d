"""How strongly a message points to an intent by its keywords: phrases, `*` gaps ("my * order"), typos."""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

from .config import Intent
from .extract import find_phrase


def keyword_score(intent: Intent, said: str, *, fuzzy_cutoff: float) -> float:
    """Each keyword found counts its words; a close misspelling of a one-word keyword counts 0.8; an
    except-keyword rules the intent out."""
    if intent.except_keywords and find_phrase(said, intent.except_keywords) is not None:
        return -100.0
    score = 0.0
    words = [w for w in re.findall(r"[a-z']+", said) if len(w) >= 4]
    for keyword in intent.keywords:
        if keyword_found(keyword, said):
            score += len(keyword.replace("*", " ").split())
        elif " " not in keyword and len(keyword) >= 5 and any(fuzz.ratio(keyword, w) >= fuzzy_cutoff for w in words):
            score += 0.8
    return score


def keyword_found(keyword: str, said: str) -> bool:
    return find_phrase(said, [keyword]) is not None or ("*" in keyword and _gapped(keyword).search(said) is not None)


@functools.lru_cache(maxsize=256)
def _gapped(keyword: str) -> re.Pattern[str]:
    """A keyword with `*` for up to two words of the customer's own: "my * order" finds "my last order"."""
    parts = [r"\s+".join(re.escape(w) for w in part.split()) for part in keyword.lower().split("*")]
    return re.compile(r"\b" + r"(?:\s+[\w'-]+){0,2}\s+".join(p for p in parts if p) + r"(?:e?s)?\b")
