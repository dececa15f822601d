"""FAQ retrieval for offline mode: BM25 ranking (bm25s) with typo repair (rapidfuzz) and an honest threshold.

Ranking picks the best entry; the confidence is a separate, explainable number — the share of the
question's meaningful words (weighted by rarity) that the entry's question, alternates and tags cover.
Below the threshold the caller says "I'm not sure" instead of guessing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
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
# Words of telling a situation rather than naming a topic ("what happens if something gets broken on the way"):
# left out of a customer's question, not of the entries (their ranking stays as staff tuned it).
FILLER = frozenset((
    "something", "anything", "everything", "someone", "anyone", "stuff", "kind", "sort", "exactly", "possibly",
    "actually", "really", "basically", "happen", "happens", "way", "along", "before", "after", "while", "during",
    "until", "those", "show", "shows", "gets", "getting", "somewhere", "anywhere", "actual", "usually", "normally",
    "generally", "typically", "approximately", "maybe", "probably", "going", "gonna", "supposed", "one", "ones",
    "problem", "problems", "issue", "issues",
))
# fmt: on
ANSWER_WEIGHT = 0.75
_WORD = re.compile(r"[a-z0-9$]+")
_POSSESSIVE = re.compile(r"\b([a-z]+)['\u2019]s\b")
_CONTRACTION = re.compile(r"\b([a-z]+)['\u2019](s|ll|re|ve|d|m)\b")


def _apostrophes(text: str) -> str:
    """Lower-cased, a stopword's contraction kept as the stopword ("where's" → "where", "i'll" → "i": not the
    words "wheres" and "ill"), other apostrophes dropped ("won't" → "wont", not "won" + "t")."""
    text = _CONTRACTION.sub(lambda m: m[1] if m[1] in STOPWORDS else m[0], text.lower())
    return text.replace("'", "").replace("\u2019", "")


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
    listed: bool = False  # the entry lists this very question (its meaningful words) as its question or an alternate


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
    text = _apostrophes(text)
    return [stem(w) for w in _WORD.findall(text) if w not in STOPWORDS]


def query_tokens(text: str) -> list[str]:
    """A customer's meaningful words: `tokens` less filler, also once stemmed ("gets" → "get")."""
    text = _apostrophes(text)
    dropped = STOPWORDS | FILLER
    stems = (stem(w) for w in _WORD.findall(text) if w not in dropped)
    return [w for w in stems if w not in dropped]


class FaqIndex:
    """Built once per loaded config; `search()` is pure and cheap (a few dozen entries)."""

    def __init__(
        self,
        docs: Sequence[FaqDoc],
        rewrite: Callable[[str], list[str]] | None = None,
        customer_words: Iterable[str] = (),
    ) -> None:
        """`rewrite` reads a question into the FAQ's words; `customer_words` are the words it knows how to read
        (FaqWords, from faq.yaml `words`), so typo repair leaves them alone."""
        self.docs = list(docs)
        self._rewrite = rewrite or query_tokens
        self.customer_words = frozenset(customer_words)
        self._key_tokens = [set(tokens(d.keys)) for d in self.docs]
        self._answer_tokens = [set(tokens(d.answer)) for d in self.docs]
        # Each entry's question and alternates, read as a customer's question is (`FaqHit.listed`).
        self._wordings = [{frozenset(self._rewrite(w)) for w in (d.question, *d.alternates)} for d in self.docs]
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
            best = process.extractOne(word, self._repair_targets, scorer=fuzz.ratio, score_cutoff=85)
            repaired.append(best[0] if best else word)
        return repaired

    def split_compounds(self, words: Iterable[str]) -> list[str]:
        """An unknown word ending in a word the entries use is that word: 'houseplants' → 'plant'."""
        out = []
        for word in words:
            tail = next((word[i:] for i in range(3, len(word) - 4) if word[i:] in self._idf), None)
            out.append(word if word in self._idf or tail is None else tail)
        return out

    def search(self, query: str, *, limit: int = 3, prefer_listed: bool = True) -> list[FaqHit]:
        words = self._meaningful(query)
        known = [w for w in words if w in self._idf]
        if not self.docs or not known:
            return []
        results, scores = self._retriever.retrieve([known], k=len(self.docs), show_progress=False)
        asked = frozenset(words)
        # A word no entry uses counts as an uncovered word of middling rarity: "can you move my cat" stays
        # unsure, while one odd word next to clear ones ("transport fireworks") doesn't sink a good match.
        weights = sorted(self._idf.values())
        unknown_weight = weights[len(weights) // 2]

        def weight(word: str) -> float:
            return self._idf.get(word, unknown_weight) * (ACTION_WEIGHT if word in ACTION_WORDS else 1.0)

        total = sum(weight(w) for w in words)
        hits = []
        for rank, (index, score) in enumerate(zip(results[0], scores[0], strict=True)):
            # BM25's best few, and any entry listing this very question, which BM25 may rank below entries that
            # merely say its words more often ("What can you move?" under services, "move" all over Mini Move
            # sizing).
            listed = prefer_listed and asked in self._wordings[int(index)]
            if score <= 0 or (rank >= limit and not listed):
                continue
            keys, answer = self._key_tokens[int(index)], self._answer_tokens[int(index)]
            # Words in the question/alternates/tags count fully; words only in the answer count 3/4.
            covered = sum(weight(w) * (1.0 if w in keys else ANSWER_WEIGHT) for w in words if w in keys | answer)
            hits.append(FaqHit(self.docs[int(index)], float(score), covered / total, listed=listed))
        # Among entries that cover the question as well, the one that lists it wins: staff meant it.
        return sorted(hits, key=lambda h: (h.confidence, h.listed, h.score), reverse=True)[:limit]

    def best(
        self, query: str, *, threshold: float, asks_if_allowed: bool = False, prefer_listed: bool = True
    ) -> FaqHit | None:
        """The entry that answers `query`, or None. A question of whether we take something ("can those go in my
        bags?") is answered by the one entry that names the thing, even among words about the occasion.
        `prefer_listed=False` ranks a listed question as any other wording of it would be (the overlap check)."""
        hits = self.search(query, prefer_listed=prefer_listed)
        if hits and hits[0].confidence >= threshold:
            return hits[0]
        if not asks_if_allowed or not hits:
            return None
        words = self._meaningful(query)
        if sum(1 for w in words if w not in self._idf and w not in ACTION_WORDS) > 1:
            return None  # "can you water my plants while I'm away" asks about more than the plants
        named = {w for w in words if w not in ACTION_WORDS and len(w) >= 4}
        for hit in hits:
            index = self.docs.index(hit.doc)
            mentions = self._key_tokens[index] | self._answer_tokens[index]
            if any(w in mentions and self._only_in(w, index) for w in named):
                return hit
        return None

    def naming_in_answer(self, query: str) -> FaqHit | None:
        """The one entry whose answer alone names a thing of `query` ("fireworks" in the prohibited list), for a
        whether-question told with its occasion ("for the 4th"); words of the entries' questions don't count."""
        words = self._meaningful(query)
        if sum(1 for w in words if w not in self._idf and w not in ACTION_WORDS) > 1:
            return None
        for hit in self.search(query):
            index = self.docs.index(hit.doc)
            only_answer = self._answer_tokens[index] - self._key_tokens[index]
            if any(w in only_answer and self._only_in(w, index) and w not in ACTION_WORDS for w in words):
                return hit
        return None

    def covered(self, hit: FaqHit, query: str) -> list[tuple[str, str]]:
        """The words of `query` that entry `hit` mentions: (as the customer said it, as the FAQ reads it) —
        'schedule' may be read as the entry's 'reschedule'."""
        index = self.docs.index(hit.doc)
        said = self._rewrite(query)
        read = self.repair(self.split_compounds(said))  # both keep one word per word: pairs line up
        mentions = self._key_tokens[index] | self._answer_tokens[index]
        return [(own, faq) for own, faq in zip(said, read, strict=True) if faq in mentions]

    def read(self, text: str) -> list[str]:
        """`text`'s meaningful words as the entries' words (faq.yaml `words`), before typo repair."""
        return self._rewrite(text)

    def _meaningful(self, query: str) -> list[str]:
        # "my grandfather's ashes": the owner says whose, the thing after it says what — an owner no entry
        # mentions is left out rather than counted as a word the entry fails to cover.
        owners = {w for m in _POSSESSIVE.findall(query.lower()) for w in tokens(m)} - self._idf.keys()
        return [w for w in self.repair(self.split_compounds(self._rewrite(query))) if w not in owners]

    def _only_in(self, word: str, index: int) -> bool:
        """Does `word` appear in entry `index` and no other (the entry names a thing no other mentions)?"""
        return all(
            (word in (self._key_tokens[i] | self._answer_tokens[i])) == (i == index) for i in range(len(self.docs))
        )
