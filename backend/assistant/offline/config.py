"""agent_config/intents.yaml: what offline mode understands, which tool it calls, what it asks, how it replies.

Loaded through the same YAML helpers as the rest of agent_config/, so a mistake here is reported as
`agent_config/intents.yaml, line N (intents[2].tool): ... Hint: ...` by `make check-config` and at startup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from assistant.config.errors import ConfigProblem, did_you_mean
from assistant.config.template_syntax import syntax_problem
from assistant.config.yaml_source import YamlFile, read_yaml, validate

from .extract import Vocabulary
from .follow_up_words import FollowUpWords
from .places import Place, load_places
from .policy import PolicyQuestions

TEMPLATE_DIR = "prompts/offline"
TOOL_NAMES = (
    "check_zip_coverage",
    "get_pricing_estimate",
    "check_availability",
    "lookup_booking_status",
    "lookup_booking_history",
    "build_booking_handoff",
)
# Slots the extractor fills (domain.md §9 names) plus its own: every ZIP in order, a count of "bags" not yet
# known to be airport bags or delivery items, a booking number, whether a booking ahead is asked about...
SLOT_NAMES = (
    "service_type", "package_type", "include_packing", "include_unpacking", "coi_required",
    "is_same_day_delivery", "pickup_time", "specific_pickup_hour", "standard_delivery_item_count",
    "specialty_items", "blade_bag_count", "blade_airport", "blade_terminal", "transfer_direction",
    "pickup_zip", "delivery_zip", "pickup_date", "booking_number", "zips", "bag_or_item_count",
    "places", "first_date", "date_span_days", "date_reading", "unlisted_item", "zip_typo", "item_description",
    "upcoming", "booking_state",
)  # fmt: skip

ADD_ON_SLOTS = ("include_packing", "include_unpacking", "coi_required", "is_same_day_delivery")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlotQuestion(_Strict):
    slots: list[str] = Field(min_length=1, description="Any one of these slots answers the question.")
    ask: str = Field(min_length=5, description="What the assistant asks when none of them is known yet.")
    when: dict[str, str] = Field(default_factory=dict, description="Ask only when these slots have these values.")


class Intent(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Unique name, lowercase_with_underscores.")
    description: str = Field(min_length=5, description="What customers mean by it (for people reading this file).")
    keywords: list[str] = Field(default_factory=list, description="Words or phrases that point to this intent.")
    except_keywords: list[str] = Field(
        default_factory=list, description="Words that rule this intent out (e.g. 'cancel' for booking status)."
    )
    faq_first: bool = Field(
        False, description="true = when the message names none of the signals, a confident FAQ answer wins."
    )
    signals: dict[str, float] = Field(
        default_factory=dict,
        description="Slots whose presence in a message points here, with a weight (1 = a keyword); a negative "
        "weight points away ('2 bags to JFK on the 4th, is it more expensive?' wants the quote, not date_cost).",
    )
    refuse: bool = Field(False, description="true = a polite refusal checked before anything else (off-topic, tricks).")
    unless_on_topic: bool = Field(
        False,
        description="A refusal that gives way when the message also asks something of ours: 'can the driver grab "
        "our bags from the hotel? we'll be at brunch' is not a restaurant question.",
    )
    tool: str | None = Field(None, description="The tool this intent calls; none = reply only.")
    args: dict[str, str] = Field(default_factory=dict, description="Tool argument name: slot it is filled from.")
    defaults: dict[str, Any] = Field(default_factory=dict, description="Tool arguments with a fixed value.")
    each: str | None = Field(None, description="Call the tool once per value of this list slot (e.g. zips).")
    requires: list[SlotQuestion] = Field(default_factory=list, description="Slots needed before calling the tool.")
    changes_after: list[str] = Field(
        default_factory=list,
        description="Intents whose answer a change then asks to alter (a change word or 'bump it to 6 items' right "
        "after a booking lookup asks to change that booking): this intent answers instead of a new quote.",
    )
    carry_over_from: list[str] = Field(
        default_factory=list,
        description="Intents whose details (ZIPs, date, service...) this one reuses, e.g. a quote.",
    )
    variants: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Call the tool once per entry, each entry's arguments over the others (e.g. one price per "
        "service for 'what is the cheapest option?').",
    )
    follow_up: bool = Field(False, description="true = a later message that only adds details re-runs this intent.")
    yes_after: list[str] = Field(
        default_factory=list,
        description="Intents whose answer ends with an offer this intent fulfils: a plain 'yes' right after "
        "one of them runs this intent (a quote offers the booking form).",
    )
    reply: str = Field(description="Template in agent_config/prompts/offline/ for the answer.")
    signed_out_reply: str | None = Field(None, description="Template used when the tool is not offered (signed out).")

    @property
    def pointers(self) -> frozenset[str]:
        """The signals that point here (positive weight): a message naming one is about this intent."""
        return frozenset(name for name, weight in self.signals.items() if weight > 0)


class OfflineSettings(_Strict):
    faq_threshold: float = Field(
        0.5, gt=0, le=1, description="Least FAQ match confidence (0-1) to answer from faq.yaml."
    )
    fuzzy_keyword_score: int = Field(88, ge=60, le=100, description="How close (0-100) a misspelt keyword must be.")
    min_intent_score: float = Field(1.0, gt=0, description="Least keyword + signal score for an intent to win.")
    date_only_intent: str | None = Field(
        None, description="Intent for a message that names a day and matches nothing else ('tuesday next week?')."
    )


class Replies(_Strict):
    faq: str = "faq.j2"
    not_sure: str = "not_sure.j2"
    tool_error: str = "tool_error.j2"
    tool_failed: str = "tool_failed.j2"
    tool_off: str = Field(
        "tool_off.j2", description="Said when a question needs a tool switched off in tools.yaml (give the phone)."
    )
    zip_typo: str = Field("zip_typo.j2", description="'Did you mean…?' for a ZIP typed with a digit missing.")


class IntentsConfig(_Strict):
    """intents.yaml"""

    settings: OfflineSettings = Field(default_factory=OfflineSettings)
    vocabulary: Vocabulary
    follow_ups: FollowUpWords = Field(default_factory=FollowUpWords)
    policy_questions: PolicyQuestions = Field(default_factory=PolicyQuestions)
    replies: Replies = Field(default_factory=Replies)
    affirmations: list[str] = Field(
        default_factory=list, description="Words that mean 'yes' when a message starts with one (see yes_after)."
    )
    intents: list[Intent] = Field(min_length=1)
    _places: tuple[Place, ...] = PrivateAttr(default=())
    _source: YamlFile | None = PrivateAttr(default=None)

    @property
    def places(self) -> tuple[Place, ...]:
        """Place names from places.yaml (loaded beside intents.yaml)."""
        return self._places

    @property
    def source(self) -> YamlFile | None:
        """The parsed intents.yaml it was loaded from (for line numbers in later checks); None when built in code."""
        return self._source

    def by_name(self, name: str) -> Intent:
        return next(i for i in self.intents if i.name == name)

    def for_tool(self, tool: str) -> Intent | None:
        return next((i for i in self.intents if i.tool == tool), None)


def load_intents(directory: Path) -> tuple[IntentsConfig | None, list[ConfigProblem]]:
    """Parse and check intents.yaml in `directory`; (None, problems) when anything is wrong."""
    directory = Path(directory)
    file, problems = read_yaml(directory / "intents.yaml", f"{directory.name}/intents.yaml")
    if file is None:
        return None, problems
    model, more = validate(file, IntentsConfig)
    problems += more
    if model is None:
        return None, problems
    assert isinstance(model, IntentsConfig)
    problems += _cross_checks(model, file, directory / TEMPLATE_DIR)
    places, place_problems = load_places(directory)
    problems += place_problems
    model._places = tuple(places.places)
    model._source = file
    # A template that does not compile is reported here, but the intents are still returned so the other
    # templates are rendered with sample data in the same run (every mistake at once).
    return (None if problems else model), problems + _template_syntax(directory)


def _template_syntax(directory: Path) -> list[ConfigProblem]:
    """Every reply template must compile; a broken one is reported with its file and line."""
    from .replies import environment

    env, problems = environment(directory), []
    for path in sorted((directory / TEMPLATE_DIR).glob("*.j2")):
        try:
            env.get_template(path.name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(syntax_problem(env, exc, f"{directory.name}/{TEMPLATE_DIR}/{path.name}"))
    return problems


def _cross_checks(config: IntentsConfig, file: Any, templates: Path) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    available = sorted(p.name for p in templates.glob("*.j2")) if templates.is_dir() else []

    def template(loc: tuple[str | int, ...], name: str | None) -> None:
        if name is not None and name not in available:
            problems.append(
                file.problem(
                    loc, f"template '{name}' is not in agent_config/{TEMPLATE_DIR}/.", did_you_mean(name, available)
                )
            )

    def slot(loc: tuple[str | int, ...], name: str) -> None:
        if name not in SLOT_NAMES:
            problems.append(
                file.problem(loc, f"'{name}' is not a slot offline mode can fill.", did_you_mean(name, SLOT_NAMES))
            )

    names = [i.name for i in config.intents]
    if (on_date := config.settings.date_only_intent) is not None and on_date not in names:
        problems.append(
            file.problem(
                ("settings", "date_only_intent"), f"no intent is named '{on_date}'.", did_you_mean(on_date, names)
            )
        )
    for key, name in config.replies.model_dump().items():
        template(("replies", key), name)
    packages = list(config.vocabulary.packages)
    for j, size in enumerate(config.follow_ups.package_sizes):
        if size.package not in packages:
            problems.append(
                file.problem(
                    ("follow_ups", "package_sizes", j, "package"),
                    f"'{size.package}' is not a package under vocabulary.packages.",
                    did_you_mean(size.package, packages),
                )
            )
    for name in config.follow_ups.add_ons:
        if name not in ADD_ON_SLOTS:
            problems.append(
                file.problem(
                    ("follow_ups", "add_ons", name),
                    f"'{name}' is not an add-on offline mode can take away.",
                    did_you_mean(name, ADD_ON_SLOTS),
                )
            )
    seen: set[str] = set()
    for i, intent in enumerate(config.intents):
        at: tuple[str | int, ...] = ("intents", i)
        if intent.name in seen:
            problems.append(file.problem((*at, "name"), f"intent '{intent.name}' is declared twice.", "rename one."))
        seen.add(intent.name)
        if intent.tool is not None and intent.tool not in TOOL_NAMES:
            problems.append(
                file.problem(
                    (*at, "tool"),
                    f"'{intent.tool}' is not one of: {', '.join(TOOL_NAMES)}.",
                    did_you_mean(intent.tool, TOOL_NAMES),
                )
            )
        if intent.tool is None and (intent.args or intent.requires or intent.each or intent.variants):
            problems.append(file.problem(at, "args/requires/each need a 'tool'.", "add 'tool:' or remove them."))
        if not intent.keywords and not intent.signals:
            problems.append(file.problem(at, "an intent needs 'keywords' or 'signals' to ever be chosen."))
        template((*at, "reply"), intent.reply)
        template((*at, "signed_out_reply"), intent.signed_out_reply)
        for arg, name in intent.args.items():
            slot((*at, "args", arg), name)
        for name in intent.signals:
            slot((*at, "signals", name), name)
        if intent.each is not None:
            slot((*at, "each"), intent.each)
        names = [i.name for i in config.intents]
        for key, others in (
            ("carry_over_from", intent.carry_over_from),
            ("yes_after", intent.yes_after),
            ("changes_after", intent.changes_after),
        ):
            for j, other in enumerate(others):
                if other not in names:
                    problems.append(
                        file.problem((*at, key, j), f"no intent is named '{other}'.", did_you_mean(other, names))
                    )
        for j, question in enumerate(intent.requires):
            for name in [*question.slots, *question.when]:
                slot((*at, "requires", j), name)
    return problems
