"""Template syntax errors, told at the line a person has to fix.

Jinja reports an unclosed `{% if %}` where the file ends ("Unexpected end of template"), which may be
a hundred lines below the mistake. We re-read the template's tags to find the block that was never
closed (or closed by the wrong end tag) and point at the line that opens it.
"""

from __future__ import annotations

import jinja2

from .errors import ConfigProblem

# Tags that open a block needing an {% end... %}. `set` only when it has no `=` (a block assignment).
_BLOCK_TAGS = frozenset(("if", "for", "macro", "call", "filter", "set", "with", "block", "autoescape", "trans", "raw"))
_HINT = "check that every {{ has a }} and every {% if %}/{% for %} is closed."


def syntax_problem(env: jinja2.Environment, exc: jinja2.TemplateSyntaxError, display: str) -> ConfigProblem:
    """A ConfigProblem for a template that does not compile, at the opening line of an unclosed block."""
    message = (exc.message or "").rstrip(".")
    source = exc.source
    if source is None and exc.name and env.loader is not None:
        try:
            source = env.loader.get_source(env, exc.name)[0]
        except jinja2.TemplateNotFound:
            source = None
    unclosed = _unclosed_block(env, source) if source is not None else None
    if unclosed is not None and ("end of template" in message or "nesting mistake" in message):
        tag, line = unclosed
        return ConfigProblem(
            display,
            line,
            None,
            f"template syntax error: this {{% {tag} %}} is never closed.",
            f"add {{% end{tag} %}} where the {tag} block should end (Jinja noticed at line {exc.lineno}).",
        )
    return ConfigProblem(display, exc.lineno, None, f"template syntax error: {message}.", _HINT)


def _unclosed_block(env: jinja2.Environment, source: str) -> tuple[str, int] | None:
    """(tag, line) of the innermost block still open when the tags stop matching, or None."""
    stack: list[tuple[str, int]] = []
    try:
        tokens = [t for t in env.lex(source) if t[1] not in ("whitespace", "comment", "linecomment")]
    except jinja2.TemplateSyntaxError:
        return None
    index = 0
    while index < len(tokens):
        line, kind, value = tokens[index]
        if kind == "block_begin" and index + 1 < len(tokens) and tokens[index + 1][1] == "name":
            tag = tokens[index + 1][2]
            end = next((i for i in range(index, len(tokens)) if tokens[i][1] == "block_end"), len(tokens))
            if tag == "set" and any(t[1] == "operator" and t[2] == "=" for t in tokens[index:end]):
                pass  # {% set x = ... %} is a statement, not a block
            elif tag in _BLOCK_TAGS:
                stack.append((tag, line))
            elif tag.startswith("end"):
                if not stack or stack[-1][0] != tag[3:]:
                    return stack[-1] if stack else None
                stack.pop()
            index = end
        index += 1
    return stack[-1] if stack else None
