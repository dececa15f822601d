"""Read one YAML file into (data, node tree) and turn pydantic errors into ConfigProblems with line numbers.

PyYAML's composed node tree keeps the line of every key and value; we walk it with a pydantic error's
`loc` to point at the exact line. This module is also the helper the offline intents loader uses.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from common import yaml_loader

from .errors import ConfigProblem, did_you_mean

Loc = tuple[str | int, ...]


class YamlFile:
    """One parsed YAML file: `data` (plain Python) and `root` (nodes with line numbers)."""

    def __init__(self, display_name: str, data: Any, root: yaml.Node | None) -> None:
        self.display_name = display_name
        self.data = data
        self.root = root

    def line_of(self, loc: Loc) -> int | None:
        """1-based line of the key at `loc`; the nearest existing parent's line when it is absent."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
                if match is None:
                    return line
                line, node = match[0].start_mark.line + 1, match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def problem(self, loc: Loc, message: str, hint: str | None = None) -> ConfigProblem:
        return ConfigProblem(self.display_name, self.line_of(loc), key_path(loc), message, hint)


def key_path(loc: Loc) -> str | None:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def read_yaml(path: Path, display_name: str) -> tuple[YamlFile | None, list[ConfigProblem]]:
    """Parse a file; syntax errors and duplicate keys become problems with the line they are on."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [ConfigProblem(display_name, None, None, "file is missing.", "restore it from git.")]
    try:
        root = yaml_loader.compose(text)
        data = yaml_loader.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
        hint = "check the indentation (spaces, not tabs) and that every 'key: value' has a space after the colon."
        return None, [ConfigProblem(display_name, line, None, f"this is not valid YAML: {what or exc}.", hint)]
    file = YamlFile(display_name, data, root)
    return file, _duplicate_keys(file, root, ())


def _duplicate_keys(file: YamlFile, node: yaml.Node | None, loc: Loc) -> list[ConfigProblem]:
    # PyYAML silently keeps the last of two equal keys; an editor almost never means that.
    problems: list[ConfigProblem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in seen:
                problems.append(
                    ConfigProblem(
                        file.display_name,
                        key_node.start_mark.line + 1,
                        key_path((*loc, name)),
                        f"key '{name}' appears twice here; only the last one would count.",
                        "delete or rename one of them.",
                    )
                )
            seen.add(name)
            problems += _duplicate_keys(file, value_node, (*loc, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(file, item, (*loc, index))
    return problems


def validate(file: YamlFile, model: type[BaseModel]) -> tuple[BaseModel | None, list[ConfigProblem]]:
    """Validate the file's data against `model`; every pydantic error becomes a readable problem."""
    data = file.data if file.data is not None else {}
    if not isinstance(data, dict):
        return None, [file.problem((), "the file must be a set of 'key: value' lines at the top level.")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = _drop_missing_explained_by_typo(model, exc.errors())
        return None, [_problem_from_error(file, model, err) for err in errors]


def _drop_missing_explained_by_typo(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    # "lable:" gives both "unknown key 'lable'" and "'label' is missing"; the first (with its hint) says it all.
    suggested = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            for guess in difflib.get_close_matches(str(loc[-1]), _allowed_keys(model, loc[:-1]), n=1, cutoff=0.6):
                suggested.add((*loc[:-1], guess))
    return [err for err in errors if not (err["type"] == "missing" and tuple(err["loc"]) in suggested)]


def load_yaml_model(path: Path, model: type[BaseModel], display_name: str) -> tuple[Any, list[ConfigProblem]]:
    """Read + validate in one call (for loaders of other agent_config files, e.g. intents.yaml)."""
    file, problems = read_yaml(path, display_name)
    if file is None:
        return None, problems
    instance, more = validate(file, model)
    return instance, problems + more


_KIND = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a group of 'key: value' lines",
    "model_type": "a group of 'key: value' lines",
    "model_attributes_type": "a group of 'key: value' lines",
}


_LIMIT = {
    "less_than_equal": "must be at most {limit}, got {value}.",
    "less_than": "must be less than {limit}, got {value}.",
    "greater_than_equal": "must be at least {limit}, got {value}.",
    "greater_than": "must be more than {limit}, got {value}.",
    "string_too_short": "is too short: at least {limit} characters, got {value}.",
    "string_too_long": "is too long: at most {limit} characters.",
    "too_short": "needs at least {limit} entries.",
    "too_long": "has too many entries (at most {limit}).",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a group of 'key: value' lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:57] + "...")
    return repr(value)


def _problem_from_error(file: YamlFile, model: type[BaseModel], err: Any) -> ConfigProblem:
    loc: Loc = tuple(part for part in err["loc"] if not (isinstance(part, str) and "[" in part))
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        return file.problem(
            loc,
            f"unknown key '{loc[-1]}'." + (f" Allowed here: {', '.join(allowed)}." if allowed else ""),
            did_you_mean(loc[-1], allowed) or "remove it, or check its indentation.",
        )
    if kind == "missing":
        return file.problem(loc, f"required key '{loc[-1]}' is missing.", f"add '{loc[-1]}:' here.")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        return file.problem(
            loc, f"{_describe(value)} is not one of: {', '.join(choices)}.", did_you_mean(value, choices)
        )
    if kind in _KIND:
        return file.problem(loc, f"expected {_KIND[kind]}, got {_describe(value)}.")
    if kind in _LIMIT:
        limit = next(iter(err.get("ctx", {}).values()), "?")
        return file.problem(loc, _LIMIT[kind].format(limit=limit, value=_describe(value)))
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return file.problem(loc, f"{_describe(value)} is not a valid id.", "use lowercase letters, digits and dashes.")
    return file.problem(loc, f"{err['msg']} (got {_describe(value)}).")


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found at `loc` (walks nested models, dicts and lists)."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif get_origin(annotation) in (dict, list):
            annotation = get_args(annotation)[-1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    # `X | None` → X
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation
