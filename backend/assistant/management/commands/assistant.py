"""manage.py assistant check | render-prompt | tool | schema | ask — the assistant from a terminal.

`tool` is how support staff check a price: it runs the same function the model calls and prints its JSON.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assistant.config import ConfigError, load_config
from assistant.config.contact_check import scan_contact
from assistant.config.errors import notices_report
from assistant.config.schema import write_schemas
from assistant.deps import ChatDeps
from assistant.runtime import config_dir
from assistant.startup import answering_model
from common.clock import now_ny
from common.database import DatabaseNotReady, require_ready_database


def require_database() -> None:
    """Commands that read the catalogue or users say 'run make migrate' instead of raising a traceback."""
    try:
        require_ready_database()
    except DatabaseNotReady as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = "Check agent_config/, render the system prompt, run one tool, or write the JSON Schemas."
    requires_system_checks: list[str] = []  # `check` must be able to report a broken config itself

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser).__base__)
        sub.add_parser("check", help="Validate agent_config/ and list every problem (exit 1 if any).")
        prompt = sub.add_parser("render-prompt", help="Print the system prompt a visitor would get.")
        self._user_and_now(prompt)
        tool = sub.add_parser("tool", help="Run one tool and print its JSON result.")
        tool.add_argument("name", help="Tool name from tools.yaml, e.g. get_pricing_estimate.")
        tool.add_argument(
            "--args", dest="tool_args", default="{}", help='Arguments as JSON, e.g. \'{"zip_code": "11968"}\'.'
        )
        self._user_and_now(tool)
        sub.add_parser("schema", help="Write agent_config/schema/*.json from the config models.")
        ask = sub.add_parser(
            "ask", help="Ask the assistant one message: its offline reply, tools called, which intent/FAQ answered."
        )
        ask.add_argument("message", help='What the customer types, e.g. "How much is a petite mini move?"')
        ask.add_argument("--thread", help="JSON file keeping the conversation: the next ask continues it.")
        self._user_and_now(ask)

    @staticmethod
    def _user_and_now(parser: Any) -> None:
        parser.add_argument("--user", help="Username to run as (default: an anonymous visitor).")
        parser.add_argument("--now", help="Fix 'now' (America/New_York), e.g. 2026-06-01T10:00.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "schema":
            written = write_schemas(config_dir())
            self.stdout.write(f"Wrote {len(written)} schema file(s)." if written else "Schemas are up to date.")
            return
        config = self._config()
        if action == "check":
            self._check_website(config)
            warnings = sum(1 for n in config.notices if n.severity == "warning")
            self.stdout.write(
                f"agent_config is valid: {len(config.tools)} tools, {len(config.faq)} FAQ entries, "
                f"model {config.agent.model}, hash {config.config_hash[:12]}"
                + (f"; {warnings} warning{'s' if warnings != 1 else ''} (not errors):" if warnings else ".")
            )
            if config.notices:
                self.stdout.write(notices_report(config.notices))
            self.stdout.write(f"Answering now: {answering_model(config)}.")
            return
        require_database()
        deps = ChatDeps.for_user(config, self._user(options.get("user")), now=self._now(options.get("now")))
        if action == "ask":
            from assistant.preview import ask

            thread = Path(options["thread"]) if options.get("thread") else None
            with_llm = bool(os.environ.get("ANTHROPIC_API_KEY"))
            self.stdout.write(ask(config, options["message"], deps, thread=thread, with_llm=with_llm))
            return
        if action == "render-prompt":
            from assistant.prompts import render_system_prompt

            self.stdout.write(
                render_system_prompt(config, user_id=deps.user_id, first_name=deps.first_name, now=deps.now),
                ending="",
            )
            return
        self.stdout.write(
            json.dumps(self._run_tool(options["name"], options["tool_args"], deps), indent=2, ensure_ascii=False)
        )

    def _check_website(self, config: Any) -> None:
        """The site's templates and scripts must show the configured phone and emails, not their own."""
        from django.conf import settings

        problems = scan_contact(config.agent.contact, Path(settings.REPO_DIR) / "frontend", "frontend")
        if problems:
            raise CommandError(str(ConfigError(problems)), returncode=1)

    def _config(self):  # noqa: ANN202
        try:
            return load_config(config_dir())
        except ConfigError as exc:
            raise CommandError(exc.full_report()) from exc

    @staticmethod
    def _run_tool(name: str, raw: str, deps: ChatDeps) -> dict[str, Any]:
        from assistant.tools import TOOL_FUNCTIONS, ToolArgsError, invoke_tool

        if name not in TOOL_FUNCTIONS:
            raise CommandError(f"Unknown tool '{name}'. Tools: {', '.join(TOOL_FUNCTIONS)}.")
        if not deps.config.tools[name].enabled:
            raise CommandError(f"Tool '{name}' is disabled in tools.yaml.")
        try:
            arguments = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--args is not valid JSON: {exc.msg} (at character {exc.pos}).") from exc
        if not isinstance(arguments, dict):
            raise CommandError('--args must be a JSON object, e.g. \'{"zip_code": "11968"}\'.')
        try:
            return invoke_tool(name, deps, arguments)
        except ToolArgsError as exc:
            raise CommandError(str(exc)) from exc

    @staticmethod
    def _user(username: str | None) -> Any:
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user '{username}'.") from exc

    @staticmethod
    def _now(value: str | None) -> datetime | None:
        if not value:
            return None
        try:
            return now_ny(datetime.fromisoformat(value))
        except ValueError as exc:
            raise CommandError(f"--now '{value}' is not a date and time like 2026-06-01T10:00.") from exc
