"""Answer the ASGI lifespan protocol, which Django doesn't: uvicorn otherwise logs "ASGI 'lifespan'
protocol appears unsupported" on every start. Startup builds the assistant and prints the banner
(config/asgi.py, assistant/startup.py)."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# gunicorn.conf.py prints the banner once in the master and sets this to "0" for its workers.
BANNER_ENV = "TOTETAXI_STARTUP_BANNER"


def banner_wanted() -> bool:
    return os.environ.get(BANNER_ENV, "1") != "0"


class LifespanApp:
    def __init__(self, app: ASGIApp, on_startup: Callable[[], None]) -> None:
        self.app = app
        self.on_startup = on_startup

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    self.on_startup()
                except Exception as exc:  # noqa: BLE001 - serve anyway: the chat answers 503 and says why
                    print(f"(start-up: {type(exc).__name__}: {exc})", flush=True)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
