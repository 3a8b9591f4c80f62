"""Time: the one source of "now", the moments a user may type, and how instants are shown.

Instants are kept as UTC. A moment typed without an offset is read in the organisation's time
zone; a local time that does not exist (the spring gap) is refused, an ambiguous one (the autumn
repeat) resolves to the earlier instant, which brings a deadline forward, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pendulum

from breach.errors import InvalidInput

Clock = Callable[[], pendulum.DateTime]

ACCEPTED = (
    "accepted: ISO 8601 with an offset or Z (2026-11-23T09:15+01:00), a local date-time "
    "(2026-11-23 09:15, 2026-11-23T09:15, 23-11-2026 09:15), 'now', 'today HH:MM', 'yesterday HH:MM'"
)
RANGE_SEPARATORS = ("..", "/")

_RELATIVE = re.compile(r"^(today|yesterday|vandaag|gisteren)?\s*(\d{1,2})[:.](\d{2})$", re.IGNORECASE | re.ASCII)
_DUTCH = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})[ T](\d{1,2})[:.](\d{2})(?::(\d{2}))?$", re.ASCII)
_HAS_OFFSET = re.compile(r"(Z|[+-]\d{2}(:?\d{2})?)$", re.IGNORECASE)


def system_clock() -> pendulum.DateTime:
    return pendulum.now("UTC")


NOW_VARIABLE = "BREACH_NOW"


def environment_clock() -> Clock | None:
    """A testing aid: when BREACH_NOW holds an ISO 8601 instant with an offset, "now" is that instant.

    Tests that run the installed command in several processes need them to agree on the time; the
    variable is read only when set, and a value that is not an instant with an offset is refused."""
    import os

    text = os.environ.get(NOW_VARIABLE)
    if not text:
        return None
    try:
        parsed = pendulum.parse(text.strip())
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if not isinstance(parsed, datetime) or not _HAS_OFFSET.search(text.strip()):
        raise InvalidInput(f"'{text}' is not an instant (expected ISO 8601 with an offset, e.g. 2026-11-23T12:00Z)",
                           field=NOW_VARIABLE)
    fixed = pendulum.instance(parsed).in_tz("UTC")
    return lambda: fixed


def edge_clock() -> Clock:
    """The one clock at the edge, for every front end: `BREACH_NOW` when set (tests, previews), else the system's."""
    return environment_clock() or system_clock


@dataclass(frozen=True)
class Moment:
    """A parsed instant (UTC) and, when the local time was ambiguous, a remark saying how it was read
    (about `field`, the input it was typed into)."""

    instant: pendulum.DateTime
    remark: str | None = None
    field: str = "time"

    @property
    def note(self) -> str | None:
        """`field: remark`, in the domain's name of the field."""
        return self.named_note()

    def named_note(self, name: Callable[[str], str] = str) -> str | None:
        """The note with the field named as a front end calls it (the CLI: its flag)."""
        return None if self.remark is None else f"{name(self.field)}: {self.remark}"


def parse_moment(text: str, tz: str, now: pendulum.DateTime, *, field: str = "time") -> Moment:
    """Read a moment the user typed; refuse anything else with the accepted forms.

    A moment in the future is refused: every moment this tool records has already happened.
    """
    value = text.strip()
    if not value:
        raise InvalidInput(f"empty; {ACCEPTED}", field=field)
    moment = _parse(value, tz, now, field)
    if moment.instant > now:
        shown = format_local(moment.instant, tz)
        raise InvalidInput(f"{shown} is in the future; give a moment that has passed", field=field)
    return moment


def _parse(value: str, tz: str, now: pendulum.DateTime, field: str) -> Moment:
    if value.lower() == "now":
        return Moment(now.in_tz("UTC"))
    relative = _RELATIVE.match(value)
    if relative:
        day = now.in_tz(tz).date()
        if (relative.group(1) or "").lower() in ("yesterday", "gisteren"):
            day = day.subtract(days=1)
        hour, minute = int(relative.group(2)), int(relative.group(3))
        return _local(datetime(day.year, day.month, day.day, *_hm(hour, minute, value, field)), tz, value, field)
    dutch = _DUTCH.match(value)
    if dutch:
        day, month, year, hour, minute, second = (int(part or 0) for part in dutch.groups())
        try:
            wall = datetime(year, month, day, *_hm(hour, minute, value, field), second)
        except ValueError:
            raise InvalidInput(f"'{value}' is not a date-time; {ACCEPTED}", field=field) from None
        return _local(wall, tz, value, field)
    if ":" not in value and not re.search(r"T\d", value):
        raise InvalidInput(f"'{value}' has no time of day; {ACCEPTED}", field=field)
    if not re.match(r"\d{4}-?\d{2}-?\d{2}", value, re.ASCII):
        raise InvalidInput(f"'{value}' is not a date-time; {ACCEPTED}", field=field)
    try:
        parsed = pendulum.parse(value, tz=None)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise InvalidInput(f"'{value}' is not a date-time; {ACCEPTED}", field=field) from None
    if not isinstance(parsed, datetime):
        raise InvalidInput(f"'{value}' is not a date-time; {ACCEPTED}", field=field)
    if parsed.tzinfo is not None:
        if not _HAS_OFFSET.search(value):
            raise InvalidInput(f"'{value}' is not a date-time; {ACCEPTED}", field=field)
        return Moment(pendulum.instance(parsed).in_tz("UTC"))
    return _local(parsed, tz, value, field)


_SPAN = re.compile(r"^\+?(\d+)\s*([hd])$", re.IGNORECASE | re.ASCII)
MAX_UNTIL_DAYS = 366
UNTIL_ACCEPTED = f"{ACCEPTED}, or a span ahead (24h, 3d; at most {MAX_UNTIL_DAYS}d)"


def parse_until(text: str, tz: str, now: pendulum.DateTime, *, field: str = "until") -> pendulum.DateTime:
    """A moment still to come, within a year, for previews: the forms of `parse_moment`, or a span ahead (`24h`, `3d`)."""
    value = text.strip()
    span = _SPAN.match(value)
    if span:
        hours = int(span.group(1)) * (24 if span.group(2).lower() == "d" else 1)
        if hours > MAX_UNTIL_DAYS * 24:
            raise InvalidInput(f"'{value}' is too far ahead; {UNTIL_ACCEPTED}", field=field)
        return now.in_tz("UTC").add(hours=hours)
    if not re.search(r"\d", value) and value.lower() != "now":
        raise InvalidInput(f"'{value}' is neither a moment nor a span; {UNTIL_ACCEPTED}", field=field)
    try:
        moment = _parse(value, tz, now, field)
    except InvalidInput as wrong:
        raise InvalidInput(wrong.message.replace(ACCEPTED, UNTIL_ACCEPTED), field=wrong.field) from None
    if moment.instant <= now:
        raise InvalidInput(f"{format_local(moment.instant, tz)} has passed; give a moment to come, or a span such as 24h", field=field)
    if moment.instant > now.add(days=MAX_UNTIL_DAYS):
        raise InvalidInput(f"{format_local(moment.instant, tz)} is too far ahead; {UNTIL_ACCEPTED}", field=field)
    return moment.instant


def parse_range(text: str, tz: str, now: pendulum.DateTime, *, field: str) -> tuple[Moment, Moment | None]:
    """`WHEN` or `START..END` (also the ISO interval `START/END`). A slash inside a date (23/11/2026) is
    part of the date: a split counts only where both halves are moments."""
    try:
        return parse_moment(text, tz, now, field=field), None
    except InvalidInput as whole:
        error = whole
        for separator in RANGE_SEPARATORS:
            start = 0
            while (index := text.find(separator, start)) != -1:
                start = index + 1
                try:
                    first = parse_moment(text[:index], tz, now, field=f"{field} (start)")
                except InvalidInput:
                    continue
                try:
                    return first, parse_moment(text[index + len(separator):], tz, now, field=f"{field} (end)")
                except InvalidInput as end:
                    error = end  # the start was a moment: what is wrong is the end
        raise error from None


def _hm(hour: int, minute: int, value: str, field: str) -> tuple[int, int]:
    if hour > 23 or minute > 59:
        raise InvalidInput(f"'{value}' is not a time of day (00:00 to 23:59); {ACCEPTED}", field=field)
    return hour, minute


def _local(naive: datetime, tz: str, value: str, field: str) -> Moment:
    """Place a wall-clock time in the zone, refusing the spring gap and taking the earlier autumn instant."""
    zone = pendulum.timezone(tz)
    wall = naive.replace(tzinfo=None, fold=0)
    try:
        zone.convert(wall, raise_on_unknown_times=True)
    except pendulum.tz.exceptions.NonExistingTime:
        raise InvalidInput(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {tz} (the clocks jumped forward); "
            f"give the time with an offset, e.g. {wall:%Y-%m-%dT%H:%M}+01:00, or a time after the jump",
            field=field,
        ) from None
    except pendulum.tz.exceptions.AmbiguousTime:
        earlier = pendulum.instance(zone.convert(wall.replace(fold=0)))
        later = pendulum.instance(zone.convert(wall.replace(fold=1)))
        remark = (
            f"{wall:%Y-%m-%d %H:%M} happens twice in {tz} (the clocks went back); "
            f"read as the earlier {earlier.format('HH:mm Z')}, which brings any deadline forward "
            f"(give {later.isoformat()} for the later one)"
        )
        return Moment(earlier.in_tz("UTC"), remark, field)
    return Moment(pendulum.instance(zone.convert(wall)).in_tz("UTC"))


def utc(value: datetime) -> pendulum.DateTime:
    """An instant in UTC; a naive one is UTC already (SQLite keeps no zone)."""
    return pendulum.instance(value).in_tz("UTC")


def local(instant: datetime, tz: str) -> pendulum.DateTime:
    """An instant read from the store (aware, UTC) in the organisation's zone."""
    return pendulum.instance(instant).in_tz(tz)


def format_local(instant: datetime, tz: str) -> str:
    """`Mon 2026-03-30 11:00 +02:00`: weekday, local date-time and offset, for the terminal."""
    return local(instant, tz).format("ddd YYYY-MM-DD HH:mm Z")


def iso_local(instant: datetime | None, tz: str) -> str | None:
    """ISO 8601 with the local offset, for --json."""
    return None if instant is None else local(instant, tz).isoformat()


def format_span(seconds: float) -> str:
    """`71h 58m` (hours are not folded into days: the law counts hours)."""
    minutes = int(abs(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"
