"""The escalation ladder: a step nobody acknowledged climbs to the next person after a wait.

Rungs are channel tags in order, by default the privacy officer (`dpo`, and every untagged channel),
the backup person (`backup`) and management (`management`). A step goes to rung 0 first; when no
acknowledgement covering it arrives within the step's wait, it also goes to the next rung that has a
channel, and so on up to the top. The wait is measured from when a rung was actually paged, in elapsed
minutes (exact across a DST change), so a rung held by quiet hours, or a `remind` that did not run,
does not make the step climb. An ack freezes the climb at the rungs already paged.

A step starts where its clock's earlier steps (and the opened alert) left off when nobody answered
them: an unanswered T-12 that reached management makes T-4 page all three at once. After an ack the
next step starts at rung 0 again.

Pure functions of the facts (what was paged when, what was acknowledged when) and `now`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from breach.domain.clock import utc
from breach.errors import ConfigError

OPENED = "opened"  # as schedule.OPENED (schedule imports this module)
DEFAULT_RUNGS = ("dpo", "backup", "management")
DEFAULT_WAIT = {"ordinary": 120, "high": 30, "urgent": 15}
MAX_RUNGS = 5
MAX_WAIT_MINUTES = 24 * 60
LABELS = {
    "nl": {"dpo": "de privacy officer", "backup": "de vervanger", "management": "de directie"},
    "en": {"dpo": "the privacy officer", "backup": "the backup", "management": "management"},
}


@dataclass(frozen=True)
class Ladder:
    """The rungs (channel tags, lowest first) and the wait per level in minutes (0: never climb)."""

    rungs: tuple[str, ...] = DEFAULT_RUNGS
    wait: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WAIT))
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, section, where: str) -> Ladder:
        """`[reminders.ladder]`: rungs = ["dpo", "backup", "management"], wait_minutes = { ordinary = 120,
        high = 30, urgent = 15 }, labels = { backup = "Piet" }; every key optional."""
        if not isinstance(section, dict):
            raise ConfigError(f"{where} must be a table")
        unknown = sorted(set(section) - {"rungs", "wait_minutes", "labels"})
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}' (accepted: labels, rungs, wait_minutes)")
        rungs = section.get("rungs", list(DEFAULT_RUNGS))
        if (not isinstance(rungs, list) or not 1 <= len(rungs) <= MAX_RUNGS
                or not all(isinstance(r, str) and r.strip() for r in rungs)
                or len({r.strip().lower() for r in rungs}) != len(rungs)):
            raise ConfigError(f'{where}: rungs must be 1 to {MAX_RUNGS} different tags, e.g. ["dpo", "backup", "management"]')
        wait = dict(DEFAULT_WAIT)
        given = section.get("wait_minutes", {})
        if not isinstance(given, dict):
            raise ConfigError(f"{where}: wait_minutes must be a table, e.g. {{ ordinary = 120, high = 30, urgent = 15 }}")
        for key, value in given.items():
            if key not in DEFAULT_WAIT:
                raise ConfigError(f"{where}: '{key}' in wait_minutes is not a level (accepted: ordinary, high, urgent)")
            wait[key] = minutes(value, f"{where}: wait_minutes.{key}")
        labels = section.get("labels", {})
        if not isinstance(labels, dict) or not all(isinstance(v, str) and v.strip() for v in labels.values()):
            raise ConfigError(f'{where}: labels must be a table of tag = "name", e.g. {{ backup = "Piet de Boer" }}')
        return cls(tuple(r.strip().lower() for r in rungs), wait, {k.lower(): v.strip() for k, v in labels.items()})

    def label(self, rung: int, language: str) -> str:
        tag = self.rungs[rung]
        return self.labels.get(tag) or LABELS.get(language, LABELS["en"]).get(tag, tag)


def minutes(value, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_WAIT_MINUTES:
        raise ConfigError(f"{where} must be whole minutes, 0 (never climb) to {MAX_WAIT_MINUTES}")
    return value


def rung_of(tags: Iterable[str], ladder: Ladder) -> int | None:
    """0 for an untagged channel; else the lowest rung naming one of its tags; None: on no rung."""
    tags = set(tags)
    if not tags:
        return 0
    found = [i for i, tag in enumerate(ladder.rungs) if tag in tags]
    return min(found) if found else None


@dataclass(frozen=True)
class Page:
    """A step that was tried on a channel on a rung (the first try of a delivery)."""

    obligation: str
    step: str
    channel: str
    rung: int | None
    at: datetime


@dataclass(frozen=True)
class Answer:
    """An acknowledgement: of every clock (`obligation` None) or of one."""

    obligation: str | None
    at: datetime


@dataclass(frozen=True)
class Climb:
    """How far a step has climbed at `now`: `rung` the highest rung it is wanted on, `start` the rung it
    began at (carried over from unanswered earlier steps), `next_at` when it climbs again (None: it does
    not), `acked_at` the ack that stopped it, `next_rung` the rung it would go to next."""

    rung: int
    start: int = 0
    next_at: datetime | None = None
    acked_at: datetime | None = None
    next_rung: int | None = None


def covers(answer: Answer, obligation: str) -> bool:
    """An ack of every clock covers each; an ack of any clock also answers the opened alert."""
    return answer.obligation is None or answer.obligation == obligation or obligation == OPENED


def carried(obligation: str, step: str, pages: list[Page], answers: list[Answer]) -> int:
    """The highest rung this clock's earlier steps (and the opened alert) reached since the last ack that
    covers the clock: where an unanswered clock's next step starts. 0 after an ack."""
    last = max((utc(a.at) for a in answers if covers(a, obligation)), default=None)
    return max(
        (p.rung for p in pages
         if p.obligation in (obligation, OPENED) and (p.obligation, p.step) != (obligation, step)
         and p.rung is not None and (last is None or utc(p.at) > last)),
        default=0,
    )


def climb(
    obligation: str, step: str, wait_min: int, staffed: list[int], pages: Iterable[Page],
    answers: Iterable[Answer], now: datetime, since: datetime | None = None,
) -> Climb:
    """Which rung the step (`obligation`, `step`) has reached at `now`. `staffed`: the rungs that have a
    channel, ascending (an empty rung is skipped); `pages`: every try so far of this breach's steps;
    `since`: when the step fell due (an ack from then on answers it, also one given before it went out,
    e.g. while quiet hours held it); without it, from its first page."""
    pages, answers = list(pages), list(answers)
    mine = [p for p in pages if (p.obligation, p.step) == (obligation, step)]
    first = min((utc(p.at) for p in mine), default=None)
    start_at = utc(since) if since is not None else first
    acked = None
    if start_at is not None:
        acked = min((utc(a.at) for a in answers if covers(a, obligation) and utc(a.at) >= start_at), default=None)
    start = carried(obligation, step, pages, answers)
    if acked is not None:
        reached = max((p.rung for p in mine if p.rung is not None and utc(p.at) <= acked), default=start)
        return Climb(max(reached, start), start, None, acked)
    if not staffed:
        return Climb(start, start)
    i = max([k for k, r in enumerate(staffed) if r <= start], default=0)
    if wait_min == 0:
        return Climb(max(staffed[i], start), start)
    while i + 1 < len(staffed):
        tried = min((utc(p.at) for p in mine if p.rung == staffed[i]), default=None)
        if tried is None:
            return Climb(max(staffed[i], start), start, None, None, staffed[i + 1])  # not paged yet
        due = tried + timedelta(minutes=wait_min)  # elapsed minutes: exact across DST
        if utc(now) < due:
            return Climb(max(staffed[i], start), start, due, None, staffed[i + 1])
        i += 1
    return Climb(max(staffed[i], start), start)


SIGNAL_LEVEL = "high"  # a report of a possible breach: the 72 hours may already be running
CLIMBED = MAX_RUNGS  # `signal.paged_rung` of a signal reported before the ladder paged signals: never climbs


def signal_rung(paged_rung: int | None, paged_at: datetime | None, now: datetime, staffed: Iterable[int],
                ladder: Ladder) -> int | None:
    """The rung a still-open signal pages now: the lowest staffed rung (one with a channel) when none was
    paged; the next staffed rung above the last once that waited the high level's minutes without the
    signal being opened or dismissed; otherwise None (nothing to send)."""
    staffed = sorted(set(staffed))
    if not staffed:
        return None
    if paged_rung is None:
        return staffed[0]
    wait = ladder.wait.get(SIGNAL_LEVEL, 0)
    if not wait or paged_at is None or utc(now) - utc(paged_at) < timedelta(minutes=wait):
        return None
    higher = [rung for rung in staffed if rung > paged_rung]
    return higher[0] if higher else None
