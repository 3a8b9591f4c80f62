"""Whether reminders will reach someone: the one rule behind `breach doctor` and the warning of
`breach list` and `breach open` that no `breach remind` ran lately.

`problems` is pure: the facts (`gather` reads them from the store, the scheduler and, when asked,
the channels' answers to a test message) and now in, typed problems out, in the order doctor names
them. The words for them are the front end's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from breach.domain import deadlines
from breach.domain.clock import utc
from breach.notify import channels, cron, heartbeats, reminders
from breach.records import incidents

if TYPE_CHECKING:
    from collections.abc import Iterable

    from breach.notify.channels import Channel
    from breach.notify.dispatch import Outcome
    from breach.notify.scopes import Scope
    from breach.store.engine import Store

STALE_RUN_MINUTES = 15  # no `breach remind` for longer than this: its cron line or timer may be gone

ProblemKind = Literal["never_ran", "pending", "stale", "no_scheduler", "no_channel", "refused", "undelivered", "no_answer"]
NEVER_RAN: Final = "never_ran"  # no `breach remind` has run yet
PENDING: Final = "pending"  # reminders claimed a minute ago or more with no outcome: a run was killed mid-send
STALE: Final = "stale"  # the last `breach remind` ran more than STALE_RUN_MINUTES ago
NO_SCHEDULER: Final = "no_scheduler"  # no cron or systemd entry names `breach remind`
NO_CHANNEL: Final = "no_channel"  # reminders only print on the terminal
REFUSED: Final = "refused"  # an entry of the apprise config file that apprise refuses
UNDELIVERED: Final = "undelivered"  # a channel with reminders waiting for a retry or given up
NO_ANSWER: Final = "no_answer"  # a channel that did not accept the test message


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    seconds: float | None = None  # STALE: since the last run; PENDING: since the oldest claim
    count: int | None = None  # PENDING: how many claims
    subject: str | None = None  # REFUSED: what apprise refuses; UNDELIVERED, NO_ANSWER: the channel as shown
    org: str | None = None  # in a store of several organisations: the one it is about (NO_CHANNEL, ...)


@dataclass(frozen=True)
class OrgChannels:
    """One organisation's channels and what became of them, in a store of several organisations."""

    short: str
    channels: Sequence[Channel]
    refused: Sequence[str] = ()
    delivery: Mapping[str, reminders.ChannelHealth] = field(default_factory=dict)  # by channel key
    tested: Mapping[str, Outcome] = field(default_factory=dict)  # by channel key, when a test was sent


@dataclass(frozen=True)
class Facts:
    """What doctor looks at. A fact not looked at (None) gives no problem: `list` looks at the last run only."""

    last_run: datetime | None
    running: int = 0  # clocks running (open or overdue)
    scheduler: Sequence[str] | None = None  # the schedulers that will run `breach remind`
    schedulers: Sequence[cron.Scheduler] = ()  # every one found, with why it does or does not count
    channels: Sequence[Channel] | None = None
    refused: Sequence[str] = ()
    delivery: Mapping[str, reminders.ChannelHealth] = field(default_factory=dict)  # by channel key
    tested: Mapping[str, Outcome] = field(default_factory=dict)  # by channel key, when a test was sent
    pending: reminders.Pending | None = None  # claims with no outcome
    orgs: Sequence[OrgChannels] = ()  # a store of several organisations: the channels per organisation, which
    # then stand in for `channels`, `refused`, `delivery` and `tested` (those hold them all, flat)

    def groups(self) -> list[OrgChannels]:
        """The channels per organisation (one group, short name "", in a store of one)."""
        if self.orgs:
            return list(self.orgs)
        if self.channels is None:
            return []
        return [OrgChannels("", self.channels, self.refused, self.delivery, self.tested)]


def remind_run(last: datetime | None, now: datetime) -> Problem | None:
    """The staleness rule: NEVER_RAN, STALE, or None while `breach remind` runs."""
    if last is None:
        return Problem(NEVER_RAN)
    seconds = (utc(now) - utc(last)).total_seconds()
    return Problem(STALE, seconds=seconds) if seconds > STALE_RUN_MINUTES * 60 else None


def undelivered(health: reminders.ChannelHealth | None) -> bool:
    """Reminders to the channel wait for a retry or were given up."""
    return bool(health and (health["waiting"] or health["gave_up"]))


def pending(claims: reminders.Pending | None) -> Problem | None:
    """PENDING for claims with no outcome; doctor names them instead of "never ran" when no run finished."""
    return None if claims is None else Problem(PENDING, seconds=claims.seconds, count=claims.count)


def problems(facts: Facts, now: datetime) -> list[Problem]:
    run = remind_run(facts.last_run, now)
    claims = pending(facts.pending)
    if claims is not None and run is not None and run.kind == NEVER_RAN:
        run = None  # a run did start: it was killed before it finished
    found = [p for p in (run, claims) if p is not None]
    if facts.scheduler is not None and not facts.scheduler:
        found.append(Problem(NO_SCHEDULER))
    for group in facts.groups():
        org = group.short or None
        if not group.channels:
            found.append(Problem(NO_CHANNEL, org=org))
        found += [Problem(REFUSED, subject=line, org=org) for line in group.refused]
        for channel in group.channels:
            if undelivered(group.delivery.get(channel.key)):
                found.append(Problem(UNDELIVERED, subject=channel.shown, org=org))
            outcome = group.tested.get(channel.key)
            if outcome is not None and not outcome.ok:
                found.append(Problem(NO_ANSWER, subject=channel.shown, org=org))
    return found


def gather(store: Store, scopes: Iterable[Scope], home: Path, now: datetime, *, send_test: bool) -> Facts:
    """Everything doctor looks at, for each organisation of `scopes`; with `send_test`, each channel is sent
    the test message (in its organisation's language)."""
    scopes = list(scopes)
    groups = []
    with store.read() as session:
        last = reminders.last_run(session)
        claims = reminders.pending_claims(session, now)
        beats = heartbeats.beats(session)
        running = 0
        for scope in scopes:
            found = channels.all_channels(session, scope.org_id, scope.settings, home)
            delivery = reminders.delivery_health(session, scope.org_id)
            rows = incidents.clocks_many(session, incidents.open_incidents(session, org_id=scope.org_id), now)
            running += len(deadlines.running_clocks(rows))
            groups.append((scope, found, delivery))
    found_schedulers = cron.schedulers(now, beats)
    scheduler = [f"{s.where}" for s in found_schedulers if s.ok]
    orgs = []
    for scope, found, delivery in groups:
        tested = {c.key: o for c, o in reminders.test_channels(found, scope.language)} if send_test else {}
        orgs.append(OrgChannels(scope.short, found, channels.refused(scope.settings, home), delivery, tested))
    shared = any(scope.shared for scope in scopes)
    flat: dict = {"channels": [c for g in orgs for c in g.channels], "refused": [r for g in orgs for r in g.refused],
                  "delivery": {k: v for g in orgs for k, v in g.delivery.items()},
                  "tested": {k: v for g in orgs for k, v in g.tested.items()}}
    return Facts(last, running, scheduler, pending=claims, schedulers=found_schedulers,
                 orgs=orgs if shared else (), **flat)
