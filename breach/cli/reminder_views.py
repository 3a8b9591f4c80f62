"""What the terminal shows of reminders: what `remind` sent, the channels, and what `doctor` found.

Plain text for people, one JSON document for scripts (keys are only ever added, never renamed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from breach.domain.clock import format_local, format_span, iso_local
from breach.domain.schedule import OPENED
from breach.notify import channels, health, reminders

if TYPE_CHECKING:
    from breach.notify.dispatch import Outcome
    from breach.store.models import Channel as ChannelRow

SCHEDULER_HINT = "see README 'Reminders' for the cron line and the systemd timer"
NO_CHANNEL_WARNING = (
    "warning: no channel configured, so reminders only print here; add one with "
    "`breach channels add URL` (e.g. ntfy://my-topic or mailto://user:password@example.org)"
)


def no_channel_warning(report: reminders.Report) -> str:
    """NO_CHANNEL_WARNING, naming the organisations without a channel in a store of several."""
    if not report.shared:
        return NO_CHANNEL_WARNING
    names = ", ".join(report.unreached)
    return (f"warning: no channel configured for organisation(s) {names}, so their reminders only print here; "
            f"add one with `breach --org {report.unreached[0]} channels add URL`")


# ---------------------------------------------------------------- remind, watch, ack


def item_json(item: reminders.Item, tz: str) -> dict[str, Any]:
    tz = item.tz or tz
    return {
        "id": item.ref,
        "obligation": item.obligation,
        "step": item.step,
        "channel": item.channel,
        "status": item.status,
        "due_at": iso_local(item.due_at, tz),
        "title": item.title,
        "body": item.body,
        "attempt": item.attempt,
        "error": item.error,
        "next_try_at": iso_local(item.next_try_at, tz),
        "org": item.org,
    }


def item_line(item: reminders.Item, tz: str) -> str:
    tz = item.tz or tz
    what = "breach opened" if item.obligation == OPENED else f"{item.obligation} {item.step}"
    head = f"{item.status:<8} {item.ref}  {what:<18} -> {item.channel}"
    if item.status == reminders.FAILED:
        return f"{head}\n         {item.error} (try {item.attempt}; next try {format_local(item.next_try_at, tz)})"
    if item.status == reminders.GAVE_UP:
        return f"{head}\n         {item.error} (try {item.attempt}, the last)"
    if item.status == reminders.HELD:
        return f"{head}  (quiet hours; goes out when they end)"
    if item.status == reminders.DUE:
        return f"{format_local(item.due_at, tz)}  {item.ref}  {what:<18} -> {item.channel}\n         {item.title}"
    return f"{head}\n         {item.title}"


def report_json(report: reminders.Report, tz: str, *, dry_run: bool = False) -> dict[str, Any]:
    return {"dry_run": dry_run, "no_channels": report.no_channels, "no_channel_orgs": report.unreached,
            "reminders": [item_json(i, tz) for i in report.items], "continues": report.continues}


def report_text(report: reminders.Report, tz: str, *, dry_run: bool = False, quiet: bool = False) -> str:
    """Each reminder (one sent to the terminal in full), the repeats a dry run does not list, or that
    nothing was due; empty when `quiet` and nothing was sent or failed."""
    shown = [i for i in report.items if not (quiet and i.status == reminders.HELD)]
    lines = [
        f"{item.title}\n{item.body}\n" if item.channel == reminders.TERMINAL_SHOWN and item.status == reminders.SENT
        else item_line(item, tz)
        for item in shown
    ]
    lines += report.continues
    if not shown and not quiet:
        lines.append("Nothing due." if not dry_run else "Nothing would be sent.")
    return "\n".join(lines)


def given_up_text(given_up: Sequence[reminders.Item]) -> str:
    first = given_up[0]
    return (
        f"{len(given_up)} reminder(s) could not be delivered after the last try (first: {first.ref} "
        f"{first.obligation} {first.step} to {first.channel}: {first.error}); check the channel with "
        "`breach channels test` and `breach doctor`"
    )


def acked_text(ref: str, obligation: str | None) -> str:
    return f"{ref}: acknowledged ({obligation or 'all clocks'}); later steps and alarms still go out"


# ---------------------------------------------------------------- channels


def added_text(row: ChannelRow, tags: Sequence[str]) -> str:
    return f"Added channel {row.id}: {channels.masked(row.url)}" + (f"  tags: {', '.join(tags)}" if tags else "")


def unnamed_tags_warning(unnamed: Sequence[str]) -> str:
    return (
        f"warning: no reminder step names the tag(s) {', '.join(unnamed)}, so this channel gets only tests; "
        "name them in the organisation's [reminders] (`breach settings show`, then `breach settings import`) "
        "or add the channel without --tag"
    )


def try_it_text(tags: Sequence[str]) -> str:
    return f"Try it: breach channels test --tag {tags[0]}" if tags else "Try it: breach channels test"


def removed_text(number: str, shown: str) -> str:
    return f"Removed channel {number.strip().removeprefix('#')}: {shown}"


def channels_json(found: Sequence[channels.Channel]) -> list[dict[str, Any]]:
    return [
        {"id": c.key.removeprefix("c") if c.source == channels.STORED else c.key, "url": c.shown,
         "tags": list(c.target.tags), "detail": c.target.detail, "source": c.source}
        for c in found
    ]


def channels_text(found: Sequence[channels.Channel]) -> str:
    rows = channels_json(found)
    if not rows:
        return "No channels. Add one with `breach channels add URL` (e.g. ntfy://my-topic)."
    lines = []
    for row in rows:
        tags = ", ".join(row["tags"]) or "all reminders"
        where = "" if row["source"] == channels.STORED else f"  (from {row['source']})"
        lines.append(f"{row['id']:>3}  {row['url']}\n     tags: {tags}" + ("; with detail" if row["detail"] else "") + where)
    return "\n".join(lines)


def refused_warning(line: str) -> str:
    return f"warning: {line}"


def test_text(results: Sequence[tuple[channels.Channel, Outcome]]) -> str:
    """Per channel: delivered, or FAILED with the error."""
    return "\n".join(
        f"delivered  {channel.shown}" if outcome.ok else f"FAILED     {channel.shown}\n           {outcome.error}"
        for channel, outcome in results
    )


def test_failed_text(failed: int, total: int) -> str:
    return f"{failed} of {total} channel(s) did not accept the test message"


# ---------------------------------------------------------------- doctor, and the warning of list and open

_PROBLEMS = {
    health.NEVER_RAN: "`breach remind` never ran",
    health.PENDING: (
        "{count} reminder(s) claimed {span} ago with no outcome (a `breach remind` was killed mid-send or still "
        "sends): they go out again once the claim's 15-minute lease has passed"
    ),
    health.STALE: "no `breach remind` for {span}",
    health.NO_SCHEDULER: "no scheduler entry found",
    health.NO_CHANNEL: "no channel: reminders only print on the terminal",
    (health.NO_CHANNEL, "org"): "no channel for organisation {org}: its reminders only print on the terminal",
    health.REFUSED: "{subject}",
    health.UNDELIVERED: "undelivered reminders for {subject}",
    health.NO_ANSWER: "{subject} does not answer",
}


def problem_text(problem: health.Problem) -> str:
    span = format_span(problem.seconds) if problem.seconds is not None else ""
    words = _PROBLEMS.get((problem.kind, "org")) if problem.org else None
    text = (words or _PROBLEMS[problem.kind]).format(span=span, subject=problem.subject, count=problem.count,
                                                     org=problem.org)
    return f"{problem.org}: {text}" if problem.org and words is None else text


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
    claims = facts.pending
    if facts.last_run is None:
        lines = ["remind     never finished a run" if claims else "remind     never ran"]
    else:
        ago = (now - facts.last_run).total_seconds()
        lines = [f"remind     last ran {format_local(facts.last_run, tz)} ({format_span(ago)} ago)"]
    if claims:
        lines.append(f"pending    {claims.count} reminder(s) claimed since {format_local(claims.since, tz)} "
                     f"({format_span(claims.seconds)} ago) with no outcome")
    lines.append(f"clocks     {facts.running} running")
    for s in facts.schedulers:
        lines.append(f"scheduler  {s.where}: {s.detail}" + ("" if s.ok else " (does not count)"))
    if not facts.scheduler:
        lines.append(f"scheduler  no running `breach watch`, enabled systemd timer or cron entry for `breach remind` found "
                     f"({SCHEDULER_HINT})")
    for group in facts.groups() or [health.OrgChannels("", ())]:
        lines.append(f"channels   {len(group.channels)}" + (f" of organisation {group.short}" if group.short else ""))
        lines += [f"  refused  {line}" for line in group.refused]
        for channel in group.channels:
            h = group.delivery.get(channel.key)
            line = f"  {channel.shown}"
            if h and h["last_sent"]:
                line += f"\n      last delivered {format_local(h['last_sent'], tz)}"
            if health.undelivered(h):
                line += f"\n      {h['waiting']} waiting for a retry, {h['gave_up']} given up; last error: {h['last_error']}"
            outcome = group.tested.get(channel.key)
            if outcome is not None:
                line += "\n      test message delivered" if outcome.ok else f"\n      test message FAILED: {outcome.error}"
            lines.append(line)
    return "\n".join(lines)


def doctor_json(facts: health.Facts, problems: list[health.Problem], now: datetime, tz: str) -> dict[str, Any]:
    """What `doctor --json` prints: the same facts as `doctor_text`, and each problem with its words.
    URLs masked as everywhere."""
    claims = facts.pending
    ago = (now - facts.last_run).total_seconds() if facts.last_run else None
    return {
        "ok": not problems,
        "problems": [{"kind": p.kind, "text": problem_text(p)} for p in problems],
        "last_run": iso_local(facts.last_run, tz) if facts.last_run else None,
        "remind": {"last_run": iso_local(facts.last_run, tz) if facts.last_run else None, "ago_seconds": ago},
        "pending_claims": None if claims is None else {
            "count": claims.count, "since": iso_local(claims.since, tz), "seconds": round(claims.seconds),
        },
        "clocks_running": facts.running,
        "scheduler": list(facts.scheduler or ()),
        "schedulers": [{"kind": s.kind, "where": s.where, "ok": s.ok, "detail": s.detail} for s in facts.schedulers],
        "refused": list(facts.refused),
        "channels": [_channel_health_json(c, group, tz) for group in facts.groups() for c in group.channels],
    }


def _channel_health_json(channel: channels.Channel, group: health.OrgChannels, tz: str) -> dict[str, Any]:
    h = group.delivery.get(channel.key) or {}
    outcome = group.tested.get(channel.key)
    return {
        "org": group.short or None,
        "id": channel.key,
        "channel": channel.shown,
        "url": channel.shown,
        "tags": list(channel.target.tags),
        "last_delivered": iso_local(h.get("last_sent"), tz),
        "waiting": h.get("waiting", 0),
        "gave_up": h.get("gave_up", 0),
        "last_error": h.get("last_error"),
        "test": None if outcome is None else {"ok": outcome.ok, "delivered": outcome.ok, "error": outcome.error},
    }


def _rung_tag(rung: int | None, rungs: Sequence[str]) -> str:
    if rung is None:
        return "-"
    return rungs[rung] if rung < len(rungs) else str(rung)


def paging_json(paging, rungs: Sequence[str]) -> dict[str, Any]:
    def iso(value):
        return value.isoformat() if value is not None else None

    pages = [{**p, "rung_tag": _rung_tag(p["rung"], rungs), "first_at": iso(p["first_at"]), "sent_at": iso(p["sent_at"]),
              "escalated": bool(p["rung"])} for p in paging.pages]
    return {"paging": pages, "acks": [{**a, "at": iso(a["at"])} for a in paging.acks]}


def paging_text(paging, rungs: Sequence[str], shown: dict[str, str], tz: str) -> str:
    """`breach show`'s Paging block: per step, who was paged when (and on which rung), and the acks."""
    if not paging.pages and not paging.acks:
        return ""
    lines = ["", "Paging"]
    for p in paging.pages:
        step = "opened alert" if p["obligation"] == "opened" else f"{p['obligation']} {p['step']}"
        when = format_local(p["first_at"], tz) if p["first_at"] else "?"
        lines.append(f"  {step:<16} {p['level'] or '-':<8} {when}  {_rung_tag(p['rung'], rungs):<10} "
                     f"{shown.get(p['channel'], p['channel'])}  {p['status']}")
    for a in paging.acks:
        what = a["obligation"] or "all clocks"
        if a["step"]:
            what += f" ({a['step']})"
        by = f" by {a['by']}" if a["by"] else ""
        on = f" on {shown.get(a['channel'], a['channel'])}" if a["channel"] else ""
        lines.append(f"  acknowledged {what}{by} via {a['via']}{on}, {format_local(a['at'], tz)}")
    return "\n".join(lines)
