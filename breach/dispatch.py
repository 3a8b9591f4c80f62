"""Sending through apprise, one notify() per channel, so each channel's outcome is known on its own
(apprise's overall result only says whether all succeeded). Sends run concurrently with a bound.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar
from urllib.parse import unquote, urlsplit

MAX_PARALLEL = 16

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None = None


def _secrets(url: str) -> list[str]:
    """The parts of a URL that may be secret: password, user, path segments and query values."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = [parts.password or "", parts.username or ""]
    found += [unquote(p) for p in parts.path.split("/")]
    found += [unquote(v.split("=", 1)[1]) for v in parts.query.split("&") if "=" in v]
    return [s for s in found if len(s) >= 4]


def scrub(text: str, url: str) -> str:
    """An error message with anything of the URL that could be a secret masked."""
    for secret in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(secret, "****")
    return text.replace(url, "****")


class _ThreadLog(logging.Handler):
    """apprise's warnings, collected per sending thread, so each channel's error is its own."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        bucket = getattr(self.local, "bucket", None)
        if bucket is not None:
            bucket.append(record.getMessage())


_log = _ThreadLog()
_log_lock = threading.Lock()


def _capture() -> _ThreadLog:
    with _log_lock:
        logger = logging.getLogger("apprise")
        if _log not in logger.handlers:
            logger.addHandler(_log)
    return _log


def send(url: str, title: str, body: str) -> Outcome:
    """Send one message to one apprise URL, in this thread; never raises.

    The service's own notify() is called rather than Apprise.notify(): the latter hands every call to
    apprise's shared pool of cpu + 4 workers, which would cap the parallel sends at 6 on this machine."""
    import apprise

    log = _capture()
    log.local.bucket = []
    try:
        service = apprise.Apprise.instantiate(url)
        if service is None:
            return Outcome(False, "apprise does not understand this URL")
        ok = service.notify(body=body, title=title)
        messages = list(log.local.bucket)
    except Exception as exc:  # a plugin that raises must not stop the other channels
        return Outcome(False, scrub(f"{type(exc).__name__}: {exc}", url))
    finally:
        log.local.bucket = None
    if ok:
        return Outcome(True)
    return Outcome(False, scrub("; ".join(m for m in messages if m) or "the service refused the message", url)[:500])


def run_bounded(jobs: Iterable[T], work: Callable[[T], Outcome], limit: int = MAX_PARALLEL) -> list[tuple[T, Outcome]]:
    """work(job) for every job, at most `limit` at a time; results in the order of the jobs."""
    jobs = list(jobs)
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=min(limit, len(jobs))) as pool:
        return list(zip(jobs, pool.map(work, jobs), strict=True))
