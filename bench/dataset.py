"""The register the start-up and export cases run on: an organisation's ten years of breaches.

Built once with bulk SQL (minutes through the commands, seconds this way) and cached by its size and
the sources it depends on. It is what the commands would have written:
- breaches spread evenly over ten years, numbered per year as `breach open` numbers them, the id
  counters at the last number handed out; all closed but the last `open` ones, which became known in
  the three days before `NOW`, so their clocks run;
- five timeline events per breach (opened, updated, a note or an assessment, notified, closed; an open
  one: notes; an assessed one also its decision), each holding the facts the rows hold (`breach verify`
  replays them), sealed in
  their hash chains exactly as the session hook seals them (`breach verify` says intact, nothing
  adopted); an AP notice, and on every other breach an assessment (the one `breach assess` records for a stolen
  laptop) and a decision;
- two stored channels and ten sent reminder deliveries per closed breach; the open breaches get
  theirs from one real `reminders.run` at `NOW` (its sender answers at once), so at `NOW` nothing is
  due and the run is noted, as on a machine where cron runs `breach remind`.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections import namedtuple
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = "2026-11-23T11:00:00+00:00"
EVENT_KINDS = ("opened", "updated", "note or assessed", "notified", "closed")  # of a closed breach
STEPS = (("opened", "opened"), ("ap", "24h"), ("ap", "12h"), ("ap", "4h"), ("ap", "1h"))
CHANNELS = ("json://127.0.0.1:9/bench-a", "json://127.0.0.1:9/bench-b")
PROFILE = {"name": "Voorbeeld Privacybureau", "address": "Markt 1", "postcode": "7471 AB", "city": "Goor",
           "dpo_name": "Sanne de Vries", "dpo_email": "privacy@example.nl"}
SOURCES = ("bench/dataset.py", "breach/store/models.py", "breach/store/chain.py")  # what the rows depend on
BATCH = 5000

SealRow = namedtuple("SealRow", "id incident_id at kind text data")


def cached(cache: Path, root: Path, breaches: int, open_count: int, orgs: int = 1) -> tuple[Path, float | None]:
    """The data home holding the register (built now if the cache lacks it); seconds taken to build, or None.
    `orgs` > 1: an external FG's store, the breaches dealt round its organisations (`main`, `klant-02`, ...)."""
    digest = hashlib.sha256(f"{breaches}:{open_count}:{orgs}".encode())
    for name in SOURCES:
        digest.update((root / name).read_bytes())
    home = cache / f"store-{breaches}-{open_count}-{orgs}-{digest.hexdigest()[:12]}"
    if (home / "complete").exists():
        return home, None
    shutil.rmtree(home, ignore_errors=True)
    start = time.perf_counter()
    build(home, breaches, open_count, orgs)
    (home / "complete").write_text("")
    return home, time.perf_counter() - start


def build(home: Path, breaches: int, open_count: int, orgs: int = 1) -> None:
    import pendulum
    from sqlalchemy import insert

    from breach.config import Profile
    from breach.notify import reminders
    from breach.notify.dispatch import Outcome
    from breach.records import orgs as organisations
    from breach.store import chain, models
    from breach.store.engine import Store, sqlite_url

    home.mkdir(parents=True, mode=0o700)
    store = Store(sqlite_url(home / "breach.db"))
    now = pendulum.parse(NOW)
    with store.write() as session:  # creates the schema, then the organisations as `init` and `orgs add` do
        main = organisations.first(session, now)
        organisations.set_profile(session, main, Profile(**PROFILE), now, "bench")
        for n in range(2, orgs + 1):
            organisations.add(session, f"klant-{n:02d}", f"Klant {n:02d} B.V.", now, "bench")
    now_utc = datetime.fromisoformat(NOW)
    closed = max(0, breaches - open_count)
    first = datetime(2017, 1, 2, 8, 0, tzinfo=UTC)
    spread = (datetime(2026, 11, 1, tzinfo=UTC) - first) / max(1, closed)
    assessed_row, assessed_event = real_assessment(home / "scratch")
    counters: dict[str, int] = {}
    event_id = delivery_id = assessment_id = 0
    with store.engine.begin() as conn:
        conn.execute(insert(models.Channel.__table__), [
            {"id": org * len(CHANNELS) + n + 1, "url": f"{url}-{org + 1}", "tags": [], "detail": False, "added_at": first,
             "org_id": org + 1} for org in range(orgs) for n, url in enumerate(CHANNELS)
        ])
        for start in range(1, breaches + 1, BATCH):
            rows: dict[str, list] = {name: [] for name in ("incident", "event", "notice", "decision", "assessment",
                                                           "seal", "chain", "delivery")}
            for n in range(start, min(start + BATCH, breaches + 1)):
                is_open = n > closed
                aware = now_utc - timedelta(hours=70 * (breaches - n + 1) / open_count) if is_open else first + spread * (n - 1)
                year = aware.year
                org = (n - 1) % orgs + 1
                counter = f"{org}/DL-{year}"
                counters[counter] = counters.get(counter, 0) + 1
                created = aware + timedelta(minutes=20)
                rows["incident"].append({
                    "id": n, "ref": f"DL-{year}-{counters[counter]:03d}", "org_id": org,
                    "status": "open" if is_open else "closed",
                    "title": f"Laptop met klantgegevens gestolen ({n})", "role": "controller",
                    "aware_at": aware, "discovered_at": aware - timedelta(hours=1), "created_at": created,
                    "description": f"Een laptop met klantbestanden is uit de auto gestolen; lek {n}.",
                    "reported_by": "helpdesk", "ap_window_hours": 72, "customers_window_hours": 24,
                    "breach_types": ["confidentiality"], "data_categories": ["name", "email", "address"],
                    "special_categories": [], "person_categories": ["customers"],
                    "persons_min": 100, "persons_max": 250, "records": 250,
                    "measures_taken": "Wachtwoorden gewijzigd, schijf op afstand gewist.",
                    "closed_at": None if is_open else created + timedelta(days=5),
                    "close_reason": None if is_open else "afgehandeld",
                })
                incident = rows["incident"][-1]
                if is_open:
                    events = _open_events(incident)
                else:
                    events = _closed_events(n, incident)
                    if n % 2 == 0:
                        assessment_id += 1
                        at = created + timedelta(hours=1)
                        rows["assessment"].append({**assessed_row, "id": assessment_id, "incident_id": n, "at": at})
                        events[2] = (at, "assessed", assessed_event["text"], {**assessed_event["data"], "assessment_id": assessment_id})
                        decision = {
                            "incident_id": n, "obligation": "subjects", "notify": False, "reason": "schijf versleuteld, sleutel niet op de laptop",
                            "decided_by": "FG", "at": at + timedelta(hours=1), "recommended": assessed_row["recommend_subjects"],
                            "departs": assessed_row["recommend_subjects"] is not False,
                        }
                        rows["decision"].append(decision)
                        events.insert(3, (decision["at"], "decided", "subjects: do not inform the persons, by FG", {
                            "obligation": "subjects", "notify": False, "reason": decision["reason"], "by": "FG",
                            "recommended": decision["recommended"], "departs": decision["departs"],
                            "assessment_id": assessment_id}))
                    notified = created + timedelta(hours=30)
                    rows["notice"].append({"incident_id": n, "obligation": "ap", "at": notified,
                                           "deadline_at": aware + timedelta(hours=72), "late": False,
                                           "reference": f"M-{n}", "recorded_at": notified})
                    for obligation, step in STEPS:
                        due = created if step == "opened" else aware + timedelta(hours=72 - int(step[:-1]))
                        for channel in range(1, len(CHANNELS) + 1):
                            delivery_id += 1
                            rows["delivery"].append({
                                "id": delivery_id, "incident_id": n, "obligation": obligation, "step": step,
                                "channel": f"c{(org - 1) * len(CHANNELS) + channel}", "due_at": due, "status": "sent", "attempts": 1,
                                "claimed_by": "bench:1:00000000", "claimed_at": due, "sent_at": due,
                            })
                prev, position = chain.GENESIS, 0
                for at, kind, text, data in events:
                    event_id += 1
                    position += 1
                    rows["event"].append({"id": event_id, "incident_id": n, "at": at, "kind": kind, "text": text,
                                          "data": data})
                    digest = chain.seal_hash(prev, SealRow(event_id, n, at, kind, text, data))
                    rows["seal"].append({"event_id": event_id, "incident_id": n, "position": position,
                                         "prev_hash": prev, "hash": digest, "adopted": False})
                    prev = digest
                rows["chain"].append({"incident_id": n, "length": position, "head": prev, "adopted": 0})
            for name, table in (("incident", models.Incident), ("event", models.Event), ("seal", models.EventSeal),
                                ("chain", models.EventChain), ("notice", models.Notice), ("decision", models.Decision),
                                ("assessment", models.Assessment), ("delivery", models.Delivery)):
                if rows[name]:
                    conn.execute(insert(table.__table__), rows[name])
        conn.execute(insert(models.Counter.__table__), [{"prefix": p, "last": last} for p, last in counters.items()])
    from breach.notify import scopes

    with store.read() as session:
        every = scopes.every(session)
    reminders.run(store, every, home, now, send=lambda *_, **__: Outcome(True))
    store.dispose()


def _opened(incident: dict) -> tuple:
    """The `opened` event `breach open` records, and the `updated` one that set the rest of the facts."""
    created = incident["created_at"]
    moments = ("discovered_at", "occurred_from", "occurred_to")
    opened = (created, "opened", incident["title"], {
        "aware_at": incident["aware_at"].isoformat(), "role": "controller", "ap_window_hours": 72,
        "customers_window_hours": 24, "ref": incident["ref"],
        **{name: incident[name].isoformat() if incident.get(name) else None for name in moments},
        "description": incident["description"], "reported_by": incident["reported_by"]})
    set_later = ("breach_types", "data_categories", "person_categories", "persons_min", "persons_max", "records",
                 "measures_taken")
    updated = (created + timedelta(minutes=5), "updated", "data, measures-taken, persons, persons-group, records, type",
               {name: [[] if isinstance(incident[name], list) else None, incident[name]] for name in set_later})
    return opened, updated


def _open_events(incident: dict) -> list[tuple]:
    created = incident["created_at"]
    return [
        *_opened(incident),
        (created + timedelta(minutes=9), "note", "Aangifte gedaan bij de politie.", {}),
        (created + timedelta(minutes=14), "note", "Klantenservice geïnformeerd.", {}),
        (created + timedelta(minutes=30), "note", "Leverancier gevraagd om de logbestanden.", {}),
    ]


def _closed_events(n: int, incident: dict) -> list[tuple]:
    created, aware = incident["created_at"], incident["aware_at"]
    notified = created + timedelta(hours=30)
    return [
        *_opened(incident),
        (created + timedelta(hours=1), "note", "Aangifte gedaan bij de politie.", {}),
        (notified, "notified", f"ap (in time), reference M-{n}",
         {"obligation": "ap", "at": notified.isoformat(), "deadline_at": (aware + timedelta(hours=72)).isoformat(),
          "late": False, "reference": f"M-{n}", "delay_reason": None}),
        (incident["closed_at"], "closed", "afgehandeld", {"open_obligations": []}),
    ]


def real_assessment(scratch: Path) -> tuple[dict, dict]:
    """(assessment row, its `assessed` event) as `breach assess` records them, made once in a scratch
    store; the register repeats them (with their own ids and moments) on every other breach."""
    import pendulum

    from breach.domain import assessment
    from breach.records import assessments
    from breach.records.incidents import OpenFacts, open_incident
    from breach.records.orgs import first
    from breach.store.engine import Store, sqlite_url
    from breach.store.models import Event

    scratch.mkdir(parents=True, exist_ok=True)
    store = Store(sqlite_url(scratch / "breach.db"))
    now = pendulum.parse(NOW)
    answers = assessment.Answers(
        data_categories=("name", "email", "address"), person_categories=("customers",), persons_min=100,
        persons_max=250, records=250, cause="device-lost-stolen", confidentiality="unknown", malicious=True,
    )
    with store.write() as session:
        incident = open_incident(session, OpenFacts("scratch", now, None, None, None, None, None, "controller", 72, 24),
                                 now, now.year, first(session, now).id)
        row = assessments.record(session, incident, assessment.assess(answers), now, "nl")
        session.flush()
        event = session.exec(select_last_event(Event, incident.id)).one()
        found = (row.model_dump(exclude={"id", "incident_id", "at"}), {"text": event.text, "data": dict(event.data)})
    store.dispose()
    shutil.rmtree(scratch)
    return found


def select_last_event(table, incident_id: int):
    from sqlmodel import select

    return select(table).where(table.incident_id == incident_id).order_by(table.id.desc()).limit(1)
