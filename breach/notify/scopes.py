"""The organisations a `breach remind` works for, each with what its reminders need: its settings
(schedule, quiet hours, ladder, retries, apprise file), its profile's time zone and language, and the
words that tell one organisation's breach from another's.

One store may keep several organisations (an external FG with 30 clients, issue 18). `remind` runs for
the one chosen (`--org`, BREACH_ORG, `breach orgs use`) or, with none chosen, for every one in turn, as
cron runs one `breach remind` per store. Nothing of one organisation goes to another's channels. When
the store keeps more than one, a reminder shows ids as `short/DL-2026-001`, which every command takes: an
FG who gets 30 clients' reminders on one phone knows whose breach it is, and the command in it works
without `--org`. The organisation's own name is a fact of the breach ("Bakkerij Jansen has a data leak")
that the push service would read: only a channel added with `--detail` gets it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from breach.domain.schedule import Settings

if TYPE_CHECKING:
    from breach.config import Profile
    from breach.store.models import Incident, Organisation


@dataclass(frozen=True)
class Scope:
    """One organisation as `remind`, `watch` and `doctor` work for it."""

    org_id: int
    short: str
    settings: Settings
    tz: str
    language: str
    name: str = ""  # the profile's name ("" when it has none: the short name stands in)
    owners: Mapping[int, str] = field(default_factory=dict)  # {org id: short} of the store, when it keeps several

    @property
    def shared(self) -> bool:
        """The store keeps more than one organisation: ids carry the short name, reminders the name."""
        return len(self.owners) > 1

    def named(self, detail: bool) -> str | None:
        """The organisation's name for a reminder's first line: in a store of several, to a channel that opted
        in to the breach's facts (`--detail`); otherwise None (the id's short name tells whose breach it is)."""
        return (self.name or self.short) if self.shared and detail else None

    def label(self, incident: Incident) -> str:
        """`DL-2026-001`, or `short/DL-2026-001` in a store of several organisations."""
        from breach.records import orgs

        return orgs.label(incident, dict(self.owners))

    def command(self) -> str:
        """`breach`, or `breach --org short` where the store keeps several (for commands no id names)."""
        return f"breach --org {self.short}" if self.shared else "breach"


def of(org: Organisation, owners: Mapping[int, str], profile: Profile | None = None) -> Scope:
    """The scope of one organisation row; `profile`: its profile when the caller has it already."""
    from breach.records import orgs

    prof = profile if profile is not None else orgs.profile_of(org)
    return Scope(org.id, org.short, orgs.settings_of(org), prof.timezone, prof.language, prof.name or "",
                 dict(owners))


def every(session, chosen: Organisation | None = None, profile: Profile | None = None) -> list[Scope]:
    """The scopes a command works for: `chosen` only, or, with none chosen, every organisation in turn."""
    from breach.records import orgs

    owners = orgs.shorts(session)
    if chosen is not None:
        return [of(chosen, owners, profile)]
    return [of(org, owners) for org in orgs.listing(session)]
