"""B2: `POST /chat` → a plain PydanticAI agent on the same fake Anthropic API, its text relayed as SSE.

No session, history, prompt or rate limit. For scenario R it has one trivial tool with the scenario's
tool name, so its turn makes the same two model requests as the product's.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from pydantic_ai import Agent
from pydantic_ai.messages import PartDeltaEvent, PartStartEvent, TextPart, TextPartDelta
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider

agent = Agent(
    AnthropicModel(
        "claude-sonnet-4-20250514",
        provider=AnthropicProvider(api_key="bench", base_url=os.environ["ANTHROPIC_BASE_URL"]),
    )
)


@agent.tool_plain
def get_pricing_estimate(service_type: str, package_type: str) -> dict[str, Any]:
    return {"total": "995.00", "service_type": service_type, "package_type": package_type}


def _frame(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


async def _relay(message: str) -> AsyncIterator[bytes]:
    async with agent.run_stream_events(message) as events:
        async for event in events:
            if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart) and event.part.content:
                yield _frame("token", {"text": event.part.content})
            elif isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
                yield _frame("token", {"text": event.delta.content_delta})
    yield _frame("done", {})


@csrf_exempt
async def chat(request: HttpRequest) -> StreamingHttpResponse:
    message = json.loads(request.body)["message"]
    return StreamingHttpResponse(_relay(message), content_type="text/event-stream")


urlpatterns = [path("chat", chat)]
