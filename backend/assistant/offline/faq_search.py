"""FAQ retrieval for offline mode: BM25 ranking (bm25s) with typo repair (rapidfuzz) and an honest threshold.

Ranking picks the best entry; the confidence is a separate, explainable number — the share of the
question's meaningful words (weighted by rarity) that the entry's question, alternates and tags cover.
Below the threshold the caller says "I'm not sure" instead of guessing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import bm25s
from rapidfuzz import fuzz, process

# fmt: off
STOPWORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "have", "has", "had",
    "i", "me", "my", "we", "our", "you", "your", "he", "she", "it", "its", "they", "them", "their", "this", "that",
    "these", "those", "what", "which", "who", "whom", "how", "when", "where", "why", "can", "could", "would",
    "should", "will", "shall", "may", "might", "must", "there", "here", "about", "into", "than", "then", "so",
    "not", "no", "yes", "just", "also", "any", "some", "all", "too", "very", "up", "out", "over", "again", "more",
    "most", "other", "such", "own", "same", "only", "both", "each", "few", "please", "pls", "whats", "ur", "u",
    "r", "much", "many", "hi", "hello", "hey", "thanks", "thank", "tell", "know", "want", "need", "like", "get",
    "got", "let", "us", "im", "ive", "dont", "cant", "ok", "okay", "wont", "doesnt", "isnt", "arent", "didnt",
    "youre", "guys", "guy", "yall", "folks", "dose", "wat",  # filler, and typos of filler ("how long dose it take")
))
# fmt: on
ANSWER_WEIGHT = 0.75
_WORD = re.compile(r"[a-z0-9$]+")


@dataclass(frozen=True)
class FaqDoc:
    id: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def keys(self) -> str:
        """Question + alternates + tags: what a customer's words are matched against."""
        return " ".join([self.question, *self.alternates, *self.tags])


@dataclass(frozen=True)
class FaqHit:
    doc: FaqDoc
    score: float  # BM25
    confidence: float  # 0..1 coverage of the query's meaningful words


def stem(word: str) -> str:
    """A deliberately tiny stemmer (no extra dependency): tips/tipping/tipped → tip, policies → policy."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # tipp → tip
    return word


# Verbs of "can I <verb> a <thing>?": the thing decides which answer fits, not the verb ("send" appears in
# "Can I send food?", yet "can I send a surfboard?" is about surfboards). They count a fifth in coverage.
ACTION_WORDS = frozenset(stem(w) for w in (
    "send", "ship", "move", "carry", "take", "bring", "transport", "deliver", "mail", "allowed", "accept",
    "handle", "moving", "shipping", "sending",
))  # fmt: skip
ACTION_WEIGHT = 0.2


def tokens(text: str) -> list[str]:
    text = text.lower().replace("'", "").replace("\u2019", "")  # "won't" → "wont", not "won" + "t"
    return [stem(w) for w in _WORD.findall(text) if w not in STOPWORDS]


class FaqIndex:
    """Built once per loaded config; `search()` is pure and cheap (a few dozen entries)."""

    def __init__(self, docs: Sequence[FaqDoc]) -> None:
        self.docs = list(docs)
        self._key_tokens = [set(tokens(d.keys)) for d in self.docs]
        self._answer_tokens = [set(tokens(d.answer)) for d in self.docs]
        corpus = [tokens(f"{d.keys} {d.keys} {d.answer}") for d in self.docs]
        self.vocabulary = sorted({t for doc in corpus for t in doc})
        # Misspellings are repaired only towards words of questions/alternates/tags: repairing towards any
        # answer word turns "weather" into "whether" and answers a question nobody asked.
        self._repair_targets = sorted(set().union(*self._key_tokens)) if self.docs else []
        document_frequency = {t: sum(1 for doc in corpus if t in doc) for t in self.vocabulary}
        self._idf = {t: math.log(1 + len(corpus) / df) for t, df in document_frequency.items()}
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus, show_progress=False)

    def repair(self, words: Iterable[str]) -> list[str]:
        """Swap each unknown word for its closest known one (≥ 80 similar), e.g. 'cancelation' → 'cancellation'."""
        repaired = []
        for word in words:
            if word in self._idf or len(word) < 4:
                repaired.append(word)
                continue
            best = process.extractOne(word, self._repair_targets, scorer=fuzz.ratio, score_cutoff=80)
            repaired.append(best[0] if best else word)
        return repaired

    def search(self, query: str, *, limit: int = 3) -> list[FaqHit]:
        words = self.repair(tokens(query))
        known = [w for w in words if w in self._idf]
        if not self.docs or not known:
            return []
        results, scores = self._retriever.retrieve([known], k=min(limit, len(self.docs)), show_progress=False)
        # A word no entry uses counts as an uncovered word of middling rarity: "can you move my cat" stays
        # unsure, while one odd word next to clear ones ("transport fireworks") doesn't sink a good match.
        weights = sorted(self._idf.values())
        unknown_weight = weights[len(weights) // 2]

        def weight(word: str) -> float:
            return self._idf.get(word, unknown_weight) * (ACTION_WEIGHT if word in ACTION_WORDS else 1.0)

        total = sum(weight(w) for w in words)
        hits = []
        for index, score in zip(results[0], scores[0], strict=True):
            if score <= 0:
                continue
            keys, answer = self._key_tokens[int(index)], self._answer_tokens[int(index)]
            # Words in the question/alternates/tags count fully; words only in the answer count 3/4.
            covered = sum(weight(w) * (1.0 if w in keys else ANSWER_WEIGHT) for w in words if w in keys | answer)
            hits.append(FaqHit(doc=self.docs[int(index)], score=float(score), confidence=covered / total))
        return sorted(hits, key=lambda h: (h.confidence, h.score), reverse=True)

    def best(self, query: str, *, threshold: float) -> FaqHit | None:
        hits = self.search(query)
        return hits[0] if hits and hits[0].confidence >= threshold else None
