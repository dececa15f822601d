"""Tool calls from an intent and the details known: the arguments the tools receive."""

from __future__ import annotations

from typing import Any

from .config import Intent
from .slots import COMPARED, SERVICE_SLOTS

MAX_CALLS_PER_INTENT = 3


def tool_calls(intent: Intent, slots: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The tool call(s) for an intent: arguments from slots (only those known) over the intent's defaults."""
    assert intent.tool is not None
    service = slots.get("service_type")
    foreign = set().union(*SERVICE_SLOTS.values()) - SERVICE_SLOTS.get(service, set()) if service else set()
    args = dict(intent.defaults)
    for arg, slot in intent.args.items():
        if slot in slots and slot != intent.each and slot not in foreign:
            args[arg] = slots[slot]
    compared = slots.get(COMPARED) or []
    if len(compared) > 1 and intent.tool == "get_pricing_estimate" and "package_type" in args:
        return [(intent.tool, {**args, "package_type": p}) for p in compared[:MAX_CALLS_PER_INTENT]]
    if len(compared) > 1:
        args.pop("package_type", None)  # not chosen yet: the booking form asks, rather than us guessing
    if intent.variants:
        return [(intent.tool, {**args, **variant}) for variant in intent.variants]
    if intent.each is None:
        return [(intent.tool, args)]
    arg_name = next(arg for arg, slot in intent.args.items() if slot == intent.each)
    values = list(dict.fromkeys(slots.get(intent.each) or []))[:MAX_CALLS_PER_INTENT]
    return [(intent.tool, {**args, arg_name: value}) for value in values]


def quotes_named_things(intent: Intent) -> bool:
    """An intent that prices what the customer names (not a fixed list of variants)."""
    return intent.tool == "get_pricing_estimate" and not intent.variants
