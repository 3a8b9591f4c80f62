"""Sending through apprise, one notify() per channel, so each channel's outcome is known on its own
(apprise's overall result only says whether all succeeded). Sends run concurrently with a bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import unquote, urlsplit

MAX_PARALLEL = 16

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None = None


def _secrets(url: str) -> list[str]:
    """The parts of a URL that may be secret: password, user, path segments, query values, an ntfy topic."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = [parts.password or "", parts.username or ""]
    if parts.scheme in ("ntfy", "ntfys") and not parts.path.strip("/"):
        found.append(parts.hostname or "")  # ntfy://topic: the host is the topic, the channel's secret
    found += [unquote(p) for p in parts.path.split("/")]
    found += [unquote(v.split("=", 1)[1]) for v in parts.query.split("&") if "=" in v]
    return [s for s in found if len(s) >= 4]


def scrub(text: str, url: str) -> str:
    """An error message with anything of the URL that could be a secret masked."""
    for secret in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(secret, "****")
    return text.replace(url, "****")


def send(url: str, title: str, body: str) -> Outcome:
    """Send one plain-text message to one apprise URL, in this thread; never raises.

    apprise runs a service under its `service_timeout` (60 s by default) on its shared pool of
    cpu + 4 workers, which would cap our parallel sends at 6 on a small machine. With the timeout
    off it sends in the calling thread; each service keeps its own connect and read timeouts
    (the URL's cto= and rto=)."""
    import apprise

    try:
        notifier = apprise.Apprise(asset=apprise.AppriseAsset(service_timeout=0))
        if not notifier.add(url):
            return Outcome(False, "apprise does not understand this URL")
        result = notifier.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT)
    except Exception as exc:  # a plugin that raises must not stop the other channels
        return Outcome(False, scrub(f"{type(exc).__name__}: {exc}", url))
    if result.status == apprise.AppriseResultStatus.SUCCESS:
        return Outcome(True)
    messages = [str(getattr(entry, "message", entry)) for entry in result.logs()]
    detail = "; ".join(m for m in messages if m) or result.status.name.lower()
    return Outcome(False, scrub(detail, url)[:500])


def run_bounded(jobs: Iterable[T], work: Callable[[T], Outcome], limit: int = MAX_PARALLEL) -> list[tuple[T, Outcome]]:
    """work(job) for every job, at most `limit` at a time; results in the order of the jobs."""
    jobs = list(jobs)
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=min(limit, len(jobs))) as pool:
        return list(zip(jobs, pool.map(work, jobs), strict=True))


def run_streamed(
    step: Callable[[list[tuple[T, Outcome]], int], list[T] | None], work: Callable[[T], Outcome],
    limit: int = MAX_PARALLEL,
) -> None:
    """work(job) for the jobs `step` hands out, at most `limit` at a time, each outcome handed back as
    soon as it is known.

    `step(done, room)` gets the (job, outcome) pairs finished since its last call (several when they
    finish together: a small batch) and may hand out up to `room` new jobs; None when it has no more.
    It is called from this thread only, so it may use one store session after another without locks.
    A job is handed out only when a worker is free for it, so none waits claimed and unstarted."""
    running: dict[Future, T] = {}
    done: list[tuple[T, Outcome]] = []
    exhausted = False
    with ThreadPoolExecutor(max_workers=limit) as pool:
        while True:
            new = step(done, 0 if exhausted else limit - len(running))
            done = []
            if new is None:
                exhausted = True
            for job in new or ():
                running[pool.submit(work, job)] = job
            if not running:
                if exhausted:
                    return
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            done = [(running.pop(future), future.result()) for future in finished]
