"""The register the start-up and export cases run on: an organisation's ten years of breaches.

Built once with bulk SQL (minutes through the commands, seconds this way) and cached by its size and
the sources it depends on. It is what the commands would have written:
- breaches spread evenly over ten years, numbered per year as `breach open` numbers them, the id
  counters at the last number handed out; all closed but the last `open` ones, which became known in
  the three days before `NOW`, so their clocks run;
- five timeline events per breach (opened, updated, a note, notified, closed; an open one: notes), sealed in
  their hash chains exactly as the session hook seals them (`breach verify` says intact, nothing
  adopted); an AP notice, and on every other breach an assessment and a decision;
- two stored channels and ten sent reminder deliveries per closed breach; the open breaches get
  theirs from one real `reminders.run` at `NOW` (its sender answers at once), so at `NOW` nothing is
  due and the run is noted, as on a machine where cron runs `breach remind`.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections import namedtuple
from datetime import datetime, timedelta, timezone
from pathlib import Path

NOW = "2026-11-23T11:00:00+00:00"
STEPS = (("opened", "opened"), ("ap", "24h"), ("ap", "12h"), ("ap", "4h"), ("ap", "1h"))
CHANNELS = ("json://127.0.0.1:9/bench-a", "json://127.0.0.1:9/bench-b")
PROFILE = {"name": "Voorbeeld Privacybureau", "address": "Markt 1", "postcode": "7471 AB", "city": "Goor",
           "dpo_name": "Sanne de Vries", "dpo_email": "privacy@example.nl"}
SOURCES = ("bench/dataset.py", "breach/models.py", "breach/chain.py")  # what the rows depend on
BATCH = 5000

SealRow = namedtuple("SealRow", "id incident_id at kind text data")


def cached(cache: Path, root: Path, breaches: int, open_count: int) -> tuple[Path, float | None]:
    """The data home holding the register (built now if the cache lacks it); seconds taken to build, or None."""
    digest = hashlib.sha256(f"{breaches}:{open_count}".encode())
    for name in SOURCES:
        digest.update((root / name).read_bytes())
    home = cache / f"store-{breaches}-{open_count}-{digest.hexdigest()[:12]}"
    if (home / "complete").exists():
        return home, None
    shutil.rmtree(home, ignore_errors=True)
    start = time.perf_counter()
    build(home, breaches, open_count)
    (home / "complete").write_text("")
    return home, time.perf_counter() - start


def build(home: Path, breaches: int, open_count: int) -> None:
    import pendulum
    from sqlalchemy import insert

    from breach import chain, models, reminders
    from breach.config import Config, Profile
    from breach.dispatch import Outcome
    from breach.store import Store, sqlite_url

    home.mkdir(parents=True, mode=0o700)
    config = Config(home)
    config.save_profile(Profile(**PROFILE))
    store = Store(sqlite_url(home / "breach.db"))
    with store.read():
        pass  # creates the schema
    now = pendulum.parse(NOW)
    now_utc = datetime.fromisoformat(NOW)
    closed = max(0, breaches - open_count)
    first = datetime(2017, 1, 2, 8, 0, tzinfo=timezone.utc)
    spread = (datetime(2026, 11, 1, tzinfo=timezone.utc) - first) / max(1, closed)
    counters: dict[str, int] = {}
    event_id = delivery_id = 0
    with store.engine.begin() as conn:
        conn.execute(insert(models.Channel.__table__), [
            {"id": n + 1, "url": url, "tags": [], "detail": False, "added_at": first} for n, url in enumerate(CHANNELS)
        ])
        for start in range(1, breaches + 1, BATCH):
            rows: dict[str, list] = {name: [] for name in ("incident", "event", "notice", "decision", "assessment",
                                                           "seal", "chain", "delivery")}
            for n in range(start, min(start + BATCH, breaches + 1)):
                is_open = n > closed
                aware = now_utc - timedelta(hours=70 * (breaches - n + 1) / open_count) if is_open else first + spread * (n - 1)
                year = aware.year
                prefix = f"DL-{year}"
                counters[prefix] = counters.get(prefix, 0) + 1
                created = aware + timedelta(minutes=20)
                rows["incident"].append({
                    "id": n, "ref": f"{prefix}-{counters[prefix]:03d}", "status": "open" if is_open else "closed",
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
                if is_open:
                    events = _open_events(created)
                else:
                    events = _closed_events(n, aware, created)
                    notified = created + timedelta(hours=30)
                    rows["notice"].append({"incident_id": n, "obligation": "ap", "at": notified,
                                           "deadline_at": aware + timedelta(hours=72), "late": False,
                                           "reference": f"M-{n}", "recorded_at": notified})
                    if n % 2 == 0:
                        _assessed(rows, n, created)
                    for obligation, step in STEPS:
                        due = created if step == "opened" else aware + timedelta(hours=72 - int(step[:-1]))
                        for channel in range(1, len(CHANNELS) + 1):
                            delivery_id += 1
                            rows["delivery"].append({
                                "id": delivery_id, "incident_id": n, "obligation": obligation, "step": step,
                                "channel": f"c{channel}", "due_at": due, "status": "sent", "attempts": 1,
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
    profile = config.profile()
    reminders.run(store, config.reminder_settings(), home, now, profile.timezone, profile.language,
                  send=lambda *_: Outcome(True))
    store.dispose()


def _open_events(created: datetime) -> list[tuple]:
    return [
        (created, "opened", "Laptop met klantgegevens gestolen",
         {"aware_at": created.isoformat(), "role": "controller", "ap_window_hours": 72, "customers_window_hours": 24}),
        (created + timedelta(minutes=5), "updated", "data, persons, type",
         {"persons_min": [None, 100], "persons_max": [None, 250], "breach_types": [[], ["confidentiality"]]}),
        (created + timedelta(minutes=9), "note", "Aangifte gedaan bij de politie.", {}),
        (created + timedelta(minutes=14), "note", "Klantenservice geïnformeerd.", {}),
        (created + timedelta(minutes=30), "note", "Leverancier gevraagd om de logbestanden.", {}),
    ]


def _closed_events(n: int, aware: datetime, created: datetime) -> list[tuple]:
    notified = created + timedelta(hours=30)
    return [
        (created, "opened", "Laptop met klantgegevens gestolen",
         {"aware_at": aware.isoformat(), "role": "controller", "ap_window_hours": 72, "customers_window_hours": 24}),
        (created + timedelta(minutes=5), "updated", "data, persons, type",
         {"persons_min": [None, 100], "persons_max": [None, 250], "breach_types": [[], ["confidentiality"]]}),
        (created + timedelta(hours=1), "note", "Aangifte gedaan bij de politie.", {}),
        (notified, "notified", f"ap (in time), reference M-{n}",
         {"obligation": "ap", "at": notified.isoformat(), "deadline_at": (aware + timedelta(hours=72)).isoformat(),
          "late": False, "reference": f"M-{n}", "delay_reason": None}),
        (created + timedelta(days=5), "closed", "afgehandeld", {"open_obligations": []}),
    ]


def _assessed(rows: dict, n: int, created: datetime) -> None:
    rows["assessment"].append({
        "incident_id": n, "at": created + timedelta(hours=1), "answers": {"encrypted": False},
        "enisa_score": 2.0, "enisa_band": "medium", "ap_severity": "beperkt",
        "severity_explanation": "contactgegevens", "recommend_ap": True, "recommend_subjects": False,
        "reasons": {"ap": "risico", "subjects": "geen hoog risico"}, "example": None,
    })
    rows["decision"].append({
        "incident_id": n, "obligation": "subjects", "notify": False, "reason": "geen hoog risico",
        "decided_by": "FG", "at": created + timedelta(hours=2), "recommended": False, "departs": False,
    })
