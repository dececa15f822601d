"""{% assistant_widget %}: the one line that puts the chat widget on a customer page."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

register = template.Library()

# Staff pages never show the customer assistant, even if a template includes the tag by mistake.
HIDDEN_PREFIXES = ("/staff", "/admin")


@register.inclusion_tag("storefront/_assistant_widget.html", takes_context=True)
def assistant_widget(context: template.Context) -> dict[str, object]:
    request: HttpRequest | None = context.get("request")
    path = request.path if request is not None else ""
    # The greeting (personal when signed in) comes from GET /api/assistant/widget/.
    return {"show": not path.startswith(HIDDEN_PREFIXES)}
