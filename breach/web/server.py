"""Run the web app with uvicorn (one process; start more behind the proxy on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def run(home: Path, host: str, port: int, clock: Callable | None = None, org: str | None = None) -> None:
    import uvicorn

    from breach.web.app import create_app

    app = create_app(home, clock, heartbeat=True, org=org)
    app.state.web.sessions  # noqa: B018  (the store opened, and upgraded if need be, before the first request)
    # proxy_headers: behind the organisation's proxy on this machine, the client's address and https
    # come from X-Forwarded-For/-Proto (trusted from 127.0.0.1 only, uvicorn's default)
    uvicorn.run(app, host=host, port=port, proxy_headers=True, server_header=False, log_level="info",
                access_log=False)
