"""agent_config/ loading: models, loader with file/line errors, JSON Schema."""

from .errors import ConfigError, ConfigProblem
from .loader import config_hash, load_config
from .models import AgentConfig, AgentSettings, FaqEntry, ToolConfig

__all__ = [
    "AgentConfig",
    "AgentSettings",
    "ConfigError",
    "ConfigProblem",
    "FaqEntry",
    "ToolConfig",
    "config_hash",
    "load_config",
]
