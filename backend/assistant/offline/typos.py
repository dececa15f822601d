"""Typo repair for offline mode: "how mcuh does a standrad delivry cost to the hamptns" → the words it knows.

Only unknown words are touched, and only towards the words offline mode acts on (service names, keywords,
place names): one edit (two for a word of nine letters or more), and only when exactly one target is that close.
A word that is English the responder already knows (an FAQ word, a stopword) or a common English word
(common_words.txt) is never "corrected": "kids camp" is not "kips came", nor "state" Staten Island.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz.distance import DamerauLevenshtein

_WORD = re.compile(r"[a-z]+")


def _common_words(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


COMMON_WORDS = _common_words(Path(__file__).with_name("common_words.txt"))


class TypoRepair:
    def __init__(self, targets: Iterable[str], known: Iterable[str]) -> None:
        self.targets = sorted({t for t in targets if len(t) >= 4 and t.isalpha()})
        self.known = set(known) | set(self.targets)
        self._by_length: dict[int, list[str]] = {}
        for target in self.targets:
            self._by_length.setdefault(len(target), []).append(target)

    def word(self, word: str) -> str:
        if len(word) < 4 or word in self.known or self._plural_known(word):
            return word
        allowed = 1 if len(word) < 9 else 2
        best: list[tuple[int, str]] = []
        for length in range(len(word) - allowed, len(word) + allowed + 1):
            for target in self._by_length.get(length, ()):
                distance = DamerauLevenshtein.distance(word, target, score_cutoff=allowed)
                if distance <= allowed and target[0] == word[0]:
                    best.append((distance, target))
        if not best:
            return word
        best.sort()
        # A word and its plural are one target ("suitcaes" is as close to suitcase as to suitcases): every
        # matcher accepts either form, so the shortest stands for both.
        closest = sorted({t for d, t in best if d == best[0][0]}, key=len)
        shortest = closest[0]
        return shortest if all(t in (shortest, shortest + "s", shortest + "es") for t in closest) else word

    def _plural_known(self, word: str) -> bool:
        """'slot' when only 'slots' is a target: the same word, which every matcher reads in either form."""
        return bool({word + "s", word + "es", word.removesuffix("s"), word.removesuffix("es")} - {word} & self.known)

    def text(self, text: str) -> str:
        """The text with each repairable word replaced (positions of other characters kept)."""
        return _WORD.sub(lambda m: self.word(m.group(0)), text)
