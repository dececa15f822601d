"""FAQ overlap: an entry whose wording would answer questions another entry is there for.

A new "thanksgiving" entry with the alternate "are you open on holidays?" can quietly capture "Are you
working on Labor Day?", which the holidays entry answers. Offline mode picks one entry per question, so
we ask its own retriever each entry's question and alternates and warn when a different entry wins. A listed
question itself always reaches its entry; the check ranks it as any other wording of it, which is what a customer
who says it a little differently gets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.config.errors import ConfigProblem

from .config import IntentsConfig
from .extract import normalise
from .faq_search import FaqDoc, FaqIndex
from .faq_words import FaqWords

_SHOWN = 2  # questions quoted per overlapping pair


def build_faq_index(faq: Sequence[Any], words: Mapping[str, Sequence[str]]) -> FaqIndex:
    """The retriever offline mode answers with: the entries, reading questions through faq.yaml `words`."""
    docs = [FaqDoc(e.id, e.question, e.answer, tuple(e.alternates), tuple(e.tags)) for e in faq]
    vocabulary = FaqWords(words, docs)
    return FaqIndex(docs, vocabulary.rewrite, vocabulary.customer_words)


def check_faq_overlap(
    faq: list[Any], faq_file: Any, intents: IntentsConfig, words: Mapping[str, Sequence[str]] | None = None
) -> list[ConfigProblem]:
    index = build_faq_index(faq, words or {})
    threshold = intents.settings.faq_threshold
    # (winner, loser) → the loser's questions it takes, each with whether the listed wording itself still reaches
    # the loser (it does when listing it breaks a tie in coverage, not when the winner covers it better).
    captured: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for entry in faq:
        for question in (entry.question, *entry.alternates):
            asked = normalise(question)
            # As the planner reads it, less the preference for a listed question: a customer who words it a
            # little differently ("what can u move") is ranked this way.
            hit = index.best(asked, threshold=threshold, prefer_listed=False)
            if hit is not None and hit.doc.id != entry.id:
                as_listed = index.best(asked, threshold=threshold)
                reached = as_listed is not None and as_listed.doc.id == entry.id
                captured.setdefault((hit.doc.id, entry.id), []).append((question, reached))
    positions = {entry.id: i for i, entry in enumerate(faq)}
    problems = []
    for (winner, loser), taken in captured.items():
        questions = [question for question, _ in taken]
        quoted = ", ".join(f'"{q}"' for q in questions[:_SHOWN]) + (" …" if len(questions) > _SHOWN else "")
        if all(reached for _, reached in taken):
            message = (
                f"FAQ entry '{winner}' would answer questions worded like {quoted}, which entry '{loser}' is there "
                f"for (offline mode picks one entry per question; only those exact wordings still reach '{loser}')."
            )
        else:
            message = (
                f"FAQ entry '{winner}' would answer {quoted}, which entry '{loser}' is there for "
                "(offline mode picks one entry per question)."
            )
        hint = (
            f"make the alternates of '{winner}' more specific, or give '{loser}' more of the words customers use "
            "for it (alternates or tags)."
        )
        at = ("faq", positions[winner], "alternates")
        problem = (
            faq_file.problem(at, message, hint)
            if faq_file is not None
            else ConfigProblem("faq.yaml", None, None, message, hint)
        )
        problems.append(ConfigProblem(problem.file, problem.line, problem.key_path, message, hint, "warning"))
    return problems
