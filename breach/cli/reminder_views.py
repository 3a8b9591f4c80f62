"""What the terminal shows of reminders: what `remind` sent, the channels, and what `doctor` found.

Plain text for people, one JSON document for scripts (keys are only ever added, never renamed).
"""

from __future__ import annotations

from datetime import datetime

from breach.domain.clock import format_local, format_span
from breach.notify import health

SCHEDULER_HINT = "see README 'Reminders' for the cron line and the systemd timer"

_PROBLEMS = {
    health.NEVER_RAN: "`breach remind` never ran",
    health.STALE: "no `breach remind` for {span}",
    health.NO_SCHEDULER: "no scheduler entry found",
    health.NO_CHANNEL: "no channel: reminders only print on the terminal",
    health.REFUSED: "{subject}",
    health.UNDELIVERED: "undelivered reminders for {subject}",
    health.NO_ANSWER: "{subject} does not answer",
}


def problem_text(problem: health.Problem) -> str:
    span = format_span(problem.seconds) if problem.seconds is not None else ""
    return _PROBLEMS[problem.kind].format(span=span, subject=problem.subject)


def problems_text(problems: list[health.Problem]) -> str:
    """doctor's one line: how many, and each."""
    return f"{len(problems)} problem(s): " + "; ".join(problem_text(p) for p in problems)


def stale_warning(problem: health.Problem | None) -> str | None:
    """The warning `list` and `open` give when no `breach remind` ran lately, else None."""
    if problem is None:
        return None
    if problem.kind == health.NEVER_RAN:
        return "no `breach remind` has run yet: reminders go out only when it runs (see `breach doctor`)"
    minutes = problem.seconds / 60
    return (
        f"no `breach remind` has run for {int(minutes // 60)}h {int(minutes % 60):02d}m: "
        "is its cron line or timer still there? (see `breach doctor`)"
    )


def doctor_text(facts: health.Facts, now: datetime, tz: str) -> str:
    """The last run, the clocks, the scheduler, then each channel with its deliveries and test."""
    if facts.last_run is None:
        lines = ["remind     never ran"]
    else:
        ago = (now - facts.last_run).total_seconds()
        lines = [f"remind     last ran {format_local(facts.last_run, tz)} ({format_span(ago)} ago)"]
    lines.append(f"clocks     {facts.running} running")
    if facts.scheduler:
        lines.append(f"scheduler  {'; '.join(facts.scheduler)}")
    else:
        lines.append(f"scheduler  no cron or systemd timer entry for `breach remind` found ({SCHEDULER_HINT})")
    lines.append(f"channels   {len(facts.channels or ())}")
    lines += [f"  refused  {line}" for line in facts.refused]
    for channel in facts.channels or ():
        h = facts.delivery.get(channel.key)
        line = f"  {channel.shown}"
        if h and h["last_sent"]:
            line += f"\n      last delivered {format_local(h['last_sent'], tz)}"
        if health.undelivered(h):
            line += f"\n      {h['waiting']} waiting for a retry, {h['gave_up']} given up; last error: {h['last_error']}"
        outcome = facts.tested.get(channel.key)
        if outcome is not None:
            line += "\n      test message delivered" if outcome.ok else f"\n      test message FAILED: {outcome.error}"
        lines.append(line)
    return "\n".join(lines)
