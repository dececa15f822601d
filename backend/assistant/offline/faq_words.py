"""Customers' words for what the FAQ answers talk about (faq.yaml `words`), and the check that keeps them useful.

Customers name their own things — "my laptop", "grandpa's ashes", "who pays if it breaks" — while an answer says
"electronics", "remains", "liability". Staff list the customers' words under the FAQ's word; retrieval reads a
question as if it used the FAQ's word. One phrase may be several words ("who pays"); single words match any
ending the stemmer folds ("broke", "breaks").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from assistant.config.errors import ConfigProblem

from .faq_search import FaqDoc, query_tokens, stem, tokens


class FaqWords:
    """Rewrites a question into the FAQ's words. Built once per loaded config."""

    def __init__(self, words: Mapping[str, Sequence[str]], docs: Sequence[FaqDoc] = ()) -> None:
        self._single: dict[str, list[str]] = {}
        phrases: list[tuple[str, str]] = []
        keys = _KeyText(docs)
        for target, said in words.items():
            for phrase in said:
                phrase = phrase.lower().strip()
                parts = re.findall(r"[a-z0-9']+", phrase)
                if keys.has(phrase):
                    continue  # an entry already asks it in these words: "money back" matches there as it is
                if len(parts) == 1:
                    self._single.setdefault(stem(parts[0].replace("'", "")), tokens(target))
                elif parts:
                    phrases.append((phrase, target))
        # Longest first, so "come up to" wins over "come up".
        self._phrases = [
            (re.compile(r"\b" + r"\s+".join(re.escape(p) for p in phrase.split()) + r"(?:e?s)?\b"), f" {target} ")
            for phrase, target in sorted(phrases, key=lambda pair: -len(pair[0]))
        ]
        self.customer_words = frozenset(
            w for said in words.values() for p in said for w in re.findall(r"[a-z]+", p.lower())
        )

    def rewrite(self, text: str) -> list[str]:
        """The question's meaningful words (stemmed), with customers' words swapped for the FAQ's."""
        text = text.lower().replace("\u2019", "'")
        for pattern, target in self._phrases:
            text = pattern.sub(target, text)
        out: list[str] = []
        for word in query_tokens(text):
            out.extend(self._single.get(word, [word]))
        return out


class _KeyText:
    """The questions, alternates and tags of the entries: where customers' words already match as they are."""

    def __init__(self, docs: Sequence[FaqDoc]) -> None:
        self._text = " " + " ".join(" ".join(_raw(key)) for d in docs for key in (d.question, *d.alternates, *d.tags))
        self._text += " "
        self._words = {w for d in docs for w in tokens(d.keys)}

    def has(self, phrase: str) -> bool:
        said = _raw(phrase)
        if len(said) == 1:
            return any(w in self._words for w in tokens(phrase))
        return bool(said) and f" {' '.join(said)} " in self._text


def _raw(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def check_faq_words(faq_file: Any, faq: Sequence[Any], words: Mapping[str, Sequence[str]]) -> list[ConfigProblem]:
    """A word on the left that no entry uses leads nowhere; a customer's word under two FAQ words is ambiguous."""
    docs = [FaqDoc(e.id, e.question, e.answer, tuple(e.alternates), tuple(e.tags)) for e in faq]
    used = {w for d in docs for w in tokens(f"{d.keys} {d.answer}")}
    keys = _KeyText(docs)
    problems: list[ConfigProblem] = []
    owner: dict[str, str] = {}
    for target, said in words.items():
        missing = [w for w in tokens(target) if w not in used]
        if missing or not tokens(target):
            problems.append(
                _problem(
                    faq_file,
                    ("words", target),
                    f"'{target}' appears in no FAQ question, alternate, tag or answer, so the words listed under "
                    "it lead nowhere.",
                    "put the word an answer uses on the left (e.g. electronics: [laptop, phone]).",
                )
            )
        for phrase in said:
            key = phrase.lower().strip()
            if keys.has(key):
                problems.append(
                    _problem(
                        faq_file,
                        ("words", target),
                        f"'{phrase}' already appears in an entry's question, alternates or tags, where it matches "
                        "as it is; listed here it is ignored.",
                        "remove it from this list.",
                        "warning",
                    )
                )
            if key in owner and owner[key] != target:
                problems.append(
                    _problem(
                        faq_file,
                        ("words", target),
                        f"'{phrase}' is listed under both '{owner[key]}' and '{target}'.",
                        "keep it under one of them.",
                    )
                )
            owner.setdefault(key, target)
    return problems


def _problem(faq_file: Any, loc: tuple[Any, ...], message: str, hint: str, severity: str = "error") -> ConfigProblem:
    found = (
        ConfigProblem("faq.yaml", None, None, message, hint)
        if faq_file is None
        else faq_file.problem(loc, message, hint)
    )
    return replace(found, severity=severity) if severity != "error" else found
