"""The register's figures, as the AP and auditors ask them: a pure function of register records.

It reads records as `breach.records.register.records` yields them (one dict per breach, streamed) and keeps
only counts and the hours it takes medians of, so 100,000 breaches stay a few megabytes. A void breach
(opened by mistake or in practice) is counted as void and left out of every other figure.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from breach.errors import InvalidInput


@dataclass
class Figures:
    breaches: int = 0  # void left out
    void: int = 0
    open: int = 0
    closed: int = 0
    ap_notified: int = 0  # breaches with a (first) notice to the AP
    ap_in_time: int = 0  # of those, made within the AP window (72 hours after awareness)
    ap_decided_not: int = 0  # breaches decided (latest decision) not to notify the AP
    ap_hours_median: float | None = None  # awareness to the first AP notice
    from_signal: int = 0  # breaches opened from a signal
    signal_hours_median: float | None = None  # the signal's receipt to awareness
    subjects_informed: int = 0  # breaches whose persons were informed
    persons_informed: int = 0  # the persons told, as recorded with the notices (`--count`)
    persons_unknown: int = 0  # breaches whose persons were informed without a count recorded
    against_advice: int = 0  # decisions (the latest per obligation) that depart from the recommendation
    _ap_hours: list[float] = field(default_factory=list, repr=False)
    _signal_hours: list[float] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}


def hours(start: datetime, end: datetime) -> float:
    """Elapsed hours between two aware instants (plain datetime arithmetic: converting both to pendulum
    was half the time of `breach stats` on 100,000 breaches)."""
    return (end - start).total_seconds() / 3600


def figures(records: Iterable[dict[str, Any]]) -> Figures:
    """The figures of the breaches in `records` (register records; `signal_received_at` where the breach
    was opened from a signal)."""
    out = Figures()
    for record in records:
        _count(out, record)
    return _finished(out)


def figures_per(records: Iterable[dict[str, Any]], key: str) -> tuple[Figures, dict[Any, Figures]]:
    """The figures of every record, and per value of `record[key]` (the organisation), in one pass."""
    overall, per = Figures(), {}
    for record in records:
        _count(overall, record)
        _count(per.setdefault(record[key], Figures()), record)
    return _finished(overall), {name: _finished(found) for name, found in per.items()}


def _count(out: Figures, record: dict[str, Any]) -> None:
    if record["status"] == "void":
        out.void += 1
        return
    out.breaches += 1
    if record["status"] == "open":
        out.open += 1
    else:
        out.closed += 1
    first: dict[str, dict] = {}
    for notice in record["notifications"]:
        first.setdefault(notice["obligation"], notice)
    ap = first.get("ap")
    if ap is not None:
        out.ap_notified += 1
        out.ap_in_time += not ap["late"]
        out._ap_hours.append(hours(record["aware_at"], ap["at"]))
    latest = {d["obligation"]: d for d in record["decisions"]}
    if "ap" in latest and not latest["ap"]["notify"] and ap is None:
        out.ap_decided_not += 1
    out.against_advice += sum(1 for d in latest.values() if d["departs"])
    told = [n for n in record["notifications"] if n["obligation"] == "subjects"]
    if told:
        out.subjects_informed += 1
        counts = [n.get("count") for n in told if n.get("count") is not None]
        if counts:
            out.persons_informed += sum(counts)
        else:
            out.persons_unknown += 1
    received = record.get("signal_received_at")
    if received is not None:
        out.from_signal += 1
        out._signal_hours.append(hours(received, record["aware_at"]))


def _finished(out: Figures) -> Figures:
    out.ap_hours_median = round(statistics.median(out._ap_hours), 1) if out._ap_hours else None
    out.signal_hours_median = round(statistics.median(out._signal_hours), 1) if out._signal_hours else None
    return out


def check_year(text: str | None) -> int | None:
    """The year `--year` names (a four-digit year), or None for every year."""
    if text is None:
        return None
    value = text.strip()
    if not (len(value) == 4 and value.isascii() and value.isdigit() and 1900 <= int(value) <= 2999):
        raise InvalidInput(f"'{text}' is not a year (expected four digits, e.g. 2026)", field="year")
    return int(value)
