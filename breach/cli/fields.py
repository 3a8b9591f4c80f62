"""How the command line names the inputs that the domain's refusals and lists are about.

The domain and the records name a field as the breach does (`records`, `aware_at`, `dpc_reason`):
a web form has no flags. Here each such name becomes what a user types on the command line: its flag,
or, where one command takes the value as an argument, that argument's name. `BreachGroup.main`
(cli/app.py) writes every refusal through this table, and so do the commands that list fields
("Updated DL-2026-001: --data, --persons").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from breach.errors import BreachError

FLAGS = {
    # the facts of a breach (open, update)
    "title": "--title",
    "description": "--description",
    "how_discovered": "--how-discovered",
    "reported_by": "--reported-by",
    "role": "--role",
    "aware_at": "--aware",
    "discovered_at": "--discovered",
    "occurred": "--occurred",
    "occurred_from": "--occurred",
    "occurred_to": "--occurred",
    "customers_window_hours": "--customers-window",
    "breach_types": "--type",
    "data_categories": "--data",
    "special_categories": "--special",
    "person_categories": "--persons-group",
    "persons": "--persons",
    "persons_min": "--persons",
    "persons_max": "--persons",
    "records": "--records",
    "consequences": "--consequences",
    "measures_taken": "--measures-taken",
    "measures_planned": "--measures-planned",
    "cross_border": "--cross-border",
    "high_risk": "--high-risk",
    "other_supervisors": "--other-supervisors",
    "other_dpas": "--other-dpas",
    "countries": "--countries",
    "other_organisations": "--other-organisations",
    "ongoing": "--ongoing",
    "delay_reason": "--delay-reason",
    "records_basis": "--records-basis",
    "records_note": "--records-note",
    "persons_description": "--persons-description",
    "protection_detail": "--protection-detail",
    "harms": "--harms",
    "extortion": "--extortion",
    "subjects_informed_by": "--persons-informed-by",
    "texts": "--plain-*",
    "plain_what": "--plain-what",
    "plain_consequences": "--plain-consequences",
    "plain_measures": "--plain-measures",
    "count": "--count",
    "channels": "--channel",
    # the answers of assess, and the AP form's lists they draw on
    "cause": "--cause",
    "incident_kind": "--cause",
    "protected": "--protected",
    "protection": "--protected",
    "identification": "--identification",
    "confidentiality": "--confidentiality",
    "integrity": "--integrity",
    "availability": "--availability",
    "backup": "--backup",
    "malicious": "--malicious",
    "recovered": "--recovered",
    "trusted": "--trusted",
    "contained": "--contained",
    "disproportionate": "--disproportionate",
    "dpc": "--dpc",
    "dpc_reason": "--dpc-reason",
    "special_persons": "--special-persons",
    "special_nature": "--special-nature",
    "financial": "--financial",
    "credentials_open": "--credentials-open",
    "protected_data": "--protected-data",
    "exfiltration": "--exfiltration",
    "unavailable_hours": "--unavailable",
    "availability_effect": "--availability-effect",
    "recipients": "--recipients",
    "recipient_kind": "--recipient-kind",
    "ap_severity": "--severity",
    # notices, decisions, closing
    "at": "--at",
    "reference": "--reference",
    "reason": "--reason",
    "by": "--by",
    "force": "--force",
    "yes": "--yes",
    # the register, previews
    "format": "--format",
    "status": "--status",
    "first_day": "--from",
    "last_day": "--to",
    "delimiter": "--delimiter",
    "against": "--against",
    "until": "--until",
    "year": "--year",
    # signals, users, serve
    "what": "WHAT",
    "noticed": "--noticed",
    "noticed_text": "--noticed",
    "data_involved": "--data-involved",
    "reporter": "--reporter",
    "contact": "--contact",
    "signal": "SIGNAL",
    "aware_reason": "--aware-reason",
    "triage_hours": "[signals] triage_hours",
    "name": "NAME",
    "email": "--email",
    "password": "the password",
    "port": "--port",
    "host": "--host",
    "org": "--org",
    # where a refusal points the user
    "breach_list": "`breach list --all`",
}

# Fields a command takes as an argument: (command, field) -> the argument's name in its --help.
ARGUMENTS = {
    ("open", "title"): "TITLE",
    ("note", "text"): "TEXT",
    ("decide", "notify"): "yes|no",
}


def name(field: str, command: str | None = None) -> str:
    """The command line's name for `field`; a name it does not know is kept as it is. A qualifier
    after the field (`occurred (end)`) stays after the flag."""
    base, space, qualifier = field.partition(" ")
    shown = ARGUMENTS.get((command, base)) or FLAGS.get(base, base)
    return shown + space + qualifier


def message(error: BreachError, command: str | None = None) -> str:
    """The refusal as the command line words it: `--records: 'x' is not a count (...)`."""
    return error.named(lambda field: name(field, command))


def flags(fields: Iterable[str], command: str | None = None) -> list[str]:
    """The flags of these fields, each once, sorted: `--data, --persons` for data_categories, persons_min, persons_max."""
    return sorted({name(field, command) for field in fields})
