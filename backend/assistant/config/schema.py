"""JSON Schema for the YAML files, generated from the pydantic models (editor autocompletion, PR checks).

`manage.py assistant schema` writes them to agent_config/schema/; a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import AgentSettings, FaqFile, ToolsFile


def _models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {"agent": AgentSettings, "tools": ToolsFile, "faq": FaqFile}
    try:  # intents.yaml's and places.yaml's models belong to the offline mode
        from ..offline.config import IntentsConfig
        from ..offline.places import PlacesFile
    except ImportError:
        pass
    else:
        models["intents"] = IntentsConfig
        models["places"] = PlacesFile
    return models


def schemas() -> dict[str, str]:
    """File name → schema text, e.g. {"tools.schema.json": "{...}"}."""
    from ..tools.registry import TOOL_FUNCTIONS

    result = {}
    for stem, model in _models().items():
        schema: dict[str, Any] = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"agent_config/{stem}.yaml"
        if stem == "tools":
            # Tool names must match a Python function; the editor can offer exactly those.
            schema["properties"]["tools"]["propertyNames"] = {"enum": sorted(TOOL_FUNCTIONS)}
        result[f"{stem}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return result


def stale_schemas(directory: Path) -> list[str]:
    """Schema files under directory/schema/ that are missing or differ from the models."""
    target = Path(directory) / "schema"
    return [
        name
        for name, text in schemas().items()
        if not (target / name).exists() or (target / name).read_text(encoding="utf-8") != text
    ]


def write_schemas(directory: Path) -> list[Path]:
    target = Path(directory) / "schema"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
