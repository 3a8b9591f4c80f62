"""Long-running processes say they are alive: `breach watch` each turn (so `doctor` counts it as a
scheduler), `breach serve` (the web issue) every minute (so reminders may carry an acknowledge button).
One row per (kind, host); a clean stop deletes it, a killed process leaves it to go stale."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from breach.domain.clock import utc

WATCH = "watch"
SERVE = "serve"
SERVE_FRESH = timedelta(minutes=3)  # a serve beat younger than this: links and buttons may be sent


@dataclass(frozen=True)
class Beat:
    kind: str
    host: str
    pid: int
    started_at: datetime
    at: datetime
    interval_s: int | None
    info: dict

    def fresh(self, now: datetime) -> bool:
        """A beat within two intervals (and 30 s) of `now`; serve's within SERVE_FRESH."""
        slack = timedelta(seconds=2 * (self.interval_s or 60) + 30) if self.kind != SERVE else SERVE_FRESH
        return utc(now) - utc(self.at) <= slack


def _host() -> str:
    return socket.gethostname()[:128] or "localhost"


def beat(session, kind: str, now: datetime, *, started_at: datetime, interval_s: int | None = None,
         info: dict | None = None) -> None:
    """One upsert of this process's row."""
    from breach.store.models import Heartbeat

    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    values = dict(kind=kind, host=_host(), pid=os.getpid(), started_at=started_at, at=now, interval_s=interval_s,
                  info=info or {})
    statement = insert(Heartbeat).values(**values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[Heartbeat.kind, Heartbeat.host],
        set_={k: statement.excluded[k] for k in ("pid", "started_at", "at", "interval_s", "info")},
    ))


def stop(session, kind: str) -> None:
    """A clean stop: this host's row of `kind` goes, if this process wrote it."""
    from sqlalchemy import delete

    from breach.store.models import Heartbeat

    session.execute(delete(Heartbeat).where(Heartbeat.kind == kind, Heartbeat.host == _host(),
                                            Heartbeat.pid == os.getpid()))


def beats(session) -> list[Beat]:
    from sqlmodel import select

    from breach.store.models import Heartbeat

    return [Beat(h.kind, h.host, h.pid, utc(h.started_at), utc(h.at), h.interval_s, dict(h.info or {}))
            for h in session.exec(select(Heartbeat).order_by(Heartbeat.kind, Heartbeat.host))]


def serve_running(session, now: datetime) -> bool:
    return any(b.kind == SERVE and b.fresh(now) for b in beats(session))
