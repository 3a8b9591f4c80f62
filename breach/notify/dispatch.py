"""Sending through apprise, one notify() per channel, so each channel's outcome is known on its own
(apprise's overall result only says whether all succeeded). Sends run concurrently with a bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

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


# A reminder's level as apprise's notification type: ntfy shows it as the icon, json:// as "type", the chat
# services as the colour. Mail, Pushover and Gotify ignore it: they hear the level through TUNING.
NOTIFY_TYPE = {"ordinary": "info", "high": "warning", "urgent": "failure"}

# The query parameters that make a service louder, per apprise plugin class and level. Ordinary keeps what
# the stored URL says. Never the word "urgent": ntfy reads an unknown priority as default.
TUNING: dict[str, dict[str, dict[str, str]]] = {
    "NotifyNtfy": {"high": {"priority": "high"}, "urgent": {"priority": "max"}},
    "NotifyPushover": {"high": {"priority": "high"}, "urgent": {"priority": "emergency"}},
    "NotifyGotify": {"high": {"priority": "high"}, "urgent": {"priority": "emergency"}},
    "NotifyTelegram": {"high": {"silent": "no"}, "urgent": {"silent": "no"}},
    "NotifyEmail": {"high": {"+Importance": "high"}, "urgent": {"+X-Priority": "1", "+Importance": "high"}},
}
# The order of a service's own priorities (as its plugin reads them), to keep a louder one the URL names.
_RANK: dict[str, list] = {
    "NotifyNtfy": ["min", "low", "default", "high", "max"],
    "NotifyPushover": [-2, -1, 0, 1, 2],
    "NotifyGotify": [0, 3, 5, 8, 10],
}


@dataclass(frozen=True)
class AckAction:
    """A button (ntfy) or a link (Pushover) that acknowledges the reminder: a POST to `url`."""

    url: str
    label: str = "Gezien"


def tuned(url: str, level: str, ack: AckAction | None = None) -> str:
    """The URL to send one message with: the stored one, made louder for a high or urgent step
    (a channel can be made louder, never an urgent step quieter), with the ack action where the
    service has one. apprise reads priority and actions only from the URL, so a per-send URL it is.
    A URL apprise does not understand, or a service without such settings, is returned as it is."""
    import apprise

    try:
        service = apprise.Apprise.instantiate(url)
    except Exception:
        return url
    if service is None:
        return url
    kind = type(service).__name__
    extra = dict(TUNING.get(kind, {}).get(level, {}))
    own = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    if ack is not None and kind == "NotifyNtfy":
        action = f"http, {ack.label}, {ack.url}, method=POST, clear=true"
        extra["actions"] = f"{own['actions']}; {action}" if own.get("actions") else action
    if ack is not None and kind == "NotifyPushover" and "url" not in own:
        extra.update(url=ack.url, url_title=ack.label)
    if "priority" in extra and kind in _RANK:
        try:
            louder = apprise.Apprise.instantiate(_with(url, {"priority": extra["priority"]}))
            ranks = _RANK[kind]
            if ranks.index(service.priority) >= ranks.index(louder.priority):
                extra.pop("priority")  # the channel is louder already
        except (ValueError, TypeError, AttributeError):
            pass
    return _with(url, extra) if extra else url


def _with(url: str, params: dict[str, str]) -> str:
    """The URL as the user wrote it, with `params` set in its query (replacing what it had)."""
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return urlunsplit(parts._replace(query=urlencode(pairs + list(params.items()), quote_via=quote)))


def send(url: str, title: str, body: str, *, level: str = "ordinary", ack: AckAction | None = None) -> Outcome:
    """Send one plain-text message to one apprise URL, in this thread; never raises. `level` sets
    apprise's notification type and, where the service has one, its priority (`tuned`).

    apprise runs a service under its `service_timeout` (60 s by default) on its shared pool of
    cpu + 4 workers, which would cap our parallel sends at 6 on a small machine. With the timeout
    off it sends in the calling thread; each service keeps its own connect and read timeouts
    (the URL's cto= and rto=)."""
    import apprise

    target = url
    try:
        target = tuned(url, level, ack)
        notifier = apprise.Apprise(asset=apprise.AppriseAsset(service_timeout=0))
        if not notifier.add(target):
            return Outcome(False, "apprise does not understand this URL")
        result = notifier.notify(
            body=body, title=title, body_format=apprise.NotifyFormat.TEXT,
            notify_type=apprise.NotifyType(NOTIFY_TYPE.get(level, "info")),
        )
    except Exception as exc:  # a plugin that raises must not stop the other channels
        return Outcome(False, scrub(scrub(f"{type(exc).__name__}: {exc}", target), url))
    if result.status == apprise.AppriseResultStatus.SUCCESS:
        return Outcome(True)
    messages = [str(getattr(entry, "message", entry)) for entry in result.logs()]
    detail = "; ".join(m for m in messages if m) or result.status.name.lower()
    return Outcome(False, scrub(scrub(detail, target), url)[:500])


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
