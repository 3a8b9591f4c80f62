"""`breach verify --against EXPORT`: the store's timelines checked against the chain heads that an
export recorded, which catches a timeline rewritten with freshly computed seals or a breach removed
with all its rows (what the seals alone cannot show). Streams the file: a register of years is large.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from breach.errors import InvalidInput
from breach.records.register import LABELS, REGISTER_FORMAT

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from breach.store.chain import Break

_JSON_START = '{"register": '


def _head(breach: dict) -> tuple[str, int, str | None]:
    return breach["id"], int(breach["timeline"]["events"]), breach["timeline"]["chain_head"]


def _exported_heads(path: Path) -> tuple[dict, Iterator[tuple[str, int, str | None]]]:
    """The export's header and its breaches' chain heads, streamed: from a CSV export (either
    language, any of its separators), or a JSON export laid out as `breach export` writes it (one
    breach a line); a JSON export laid out otherwise is parsed whole."""
    handle = path.open(encoding="utf-8-sig", newline="")
    first = handle.readline()
    heads_labels = {LABELS[language]["chain_head"] for language in LABELS}
    for delimiter in (";", ",", "\t"):
        header = next(csv.reader([first], delimiter=delimiter))
        found = [i for i, name in enumerate(header) if name in heads_labels]
        if len(header) > 3 and found and found[-1] >= 1:  # a CSV export: id first, chain length and head together
            # (the head was the last column until the void column came after it)
            at = found[-1]

            def rows(delimiter: str = delimiter, at: int = at) -> Iterator[tuple[str, int, str | None]]:
                with handle:
                    for row in csv.reader(handle, delimiter=delimiter):
                        if row:
                            yield row[0], int(row[at - 1] or 0), row[at] or None

            return {"format": REGISTER_FORMAT, "exported_at": path.name}, rows()
    if first.startswith(_JSON_START) and first.rstrip().endswith(","):
        meta = json.loads(first[len(_JSON_START):].rstrip()[:-1])

        def lines() -> Iterator[tuple[str, int, str | None]]:
            with handle:
                for line in handle:
                    text = line.strip().rstrip(",")
                    if text.startswith("{"):
                        yield _head(json.loads(text))

        return meta, lines()
    handle.close()
    doc = json.loads(path.read_text(encoding="utf-8-sig"))
    return doc["register"], (_head(breach) for breach in doc["breaches"])


def compare(connection: Connection, path: Path) -> list[Break]:
    """Breaks where the store's timelines differ from the heads a JSON export recorded. Streams the file."""
    from sqlalchemy import select

    from breach.store import chain
    from breach.store.models import Incident

    incidents = Incident.__table__
    breaks = []
    try:
        meta, exported = _exported_heads(path)
        if meta["format"] != REGISTER_FORMAT:
            raise ValueError
        when = meta.get("exported_at") or "?"
        for ref, events, head in exported:
            incident_id = connection.execute(select(incidents.c.id).where(incidents.c.ref == ref)).scalar()
            if incident_id is None:
                breaks.append(chain.Break(ref, "missing", f"{ref}: in the export of {when}, not in the store (the breach was removed)"))
                continue
            if not events:
                continue
            found = chain.hash_at(connection, incident_id, events)
            if found is None:
                breaks.append(chain.Break(ref, "removed", f"{ref}: the export of {when} counts {events} timeline events; "
                                                          "the store has fewer (events were removed)"))
            elif found != head:
                breaks.append(chain.Break(ref, "differs", f"{ref}: timeline event {events} differs from the export of {when} "
                                                          "(the timeline was rewritten since)"))
    except OSError as exc:
        raise InvalidInput(f"{path} cannot be read ({exc.strerror})", field="against") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidInput(f"{path} is not a register export (expected a CSV or JSON file of `breach export`)",
                           field="against") from None
    return breaks
