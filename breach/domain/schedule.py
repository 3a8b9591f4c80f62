"""When reminders fall due and to whom: pure functions of the clocks, the settings and `now`.

A clock with a deadline has one-off steps before it (`48h`, `24h`, ...), a `deadline` step, and
repeats while overdue (`overdue-1`, `overdue-2`, ...). A clock without hours (the persons, art. 34)
repeats daily (`day-0`, `day-1`, ...) from awareness while it is open. The breach itself has one
`opened` step. Only the most recent step of a clock that has fallen due is ever wanted: steps that
were missed while no `breach remind` ran are superseded, not sent in a burst.

Settings live in `[reminders]` of config.toml (see `Settings.from_config`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import pendulum

from breach.domain import deadlines, ladder
from breach.domain.clock import utc
from breach.domain.ladder import Answer, Climb, Ladder, Page
from breach.errors import ConfigError

OPENED = "opened"  # the obligation name of the "breach opened" alert
HIGH_WITHIN_HOURS = 12  # a step in the last 12 hours of a clock is at least high: quiet hours never hold it
URGENT_WITHIN_HOURS = 1  # in the last hour, and after the deadline, every step is urgent
UNQUIET_HOURS = HIGH_WITHIN_HOURS  # the older name of the rule
LEVELS = ("ordinary", "high", "urgent")
Level = Literal["ordinary", "high", "urgent"]
DEFAULT_RETRY_MINUTES = (5, 15, 60)
_WINDOW = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$")
_STEP = re.compile(r"^(opened|\d{1,4}h|deadline|overdue|daily)$")


@dataclass(frozen=True)
class ClockPlan:
    """The steps of one clock: hours before the deadline, a deadline alarm, and the repeat interval."""

    before: tuple[int, ...] = ()
    at_deadline: bool = True
    repeat_hours: int = 4
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    urgency: dict[str, str] = field(default_factory=dict)  # step key (NNh, deadline, overdue, daily) -> level
    wait: dict[str, int] = field(default_factory=dict)  # step key -> minutes before the ladder climbs (0: never)


DEFAULT_PLANS = {
    "ap": ClockPlan(
        before=(48, 24, 12, 4, 1),
        tags={"deadline": ("management",), "overdue": ("management",)},  # earlier steps: when nobody answers
    ),
    "customers": ClockPlan(
        before=(12, 4, 1),
        tags={"deadline": ("management",), "overdue": ("management",)},
    ),
    "subjects": ClockPlan(repeat_hours=24),
}


@dataclass(frozen=True)
class Settings:
    plans: dict[str, ClockPlan] = field(default_factory=lambda: dict(DEFAULT_PLANS))
    opened: bool = True
    opened_tags: tuple[str, ...] = ()
    quiet_hours: dict[str, tuple[int, int]] = field(default_factory=dict)  # tag or "*" -> (start, end) minutes
    retry_minutes: tuple[int, ...] = DEFAULT_RETRY_MINUTES
    config_file: str | None = None
    ladder: Ladder = field(default_factory=Ladder)
    opened_wait: int | None = None  # minutes before the opened alert climbs (None: by its level)
    public_url: str | None = None  # [serve] public_url: where `breach serve` receives "Gezien"
    ack_link_hours: int = 24  # how long an acknowledge link stays good

    @classmethod
    def from_config(cls, data: dict, where: str = "config.toml") -> Settings:
        """Read `[reminders]`; every key is optional, a wrong one is refused naming it and what is accepted.

        ```toml
        [reminders]
        retry_minutes = [5, 15, 60]          # back-off between tries; then it gives up
        apprise_config = "~/apprise.yml"     # an apprise YAML/TEXT file beside the stored channels
        opened = true                        # the "breach opened" alert
        opened_tags = ["management"]
        [reminders.quiet_hours]              # per tag; "*" for channels none of whose tags is listed
        "*" = "22:00-07:00"
        [reminders.ap]                       # also customers, subjects
        before = [48, 24, 12, 4, 1]          # hours before the deadline
        at_deadline = true
        repeat_hours = 4                     # while overdue (daily for a clock without hours)
        tags = { "1h" = ["management"], deadline = ["management"], overdue = ["management"] }
        ```
        """
        section = data.get("reminders", {})
        if not isinstance(section, dict):
            raise ConfigError(f"{where}: [reminders] must be a table")
        known = {"retry_minutes", "apprise_config", "opened", "opened_tags", "quiet_hours", "ladder",
                 "opened_wait_minutes", "ack_link_hours", *deadlines.OBLIGATIONS}
        unknown = sorted(set(section) - known)
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}' in [reminders] (accepted: {', '.join(sorted(known))})")
        plans = dict(DEFAULT_PLANS)
        for name in deadlines.OBLIGATIONS:
            if name in section:
                plans[name] = _plan(section[name], plans[name], f"{where}: [reminders.{name}]")
        retry = section.get("retry_minutes", list(DEFAULT_RETRY_MINUTES))
        if not isinstance(retry, list) or not all(isinstance(m, int) and 0 < m <= 7 * 24 * 60 for m in retry):
            raise ConfigError(f"{where}: [reminders] retry_minutes must be a list of whole minutes, e.g. [5, 15, 60]")
        opened = section.get("opened", True)
        if not isinstance(opened, bool):
            raise ConfigError(f"{where}: [reminders] opened must be true or false")
        quiet = section.get("quiet_hours", {})
        if not isinstance(quiet, dict):
            raise ConfigError(f'{where}: [reminders.quiet_hours] must be a table of tag = "HH:MM-HH:MM"')
        config_file = section.get("apprise_config")
        if config_file is not None and not isinstance(config_file, str):
            raise ConfigError(f"{where}: [reminders] apprise_config must be a file path")
        opened_wait = section.get("opened_wait_minutes")
        if opened_wait is not None:
            opened_wait = wait_minutes(opened_wait, f"{where}: [reminders] opened_wait_minutes")
        link_hours = section.get("ack_link_hours", 24)
        if not isinstance(link_hours, int) or isinstance(link_hours, bool) or not 1 <= link_hours <= 24 * 7:
            raise ConfigError(f"{where}: [reminders] ack_link_hours must be whole hours, 1 to 168")
        serve = data.get("serve", {})
        public_url = serve.get("public_url") if isinstance(serve, dict) else None
        if public_url is not None and not (isinstance(public_url, str) and public_url.startswith(("https://", "http://"))):
            raise ConfigError(f"{where}: [serve] public_url must be an http(s):// address, e.g. https://breach.example.org")
        return cls(
            public_url=public_url,
            ack_link_hours=link_hours,
            ladder=Ladder.from_config(section.get("ladder", {}), f"{where}: [reminders.ladder]"),
            opened_wait=opened_wait,
            plans=plans,
            opened=opened,
            opened_tags=_tags(section.get("opened_tags", []), f"{where}: [reminders] opened_tags"),
            quiet_hours={tag: parse_window(text, f"{where}: [reminders.quiet_hours] {tag}") for tag, text in quiet.items()},
            retry_minutes=tuple(retry),
            config_file=config_file,
        )

    def named_tags(self) -> set[str]:
        named = set(self.opened_tags) | set(self.ladder.rungs)
        for plan in self.plans.values():
            for tags in plan.tags.values():
                named.update(tags)
        return named


def _tags(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ConfigError(f'{where} must be a list of tag names, e.g. ["management"]')
    return tuple(t.strip().lower() for t in value)


def _plan(section, default: ClockPlan, where: str) -> ClockPlan:
    if not isinstance(section, dict):
        raise ConfigError(f"{where} must be a table")
    accepted = {"before", "at_deadline", "repeat_hours", "tags", "urgency", "wait_minutes"}
    unknown = sorted(set(section) - accepted)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (accepted: {', '.join(sorted(accepted))})")
    before = section.get("before", list(default.before))
    if not isinstance(before, list) or not all(isinstance(h, int) and 0 < h <= 24 * 30 for h in before):
        raise ConfigError(f"{where}: before must be a list of whole hours before the deadline, e.g. [12, 4, 1]")
    at_deadline = section.get("at_deadline", default.at_deadline)
    if not isinstance(at_deadline, bool):
        raise ConfigError(f"{where}: at_deadline must be true or false")
    repeat = section.get("repeat_hours", default.repeat_hours)
    if not isinstance(repeat, int) or isinstance(repeat, bool) or not 1 <= repeat <= 24 * 7:
        raise ConfigError(f"{where}: repeat_hours must be whole hours, 1 to 168")
    tags_section = section.get("tags", default.tags)
    if not isinstance(tags_section, dict):
        raise ConfigError(f'{where}: tags must be a table of step = ["tag", ...], e.g. deadline = ["management"]')
    tags = {}
    for step, value in tags_section.items():
        if not _STEP.match(step):
            raise ConfigError(f"{where}: '{step}' in tags is not a step (accepted: NNh, deadline, overdue, daily)")
        tags[step] = _tags(list(value) if isinstance(value, (list, tuple)) else value, f"{where}: tags.{step}")
    urgency = {}
    for step, value in _steps_table(section.get("urgency", default.urgency), f"{where}: urgency", "\"high\"").items():
        if value not in LEVELS:
            raise ConfigError(f"{where}: urgency.{step} must be one of {', '.join(LEVELS)}")
        urgency[step] = value
    wait = {}
    for step, value in _steps_table(section.get("wait_minutes", default.wait), f"{where}: wait_minutes", "20").items():
        wait[step] = wait_minutes(value, f"{where}: wait_minutes.{step}")
    return ClockPlan(tuple(sorted(set(before), reverse=True)), at_deadline, repeat, tags, urgency, wait)


def _steps_table(value, where: str, example: str) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of step = value, e.g. {{ \"24h\" = {example} }}")
    for step in value:
        if not _STEP.match(step):
            raise ConfigError(f"{where}: '{step}' is not a step (accepted: NNh, deadline, overdue, daily)")
    return dict(value)


wait_minutes = ladder.minutes


def parse_window(text, where: str) -> tuple[int, int]:
    """`22:00-07:00` -> minutes after midnight (start, end); a window may run past midnight."""
    match = _WINDOW.match(str(text).strip())
    if not match:
        raise ConfigError(f"{where}: '{text}' is not a quiet window (expected HH:MM-HH:MM, e.g. 22:00-07:00)")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return h1 * 60 + m1, h2 * 60 + m2


# ---------------------------------------------------------------- steps


StepKind = Literal["opened", "before", "deadline", "overdue", "daily"]


@dataclass(frozen=True)
class Step:
    """One reminder of one clock. `name` is unique per clock and is part of the claim key."""

    obligation: str
    name: str
    kind: StepKind
    due: pendulum.DateTime
    index: int = 0  # hours before, or the number of the repeat
    tags: tuple[str, ...] = ()

    @property
    def series(self) -> str:
        return self.kind

    @property
    def is_repeat(self) -> bool:
        """A repeat of a step already sent: the second overdue alarm on, the second daily reminder on.
        The first of a series is the alarm itself, which an acknowledgement never stops."""
        return (self.kind == "overdue" and self.index >= 2) or (self.kind == "daily" and self.index >= 1)



def _tag_key(kind: str, index: int) -> str:
    return f"{index}h" if kind == "before" else kind


def _make(obligation: str, kind: str, due, index: int, plan: ClockPlan) -> Step:
    name = {"before": f"{index}h", "deadline": "deadline", "overdue": f"overdue-{index}", "daily": f"day-{index}"}[kind]
    return Step(obligation, name, kind, due, index, plan.tags.get(_tag_key(kind, index), ()))


def _fixed_steps(state: deadlines.ClockState, plan: ClockPlan) -> list[Step]:
    """The one-off steps of a clock with a deadline: hours before it and the deadline alarm."""
    if state.deadline is None:
        return []
    steps = [_make(state.obligation, "before", state.deadline.subtract(hours=h), h, plan) for h in plan.before]
    if plan.at_deadline:
        steps.append(_make(state.obligation, "deadline", state.deadline, 0, plan))
    return steps


def _repeats(state: deadlines.ClockState) -> tuple[pendulum.DateTime, str, int]:
    """(base, kind, first number) of a clock's repeats: overdue-1 one interval after the deadline, or
    day-0 at awareness for a clock without hours. Repeat k is due at base + k intervals."""
    if state.deadline is None:
        return utc(state.since), "daily", 0
    return state.deadline, "overdue", 1


def _repeat_number(base: datetime, every_hours: int, moment: datetime) -> int:
    """The number of the last repeat due by `moment`: arithmetic, however long the clock has run."""
    return math.floor((utc(moment) - base).total_seconds() / (every_hours * 3600))


def _running(state: deadlines.ClockState) -> bool:
    return state.running


def clock_steps(
    state: deadlines.ClockState, plan: ClockPlan, start: datetime, end: datetime, max_repeats: int | None = None
) -> Iterator[Step]:
    """The steps of a clock that is open or overdue, due in (start, end], in order of due time;
    at most `max_repeats` repeats when given."""
    if not _running(state):
        return
    start, end = utc(start), utc(end)
    for step in _fixed_steps(state, plan):
        if start < step.due <= end:
            yield step
    base, kind, first = _repeats(state)
    low = max(first, _repeat_number(base, plan.repeat_hours, start) + 1)
    high = _repeat_number(base, plan.repeat_hours, end)
    if max_repeats is not None:
        high = min(high, low + max_repeats - 1)
    for k in range(low, high + 1):
        yield _make(state.obligation, kind, base.add(hours=plan.repeat_hours * k), k, plan)


def current_step(state: deadlines.ClockState, plan: ClockPlan, now: datetime) -> Step | None:
    """The most recent step of a clock that has fallen due by `now` (earlier ones are superseded)."""
    if not _running(state):
        return None
    due = [step for step in _fixed_steps(state, plan) if step.due <= utc(now)]
    base, kind, first = _repeats(state)
    k = _repeat_number(base, plan.repeat_hours, now)
    if k >= first:
        due.append(_make(state.obligation, kind, base.add(hours=plan.repeat_hours * k), k, plan))
    return max(due, key=lambda step: step.due, default=None)


def opened_step(incident, settings: Settings) -> Step | None:
    if not settings.opened or incident.status != "open":
        return None
    return Step(OPENED, OPENED, OPENED, utc(incident.created_at), 0, settings.opened_tags)


def nearest_deadline(states: dict[str, deadlines.ClockState]) -> pendulum.DateTime | None:
    return deadlines.next_deadline(states)


# ---------------------------------------------------------------- who gets what


@dataclass(frozen=True)
class Target:
    """Where a reminder can go: a stored channel, one from the apprise config file, or the terminal."""

    key: str
    tags: tuple[str, ...] = ()
    detail: bool = False


def routed(step: Step, target: Target) -> bool:
    """Untagged channels get every step; a tagged one gets the steps that name one of its tags (and,
    through the ladder, the steps that climbed to its rung)."""
    return not target.tags or bool(set(target.tags) & set(step.tags))


def quiet(target: Target, settings: Settings, now: datetime, tz: str) -> bool:
    """Whether `now` falls in a quiet window of the target: those of its tags, else the "*" one."""
    windows = [settings.quiet_hours[t] for t in target.tags if t in settings.quiet_hours]
    if not windows and "*" in settings.quiet_hours:
        windows = [settings.quiet_hours["*"]]
    local = pendulum.instance(now).in_tz(tz)
    minute = local.hour * 60 + local.minute
    for start, end in windows:
        inside = start <= minute < end if start <= end else (minute >= start or minute < end)
        if inside:
            return True
    return False


def _clock_due(step: Step, states: dict[str, deadlines.ClockState]) -> pendulum.DateTime | None:
    if step.obligation == OPENED:
        return nearest_deadline(states)
    state = states.get(step.obligation)
    return state.deadline if state is not None else None


def _by_time_left(due: datetime | None, now: datetime) -> Level:
    if due is None:
        return "ordinary"
    left = (utc(due) - utc(now)).total_seconds()
    if left <= URGENT_WITHIN_HOURS * 3600:
        return "urgent"
    if left <= HIGH_WITHIN_HOURS * 3600:
        return "high"
    return "ordinary"


def _by_step(step: Step) -> Level:
    if step.kind in ("deadline", "overdue"):
        return "urgent"
    if step.kind == "before":
        return "urgent" if step.index <= URGENT_WITHIN_HOURS else "high" if step.index <= HIGH_WITHIN_HOURS else "ordinary"
    return "ordinary"  # daily, and opened (which rises by the time left)


def level(step: Step, states: dict[str, deadlines.ClockState], settings: Settings, now: datetime) -> Level:
    """How loud a step is: ordinary (48h, 24h, the opened alert far from a deadline, the persons' daily
    reminder), high (12h, 4h), urgent (1h, the deadline, overdue). A step rises with the time left at
    `now` (one sent late is as loud as the hour it goes out in); `urgency` in a clock's settings sets a
    step's own level, which the time left can still raise, never lower."""
    own = _by_step(step)
    plan = settings.plans.get(step.obligation)
    if plan is not None:
        own = plan.urgency.get(_tag_key(step.kind, step.index), own)
    left = _by_time_left(_clock_due(step, states), now)
    return max(own, left, key=LEVELS.index)  # type: ignore[return-value]


def urgent(step: Step, states: dict[str, deadlines.ClockState], now: datetime) -> bool:
    """In the last 12 hours of the clock, or after it: quiet hours do not hold it back."""
    due = _clock_due(step, states)
    return due is not None and utc(now) >= due.subtract(hours=HIGH_WITHIN_HOURS)


@dataclass(frozen=True)
class Paged:
    """A step of a series that reached a channel: (obligation, series, channel key, when)."""

    obligation: str
    series: str
    channel: str
    at: datetime


@dataclass(frozen=True)
class AckFact:
    obligation: str | None  # None: every clock of the breach
    at: datetime


def silenced(step: Step, target: Target, acks: Iterable[AckFact], paged: Iterable[Paged]) -> bool:
    """An acknowledgement stops the repeats of the step that was current, for the channels that had
    been paged with it when the ack was given. Later steps, the deadline and the first overdue alarm go on."""
    if not step.is_repeat:
        return False
    reached = [
        p.at for p in paged if p.obligation == step.obligation and p.series == step.series and p.channel == target.key
    ]
    if not reached:
        return False
    first = min(utc(at) for at in reached)
    return any(a.obligation in (None, step.obligation) and utc(a.at) >= first for a in acks)


@dataclass(frozen=True)
class Wanted:
    """A step that should reach a target now (or, when `held`, when the target's quiet hours end)."""

    step: Step
    target: Target
    held: bool = False
    level: Level = "ordinary"
    rung: int | None = None  # the target's rung on the ladder (None: on none)
    climb: Climb | None = None  # how far the step has climbed
    wait: int = 0  # minutes before it climbs further (0: it does not)

    @property
    def escalated(self) -> bool:
        """On a rung the step reached by climbing, not where it started."""
        return self.rung is not None and self.climb is not None and self.rung > self.climb.start and self.rung > 0


def wait_of(step: Step, lvl: str, settings: Settings) -> int:
    """Minutes a step waits for an ack before it climbs: the step's own, else its level's."""
    if step.obligation == OPENED:
        return settings.opened_wait if settings.opened_wait is not None else settings.ladder.wait[lvl]
    plan = settings.plans.get(step.obligation)
    own = plan.wait.get(_tag_key(step.kind, step.index)) if plan is not None else None
    return own if own is not None else settings.ladder.wait[lvl]


def wanted(
    incident,
    states: dict[str, deadlines.ClockState],
    targets: list[Target],
    settings: Settings,
    now: datetime,
    tz: str,
    acks: Iterable[AckFact] = (),
    paged: Iterable[Paged] = (),
    pages: Iterable[Page] = (),
) -> list[Wanted]:
    """What should be delivered for one breach at `now`: the current step of each running clock and the
    opened alert, to the targets they are routed to (their tags, or the rung of the ladder the step has
    climbed to), minus what an acknowledgement silenced."""
    if incident.status != "open":
        return []
    acks, paged, pages = list(acks), list(paged), list(pages)
    answers = [Answer(a.obligation, a.at) for a in acks]
    steps = [s for s in [opened_step(incident, settings)] if s is not None and s.due <= utc(now)]
    for name, state in states.items():
        step = current_step(state, settings.plans[name], now)
        if step is not None:
            steps.append(step)
    rungs = {t.key: ladder.rung_of(t.tags, settings.ladder) for t in targets}
    staffed = sorted({r for r in rungs.values() if r is not None})
    out = []
    for step in steps:
        loud = level(step, states, settings, now)
        wait = wait_of(step, loud, settings)
        climbed = ladder.climb(step.obligation, step.name, wait, staffed, pages, answers, now, step.due)
        for target in targets:
            rung = rungs[target.key]
            on = rung is not None and rung <= climbed.rung
            if not (routed(step, target) or on) or silenced(step, target, acks, paged):
                continue
            held = quiet(target, settings, now, tz) and loud == "ordinary"  # never an urgent or high one
            out.append(Wanted(step, target, held, loud, rung, climbed, wait))
    return out


MAX_PREVIEW_REPEATS = 3  # per clock in `remind --dry-run --until`; then one "and every N h" line


@dataclass(frozen=True)
class Continues:
    """A clock whose repeats go on past the ones a preview lists."""

    obligation: str
    every_hours: int


def upcoming(
    incident, states: dict[str, deadlines.ClockState], settings: Settings, start: datetime, end: datetime
) -> tuple[list[Step], list[Continues]]:
    """The steps due in (start, end], for `breach remind --dry-run --until WHEN`, as if no clock were met:
    each clock's one-off steps and its first few repeats, and the clocks whose repeats go on after those."""
    if incident.status != "open":
        return [], []
    steps, more = [], []
    opened = opened_step(incident, settings)
    if opened is not None and utc(start) < opened.due <= utc(end):
        steps.append(opened)
    for name, state in states.items():
        plan = settings.plans[name]
        found = list(clock_steps(state, plan, start, end, MAX_PREVIEW_REPEATS + 1))
        repeats = [step for step in found if step.kind in ("overdue", "daily")]
        if len(repeats) > MAX_PREVIEW_REPEATS:
            found.remove(repeats[-1])
            more.append(Continues(name, plan.repeat_hours))
        steps.extend(found)
    return sorted(steps, key=lambda s: s.due), more
