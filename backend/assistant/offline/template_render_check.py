"""Render every offline reply template the way the responder will, with sample tool results.

Each template is rendered for every intent (and reply) that uses it, with the context the responder
passes it (see responder.py and intents.py) and samples built from the tools' result models
(assistant/tools/samples.py), signed out and signed in, with a full and a sparse result. A name the
template uses but the context lacks (`{{ result.totl }}`) is reported at the template's own line, with
the names that do exist — the mistake StrictUndefined would otherwise turn into a customer's
`internal_error`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from assistant.config.errors import ConfigProblem, did_you_mean

from .config import TEMPLATE_DIR, IntentsConfig
from .replies import environment

Context = dict[str, Any]


def check_reply_templates(
    directory: Path, agent: Any, intents: IntentsConfig, faq: dict[str, str] | None = None
) -> list[ConfigProblem]:
    env = environment(directory)
    problems: dict[str, ConfigProblem] = {}
    for template, why, context, fields in _renderings(agent, intents, faq or {}):
        if template in problems:
            continue  # one problem per template: fixing it may fix the rest
        try:
            env.get_template(template).render(context)
        except jinja2.TemplateSyntaxError:
            continue  # reported by the syntax check with its own line
        except jinja2.TemplateNotFound:
            continue  # reported by the intents cross-check
        except jinja2.UndefinedError as exc:
            problems[template] = _problem(directory, template, exc, why, context, fields)
        except Exception as exc:  # noqa: BLE001 - a filter or expression failing on a sample is also a mistake
            file, line = _template_line(exc, directory, template)
            problems[template] = ConfigProblem(
                file, line, None, f"{why}, the template fails: {exc}.", "check the expression on that line."
            )
    return list(problems.values())


def _renderings(
    agent: Any, intents: IntentsConfig, faq: dict[str, str]
) -> Iterator[tuple[str, str, Context, dict[str, list[str]]]]:
    """(template, why it is rendered, context, field names by model) for everything the responder renders."""
    from assistant.tools.registry import TOOL_RESULTS, args_model
    from assistant.tools.samples import VARIANTS, fields_of, named_dict, sample_model

    replies = intents.replies
    slot_samples = [{}, _slots(intents)]
    for first_name in (None, "Alex"):
        base = {"contact": agent.contact, "faq": faq, "first_name": first_name}

        def render(
            template: str, why: str, extra: Context, fields: dict[str, list[str]] | None = None
        ) -> tuple[str, str, Context, dict[str, list[str]]]:
            return template, why, {**base, **extra}, fields or {}  # noqa: B023 - used right away

        for intent in intents.intents:
            why = f"answering intent '{intent.name}'"
            if intent.refuse:
                yield render(intent.reply, why, {})
                continue
            if intent.tool is None:
                for slots in slot_samples:
                    yield render(intent.reply, why, {"slots": slots, "said": slots})
                continue
            if intent.signed_out_reply:
                for slots in slot_samples:
                    yield render(intent.signed_out_reply, f"{why} signed out", {"slots": slots, "said": slots})
            result_model, arguments = TOOL_RESULTS[intent.tool], args_model(intent.tool)
            fields = {**fields_of(result_model.__name__, result_model), **fields_of(arguments.__name__, arguments)}
            fields[result_model.__name__] = ["ok", *fields[result_model.__name__]]
            for variant in VARIANTS:
                result = _ok(result_model, variant)
                results = [result]
                if intent.each:  # one call per value: some may be refused while others answer
                    error = named_dict("ToolError", {"ok": False, "error": _error("outside_service_area")})
                    results = [result, _ok(result_model, "sparse"), error]
                args = sample_model(arguments, variant, only_required=variant == "sparse")
                if intent.variants:  # one call per variant, each answered
                    results = [result] * len(intent.variants)
                for slots in slot_samples:
                    # What the responder adds: the conversation's details, this message's, and each call's args.
                    context = {
                        "result": result,
                        "results": results,
                        "args": args,
                        "calls": [args] * len(results),
                        "slots": slots,
                        "said": slots,
                    }
                    yield render(intent.reply, f"{why} with a {variant} {intent.tool} result", context, fields)
                if intent.each:  # an area with no single ZIP ("the Hamptons") is answered by its note alone
                    yield render(intent.reply, f"{why} for a named area", {"results": [], **_area(intents)}, fields)
        for slots in slot_samples:
            yield render(replies.not_sure, "saying it is not sure", {"slots": slots, "said": slots} if slots else {})
        for suggestions in ([], [{"zip": "11954", "name": "Montauk"}]):
            yield render(
                replies.zip_typo, "asking about a ZIP typed short", {"typed": "1954", "suggestions": suggestions}
            )
        sample_faq = {"question": "What are your hours?", "answer": "Every day, 8 AM to 6 PM.", "faq_id": "hours"}
        yield render(replies.faq, "answering from faq.yaml", sample_faq)
        for code in ("outside_service_area", "date_blocked", "sign_in_required", "invalid_field"):
            error_fields = {"ToolError": ["code", "message", "field"]}
            yield render(
                replies.tool_error, f"telling a tool's '{code}' refusal", {"error": _error(code)}, error_fields
            )
        yield render(replies.tool_failed, "telling a tool call failed", {})


def _ok(model: Any, variant: Any) -> dict[str, Any]:
    """A tool's yes-answer on the wire: {"ok": true, **result}."""
    from assistant.tools.samples import named_dict, sample_model

    return named_dict(model.__name__, {"ok": True, **sample_model(model, variant)})


def _error(code: str) -> dict[str, Any]:
    from assistant.tools.samples import named_dict

    return named_dict("ToolError", {"code": code, "message": "Example refusal from the tool.", "field": "zip_code"})


def _area(intents: IntentsConfig) -> Context:
    """Context of a coverage answer for an area with a note and no ZIP."""
    slots = {"places": [{"name": "the Hamptons", "zip": None, "note": "Most villages are in our core area."}]}
    return {"slots": slots, "said": slots}


def _slots(intents: IntentsConfig) -> dict[str, Any]:
    """Slots as the extractor fills them, for intents that reply with what the customer said."""
    from .config import SLOT_NAMES

    examples: dict[str, Any] = {
        "service_type": "mini_move",
        "package_type": "standard",
        "pickup_zip": "10001",
        "delivery_zip": "11968",
        "zips": ["10001", "11968"],
        "pickup_date": "2026-06-20",
        "booking_number": "TT-000123",
        "bag_or_item_count": 3,
        "places": [{"name": "Southampton", "zip": "11968", "note": None}],
        "first_date": "2026-06-20",
        "date_span_days": 7,
        "date_reading": {"said": "next saturday", "date": "2026-06-20", "other": "2026-06-27"},
        "unlisted_item": "a piano",
        "zip_typo": {"typed": "1OOO1", "zip": "10001"},
        "item_description": "3 boxes",
        "upcoming": "next",
    }
    return {name: value for name, value in examples.items() if name in SLOT_NAMES}


def _problem(
    directory: Path, template: str, exc: jinja2.UndefinedError, why: str, context: Context, fields: dict
) -> ConfigProblem:
    file, line = _template_line(exc, directory, template)
    raw = exc.message or ""
    attribute = re.match(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$", raw)
    if attribute:
        owner, name = attribute.groups()
        known = fields.get(owner) or _model_fields(context, owner)
        if known is None:
            return ConfigProblem(file, line, None, f"{why}: '{name}' does not exist here ({raw}).", "check the name.")
        return ConfigProblem(
            file,
            line,
            None,
            f"{why}: '{name}' is not something the template can use on a {owner}; it has: {', '.join(known)}.",
            did_you_mean(name, known) or "use one of those names.",
        )
    variables = sorted(context)
    undefined = re.match(r"^'(\w+)' is undefined$", raw)
    if undefined:
        name = undefined.group(1)
        return ConfigProblem(
            file,
            line,
            None,
            f"{why}: '{name}' is not a variable this template gets; it has: {', '.join(variables)}.",
            did_you_mean(name, variables) or "use one of those names.",
        )
    return ConfigProblem(file, line, None, f"{why}: {raw}.", "variables it has: " + ", ".join(variables) + ".")


def _model_fields(context: Context, owner: str) -> list[str] | None:
    """Field names of a pydantic object in the context (e.g. contact) whose class is `owner`."""
    from pydantic import BaseModel

    for value in context.values():
        if isinstance(value, BaseModel) and type(value).__name__ == owner:
            return list(type(value).model_fields)
    return None


def _template_line(exc: BaseException, directory: Path, template: str) -> tuple[str, int | None]:
    """The innermost template frame of the traceback (Jinja keeps each template's own file name and lines)."""
    folder = (directory / TEMPLATE_DIR).resolve()
    file, line, tb = template, None, exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if path.suffix == ".j2" and path.resolve().parent == folder:
            file, line = path.name, tb.tb_lineno
        tb = tb.tb_next
    return f"{directory.name}/{TEMPLATE_DIR}/{file}", line
