"""Example tool results and arguments, built from the tools' own pydantic models.

`assistant check` renders every offline reply template with these, so a template that uses a field a
result does not have (`{{ result.totl }}`) is refused before a customer sees `internal_error`. Built from
the models (not written by hand) so they cannot drift from what the tools really return.

Two variants per model: "full" (every optional field set, lists with two items, flags true) and "sparse"
(optional fields None, lists empty, flags false), so both sides of a template's `{% if %}` are rendered.
Each dict is an instance of a dict subclass named after its model (e.g. QuoteResult), so Jinja's error
("'QuoteResult object' has no attribute 'totl'") names the model whose fields we can list.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

Variant = Literal["full", "sparse"]
VARIANTS: tuple[Variant, ...] = ("full", "sparse")
_SAMPLE_DATE = dt.date(2026, 6, 20)
_dict_types: dict[str, type[dict[str, Any]]] = {}


def named_dict(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """A plain dict whose type is called `name` (so template errors say which model it stands for)."""
    cls = _dict_types.setdefault(name, type(name, (dict,), {"__module__": "builtins"}))
    return cls(values)


def fields_of(name: str, model: type[BaseModel]) -> dict[str, list[str]]:
    """Model name → its field names, for it and every model nested in it (for 'it has: …' messages)."""
    found: dict[str, list[str]] = {name: list(model.model_fields)}
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            found.update(fields_of(inner.__name__, inner))
    return found


def sample_model(model: type[BaseModel], variant: Variant, *, only_required: bool = False) -> dict[str, Any]:
    """JSON-shaped example of `model` (as the tool puts it on the wire), wrapped in a named dict."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if only_required and not field.is_required():
            continue
        examples = field.examples or []
        if examples:
            values[name] = _named_json(examples[0] if variant == "full" else examples[-1], name)
        elif variant == "sparse" and _min_length(field) > 0:  # a list that is never empty
            values[name] = _sample(field.annotation, "full", name)[: _min_length(field)]
        else:
            values[name] = _sample(field.annotation, variant, name)
    return named_dict(model.__name__, values)


def _min_length(field: Any) -> int:
    return max((getattr(m, "min_length", 0) or 0 for m in field.metadata), default=0)


def _named_json(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        return named_dict(name, value)
    return value


def _sample(annotation: Any, variant: Variant, name: str) -> Any:  # noqa: C901, PLR0911 - one case per type
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if variant == "sparse" and len(options) < len(args):
            return None
        return _sample(options[0], variant, name)
    if origin is Literal:
        return args[0] if variant == "full" else args[-1]
    if origin in (list, tuple, set, frozenset):
        return [] if variant == "sparse" else [_sample(args[0], v, name) for v in ("full", "sparse")]
    if origin is dict:
        return named_dict(name, {})
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return sample_model(annotation, variant)
    if annotation is bool:
        return variant == "full"
    if annotation is int:
        return 2 if variant == "full" else 0
    if annotation in (float, Decimal):
        return "125.00" if annotation is Decimal else 1.5
    if annotation is dt.date:
        return _SAMPLE_DATE.isoformat()
    if annotation is dt.datetime:
        return dt.datetime(2026, 6, 20, 9, 0).isoformat()
    if annotation is dt.time:
        return "09:00"
    return "125.00" if name in _MONEY_FIELDS else f"example {name}"


# str fields that carry an amount ("1220.00"): templates pass them through the `money` filter.
_MONEY_FIELDS = frozenset(("amount", "total", "surcharge", "total_spent", "subtotal", "price"))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
