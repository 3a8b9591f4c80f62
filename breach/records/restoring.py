"""`breach restore`: a backup loaded into an empty store, with what it brings shown before it counts.

A backup is a file, and a file can be edited: a channel added to it would page an outside service,
with the breaches' details when `detail` is on, from the next `breach remind` on. So a restore that
brings channels the store does not have lists them (masked) and is refused unless the user confirms
(`yes`); the facts and seals it brings are checked as `breach verify` checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from breach.errors import Refused


def brought_channels(connection) -> list[str]:
    """The channels in the store, masked: `#1 json://hook.example/**** (details on, tags fg)`."""
    from sqlalchemy import select

    from breach.notify.channels import masked
    from breach.store.models import Channel

    table = Channel.__table__
    shown = []
    for row in connection.execute(select(table).order_by(table.c.id)):
        extra = ["details on" if row.detail else "no details"] + ([f"tags {', '.join(row.tags)}"] if row.tags else [])
        shown.append(f"#{row.id} {masked(row.url)} ({'; '.join(extra)})")
    return shown


def restore(store, source, *, where: str, moment: Callable[[datetime], str], yes: bool) -> Any:
    """Load `source` into `store`; refused (nothing restored) when it brings channels and `yes` is not
    given. A restore goes only into an empty store, so every channel a backup brings is one the store
    does not have."""
    from breach.store import backup

    def vet(connection) -> None:
        channels = brought_channels(connection)
        if channels and not yes:
            raise Refused(
                f"the backup brings {len(channels)} reminder channel(s) this store does not have: "
                f"{', '.join(channels)}; reminders will go there from the next `breach remind` on: check them, "
                "then restore with {yes} (nothing was restored)",
                mentions=("yes",),
            )

    return backup.restore(store, source, where=where, moment=moment, vet=vet)
