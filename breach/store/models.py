"""The tables. Every instant is an aware UTC datetime (sqlmodel's UTCDateTime refuses naive ones).

The schema is revision `SCHEMA_REVISION`, stamped in alembic's `alembic_version` table: the head
of the migrations in `breach/migrations` (a test checks they agree). A change to these tables needs a
new migration: see the docstring of `breach/migrations/env.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, PrimaryKeyConstraint, String, Table, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel

SCHEMA_REVISION = "0008_controllers"

# A delivery's life (`breach.notify.reminders` names each): claimed by one process, then sent, failed (retried
# after a back-off), gave_up (after the last try) or cancelled (a failed one no longer wanted).
DeliveryStatus = Literal["claimed", "sent", "failed", "gave_up", "cancelled"]


class Organisation(SQLModel, table=True):
    """An organisation whose breaches the store keeps, with its profile and its reminder settings, so every
    machine on one register drafts under the same letterhead. A store starts with one (`main`); an external
    FG adds one per client (`breach orgs add`). Changes are appended to `org_event`; nothing is deleted."""

    id: int | None = Field(default=None, primary_key=True)
    short: str = Field(unique=True, max_length=32)  # what people type: --org, BREACH_ORG, the prefix of its ids
    profile: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # config.Profile's fields
    settings: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # [reminders], [signals], [serve]
    created_at: datetime
    changed_at: datetime | None = None


class OrgEvent(SQLModel, table=True):
    """One change of an organisation: created, its profile or settings changed (old and new values), moved in
    from a machine's config.toml. Rows are only ever appended."""

    __tablename__ = "org_event"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    at: datetime
    kind: str = Field(max_length=32)
    by: str | None = Field(default=None, max_length=128)
    text: str
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Incident(SQLModel, table=True):
    __table_args__ = (
        Index("ix_incident_status_aware", "status", "aware_at"),
        UniqueConstraint("org_id", "ref", name="uq_incident_org_ref"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32)  # DL-YYYY-NNN, unique within its organisation
    title: str
    status: str = Field(default="open", max_length=16)
    role: str = Field(max_length=16)
    aware_at: datetime
    discovered_at: datetime | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    description: str | None = None
    how_discovered: str | None = None
    reported_by: str | None = None
    ap_window_hours: int
    customers_window_hours: int
    breach_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    data_categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    special_categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    person_categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    persons_min: int | None = None
    persons_max: int | None = None
    records: int | None = None
    consequences: str | None = None
    measures_taken: str | None = None
    measures_planned: str | None = None
    cross_border: bool | None = None
    high_risk: bool | None = None
    created_at: datetime
    closed_at: datetime | None = None
    close_reason: str | None = None
    # The AP form's remaining questions and the letters' own texts (issue 15). A list that is None is not yet
    # answered; an empty list is the answer "no".
    other_supervisors: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    other_dpas: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    countries: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    other_organisations: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    ongoing: bool | None = None
    delay_reason: str | None = None
    records_basis: str | None = Field(default=None, max_length=16)
    records_note: str | None = None
    persons_description: str | None = None
    protection_detail: str | None = None
    harms: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    extortion: bool | None = None
    subjects_informed_by: str | None = Field(default=None, max_length=16)
    # {language: {key: text}}: the plain-language paragraphs of the letter to the persons, per language
    texts: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("organisation.id", name="fk_incident_org"), nullable=False, index=True))


class Notice(SQLModel, table=True):
    """A notification made (`breach notified`). The first per obligation fixes met or late."""

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    obligation: str = Field(max_length=16)
    at: datetime
    deadline_at: datetime | None = None
    late: bool = False
    reference: str | None = None
    delay_reason: str | None = None
    recorded_at: datetime
    count: int | None = None  # how many were told (the AP form's 10.1 for the persons)
    channels: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # customers: the controller told, of a processor's breach with many (`controller`); None: the breach's one
    controller_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("controller.id", name="fk_notice_controller"), nullable=True)
    )


class Event(SQLModel, table=True):
    """One line of an incident's timeline. Rows are only ever appended."""

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    at: datetime
    kind: str = Field(max_length=32)
    text: str
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Assessment(SQLModel, table=True):
    """One run of `breach assess`: the answers and what they gave. The latest one counts; earlier
    ones stay, so the register shows how the picture changed."""

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    at: datetime
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    enisa_score: float
    enisa_band: str = Field(max_length=16)
    ap_severity: str = Field(max_length=32)
    severity_explanation: str
    recommend_ap: bool
    recommend_subjects: bool
    reasons: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    example: str | None = None


class Decision(SQLModel, table=True):
    """A decision to notify (`breach decide`): for `ap` or `subjects`. The latest per obligation counts."""

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    obligation: str = Field(max_length=16)
    notify: bool
    reason: str | None = None
    decided_by: str
    at: datetime
    recommended: bool | None = None
    departs: bool = False


class EventSeal(SQLModel, table=True):
    """The seal of one timeline event: its place in its breach's hash chain (see `breach.store.chain`).

    A separate table because `event` may not gain columns; written only by the session hook."""

    __tablename__ = "event_seal"
    __table_args__ = (UniqueConstraint("incident_id", "position", name="uq_event_seal_position"),)

    event_id: int = Field(primary_key=True, foreign_key="event.id")
    incident_id: int = Field(foreign_key="incident.id")
    position: int
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    adopted: bool = False


class EventChain(SQLModel, table=True):
    """The head of one breach's hash chain: how many events it seals and the last hash.

    Holds what a deleted last event would otherwise take with it, and is the row a writer locks
    before it appends, so two writers never fork a chain."""

    __tablename__ = "event_chain"

    incident_id: int = Field(primary_key=True, foreign_key="incident.id")
    length: int = 0
    head: str = Field(max_length=64)
    adopted: int = 0
    adopted_at: datetime | None = None


class StoreInfo(SQLModel, table=True):
    """Facts about the store itself, e.g. its `identity`: a random id made once, which keeps calendar
    UIDs stable for every user of the same store and distinct between stores."""

    __tablename__ = "store_info"

    key: str = Field(primary_key=True, max_length=32)
    value: str


class Counter(SQLModel, table=True):
    """The last number handed out per organisation and id prefix (`1/DL-2026`), so an id is never reused."""

    prefix: str = Field(primary_key=True, max_length=32)
    last: int = 0


class Channel(SQLModel, table=True):
    """A place reminders go: an apprise URL (it may carry a secret; never shown unmasked)."""

    id: int | None = Field(default=None, primary_key=True)
    url: str
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    detail: bool = False
    added_at: datetime
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("organisation.id", name="fk_channel_org"), nullable=False, index=True))


class Delivery(SQLModel, table=True):
    """One reminder step of one clock to one channel. The unique key is the claim: the process whose
    INSERT wins sends it; a failed one is re-claimed by an UPDATE once its back-off has passed."""

    __table_args__ = (
        UniqueConstraint("incident_id", "obligation", "step", "channel", name="uq_delivery_claim"),
        Index("ix_delivery_status_next", "status", "next_try_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    obligation: str = Field(max_length=16)
    step: str = Field(max_length=32)
    channel: str = Field(max_length=64)
    due_at: datetime
    status: DeliveryStatus = Field(sa_type=AutoString(length=16))  # the column is VARCHAR(16), as before
    attempts: int = 0
    claimed_by: str = Field(max_length=64)
    claimed_at: datetime
    next_try_at: datetime | None = None
    sent_at: datetime | None = None
    error: str | None = None
    rung: int | None = None  # the channel's rung on the escalation ladder when first claimed (None: on none)
    level: str | None = Field(default=None, max_length=8)  # ordinary, high, urgent
    first_at: datetime | None = None  # the first claim: when the rung was paged (a re-claim keeps it)


class Ack(SQLModel, table=True):
    """`breach ack`, or "Gezien" on a phone: someone is on it. Stops the climb of the current step and
    repeats for channels already paged. One per delivery at most: a signed link is single-use."""

    __table_args__ = (UniqueConstraint("delivery_id", name="uq_ack_delivery"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    obligation: str | None = Field(default=None, max_length=16)
    at: datetime
    step: str | None = Field(default=None, max_length=32)
    channel: str | None = Field(default=None, max_length=64)
    delivery_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("delivery.id", name="fk_ack_delivery"), nullable=True)
    )
    by: str | None = Field(default=None, max_length=128)
    via: str = Field(default="cli", max_length=8, sa_column_kwargs={"server_default": "cli"})  # cli, link


class Heartbeat(SQLModel, table=True):
    """A long-running process that says it is alive: `breach watch` (and `breach serve`) every turn."""

    __table_args__ = (PrimaryKeyConstraint("kind", "host", name="pk_heartbeat"),)

    kind: str = Field(max_length=16)
    host: str = Field(max_length=128)
    pid: int
    started_at: datetime
    at: datetime
    interval_s: int | None = None
    info: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class RemindRun(SQLModel, table=True):
    """The last `breach remind` run per host, so `doctor` and `list` can tell a scheduler that stopped."""

    host: str = Field(primary_key=True, max_length=128)
    at: datetime
    sent: int = 0
    failed: int = 0


class Signal(SQLModel, table=True):
    """A report that something may have gone wrong (`breach signal`, the form /melden): not yet a breach.

    The finder's words and moment are kept as given; the triage clock runs from `received_at` until
    the signal is opened as a breach or dismissed with a reason. Rows are never deleted: a dismissed
    signal stays in the register as evidence."""

    __table_args__ = (Index("ix_signal_status_received", "status", "received_at"),)

    id: int | None = Field(default=None, primary_key=True)
    receipt: str = Field(unique=True, max_length=32)
    source: str = Field(max_length=16)  # form or cli
    what: str
    noticed_at: datetime | None = None  # the finder's moment, when it could be read as one
    noticed_text: str | None = None  # the finder's moment as they wrote it
    data_involved: str | None = None
    reporter: str | None = None
    contact: str | None = None
    language: str = Field(default="nl", max_length=8)
    received_at: datetime
    triage_hours: int
    status: str = Field(default="open", max_length=16)  # open, opened, dismissed
    incident_id: int | None = Field(default=None, foreign_key="incident.id")
    decided_at: datetime | None = None
    decided_by: str | None = None
    reason: str | None = None
    paged_at: datetime | None = None  # when `breach remind` last paged someone about it (notify.signal_alerts)
    paged_rung: int | None = None  # the ladder's rung it reached: 0 the privacy officer, then higher while untriaged
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("organisation.id", name="fk_signal_org"), nullable=False, index=True))


class User(SQLModel, table=True):
    """Someone who may sign in to `breach serve`. The password is kept as an argon2 hash only."""

    __tablename__ = "web_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    email: str = Field(max_length=254)
    password_hash: str
    created_at: datetime
    disabled: bool = False


class Controller(SQLModel, table=True):
    """A controller concerned by a processor's breach (`breach open --controllers`, `breach controllers add`):
    each gets its own customers clock and notice. Rows are only ever added (each add is a `controllers` event);
    `key` names it on the command line, unique within its breach."""

    __table_args__ = (UniqueConstraint("incident_id", "key", name="uq_controller_key"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    contact: str | None = Field(default=None, max_length=200)  # the contact person the notice goes to
    email: str | None = Field(default=None, max_length=254)
    reference: str | None = Field(default=None, max_length=200)  # the controller's own reference (their kenmerk)
    persons: int | None = None  # how many of its persons are concerned
    added_at: datetime


alembic_version = Table(
    "alembic_version",
    SQLModel.metadata,
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),  # as alembic itself names it
)
