"""agent.yaml `spec.model`: is it a provider PydanticAI has, and a model that provider has?

A wrong name is not caught by starting the agent: with a key, every turn fails at the provider and
silently falls back to offline mode. So the check compares against what the installed libraries know:
PydanticAI's provider registry and `known_model_names()`, plus the model ids the provider's SDK lists.
PydanticAI's list is deliberately short (the newest models), so a name it does not list is judged:
- a version newer than any the libraries know (`claude-sonnet-9`) is an error with the closest name;
- an older or dated variant of a known family (`claude-sonnet-4-20250514`) is a warning saying so.
"""

from __future__ import annotations

import contextlib
import re
import typing
from collections.abc import Iterable
from functools import cache

from .errors import did_you_mean

# provider:family-major[-minor][-YYYYMMDD|-latest], e.g. claude-sonnet-4-5-20250929
_VERSIONED = re.compile(
    r"^(?P<family>[a-z]+(?:-[a-z]+)*)-(?P<major>\d+)(?:-(?P<minor>\d{1,2}))?(?:-(?:\d{8}|latest))?$"
)


def check_model_name(model: str) -> tuple[str, str, str | None] | None:
    """None when the model is known; else (severity, message, hint)."""
    from pydantic_ai.models import parse_model_id

    if model == "test":
        return None
    provider, name = parse_model_id(model)
    if provider is None:
        return (
            "error",
            f"'{model}' is not a model name.",
            "write it as provider:name, e.g. anthropic:claude-sonnet-4-6.",
        )
    if not provider_exists(provider):
        hint = did_you_mean(provider, listed_providers()) or "e.g. anthropic."
        return ("error", f"'{provider}' is not a model provider PydanticAI knows.", hint)
    known = provider_models(provider)
    if name in known or not known:
        return None
    closest = did_you_mean(name, known) or f"models it knows: {', '.join(sorted(known)[:8])}."
    verdict = _judge_unlisted(name, known)
    if verdict == "newer" or (verdict == "unknown" and provider in _SDK_MODEL_LISTS):
        return ("error", f"'{name}' is not a model that {provider} offers, as far as PydanticAI knows.", closest)
    return (
        "warning",
        f"'{name}' is not in PydanticAI's list of {provider} models; it may still work, but check the name on "
        "the provider's model page: a wrong name makes every chat fall back to offline mode.",
        closest,
    )


# Providers whose SDK lists every model id it accepts (a name outside the list is an error, not a guess).
_SDK_MODEL_LISTS = {"anthropic": ("anthropic.types", "Model")}


@cache
def listed_providers() -> tuple[str, ...]:
    from pydantic_ai.models import known_model_names

    return tuple(sorted({name.split(":", 1)[0] for name in known_model_names() if ":" in name}))


def provider_exists(provider: str) -> bool:
    if provider in listed_providers():
        return True
    from pydantic_ai.providers import infer_provider_class

    try:
        infer_provider_class(provider)
    except ValueError:
        return False
    except ImportError:  # a provider whose SDK is not installed still exists
        return True
    return True


@cache
def provider_models(provider: str) -> frozenset[str]:
    """Model names (without 'provider:') that PydanticAI lists, plus those the provider's SDK lists."""
    from pydantic_ai.models import known_model_names

    names = {n.split(":", 1)[1] for n in known_model_names() if n.startswith(f"{provider}:")}
    if provider in _SDK_MODEL_LISTS:
        import importlib

        module, attribute = _SDK_MODEL_LISTS[provider]
        with contextlib.suppress(ImportError, AttributeError):  # the SDK is a project dependency
            names |= set(_literals(getattr(importlib.import_module(module), attribute)))
    return frozenset(names)


def _literals(annotation: typing.Any) -> Iterable[str]:
    for arg in typing.get_args(annotation):
        if isinstance(arg, str):
            yield arg
        else:
            yield from _literals(arg)


def _judge_unlisted(name: str, known: Iterable[str]) -> str:
    """'older' (a dated or older version of a known family), 'newer' (beyond every known version: most
    likely a typo) or 'unknown' (no known family)."""
    match = _VERSIONED.match(name)
    if match is None:
        return "unknown"
    newest: tuple[int, int] | None = None
    for other in known:
        found = _VERSIONED.match(other)
        if found and found["family"] == match["family"]:
            version = (int(found["major"]), int(found["minor"] or 0))
            newest = version if newest is None else max(newest, version)
    if newest is None:
        return "unknown"
    return "newer" if (int(match["major"]), int(match["minor"] or 0)) > newest else "older"
