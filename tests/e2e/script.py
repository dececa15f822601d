"""A scripted model for the browser tests: answers by keyword, calls the real tools, streams slowly enough
for a browser to see tokens arrive, and can fail once on request. Never a real LLM."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.messages import ModelMessage, ModelRequest, ToolReturnPart, UserPromptPart
from pydantic_ai.models.function import AgentInfo, DeltaToolCall, FunctionModel

from common.clock import today_ny

XSS_TEXT = '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> [click me](javascript:window.__xss=3) **still bold**'
XSS_ZIP = "<b>xss</b>"  # fits the tool's 12-character ZIP field, so it reaches the domain error message
GREETING = ["Hi", " there!", " I can", " check", " **ZIP codes**,", " prices", " and", " your", " bookings."]
STORY = [f"word{i} " for i in range(120)]
CONTACT = ["You can", " call us at", " (631) 595-5100", " or email", " info@totetaxi.com", " any time."]


def handoff_args() -> dict[str, Any]:
    pickup = today_ny() + timedelta(days=21)
    return {
        "service_type": "mini_move",
        "package_type": "standard",
        "coi_required": True,
        "pickup_date": pickup.isoformat(),
        "special_instructions": 'Doorman building <b onmouseover="window.__xss=5">ask for Sam</b>',
        "pickup_address": {"address_line_1": "250 W 55th St", "city": "New York", "state": "NY", "zip_code": "10019"},
        "delivery_address": {
            "address_line_1": "12 Main St",
            "city": "East Hampton",
            "state": "NY",
            "zip_code": "11937",
        },
    }


@dataclass
class BrowserScript:
    chunk_delay: float = 0.12
    first_delay: float = 0.5
    failures_left: int = 1  # "flaky" fails this many times with a provider 503, then answers
    cancelled: threading.Event = field(default_factory=threading.Event)
    requests: int = 0

    def model(self) -> FunctionModel:
        return FunctionModel(stream_function=self._stream, model_name="browser-script")

    async def _stream(
        self, messages: list[ModelMessage], info: AgentInfo
    ) -> AsyncIterator[str | dict[int, DeltaToolCall]]:
        self.requests += 1
        last = messages[-1]
        assert isinstance(last, ModelRequest)
        returns = [part for part in last.parts if isinstance(part, ToolReturnPart)]
        try:
            if returns:
                async for chunk in self._after_tool(returns[0]):
                    yield chunk
                return
            prompt = " ".join(str(p.content) for p in last.parts if isinstance(p, UserPromptPart)).lower()
            tools = {tool.name for tool in info.function_tools}
            async for chunk in self._answer(prompt, tools):
                yield chunk
        except (asyncio.CancelledError, GeneratorExit):
            # CancelledError when the run is cancelled while this stream awaits; GeneratorExit when it is
            # cancelled while the stream sits at a `yield` and PydanticAI closes it. Both mean "stopped".
            self.cancelled.set()
            raise

    async def _text(self, chunks: list[str], *, first_delay: float | None = None) -> AsyncIterator[str]:
        await asyncio.sleep(self.first_delay if first_delay is None else first_delay)
        for index, chunk in enumerate(chunks):
            if index:
                await asyncio.sleep(self.chunk_delay)
            yield chunk

    @staticmethod
    def _call(name: str, args: dict[str, Any], call_id: str) -> dict[int, DeltaToolCall]:
        return {0: DeltaToolCall(name=name, json_args=json.dumps(args), tool_call_id=call_id)}

    async def _answer(self, prompt: str, tools: set[str]) -> AsyncIterator[str | dict[int, DeltaToolCall]]:
        if "flaky" in prompt and self.failures_left > 0:
            self.failures_left -= 1
            raise ModelHTTPError(status_code=503, model_name="browser-script", body="overloaded")
        if "tool story" in prompt:  # a tool line, then a long reply (to stop mid-way)
            await asyncio.sleep(0.1)
            yield self._call("check_zip_coverage", {"zip_code": "10001"}, "call_story")
        elif "contact" in prompt:
            async for chunk in self._text(CONTACT, first_delay=0.1):
                yield chunk
        elif "story" in prompt:
            async for chunk in self._text(STORY, first_delay=0.1):
                yield chunk
        elif "xss" in prompt:
            await asyncio.sleep(0.2)
            yield self._call("check_zip_coverage", {"zip_code": XSS_ZIP}, "call_xss")
        elif match := re.search(r"\b(\d{5})\b", prompt):
            await asyncio.sleep(0.3)
            yield self._call("check_zip_coverage", {"zip_code": match.group(1)}, "call_zip")
        elif "my booking" in prompt:
            if "lookup_booking_status" not in tools:
                async for chunk in self._text(["Please", " sign in", " so I can", " look up", " your bookings."]):
                    yield chunk
                return
            await asyncio.sleep(0.2)
            yield self._call("lookup_booking_status", {}, "call_bookings")
        elif "book" in prompt:
            await asyncio.sleep(0.2)
            yield self._call("build_booking_handoff", handoff_args(), "call_handoff")
        else:
            async for chunk in self._text(GREETING):
                yield chunk

    async def _after_tool(self, part: ToolReturnPart) -> AsyncIterator[str]:
        content = part.content
        data = json.loads(content) if isinstance(content, str) else content
        if part.tool_name == "lookup_booking_status":
            lines = [
                f"- **{b['booking_number']}** · {b['service_label']} · {b['status']} · ${b['total']}\n"
                for b in data["bookings"]
            ]
            chunks = ["Here are", " your latest", " bookings:\n", *lines]
        elif part.tool_name == "build_booking_handoff":
            chunks = ["Your booking", " is ready.", " Press **Start Booking**", " to check the details."]
        elif part.tool_call_id == "call_story":
            chunks = STORY
        elif part.tool_name == "check_zip_coverage" and part.tool_call_id == "call_xss":
            chunks = ["Here is", " what you sent: ", XSS_TEXT]
        elif data.get("ok"):
            chunks = [f"Yes, we serve {data.get('zip_code', 'that ZIP')}", f" ({data.get('region') or 'our area'})."]
        else:
            chunks = ["Sorry, ", data["error"]["message"]]
        async for chunk in self._text(chunks, first_delay=0.1):
            yield chunk
