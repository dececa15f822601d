"""The YAML loader every reader of agent_config/ uses: libyaml's C parser when PyYAML was built with it.

The pure-Python parser took ~4.7 s to read the 2,000 conversation cases and ~0.3 s per config load; the C one
reads the same documents (same types, same line marks for errors) several times faster.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader, C or Python


def compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=SafeLoader)
