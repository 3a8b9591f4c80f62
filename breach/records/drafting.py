"""A draft for a front end that hands it over whole (`breach serve`'s downloads): gather the facts,
render, and record the drafting on the timeline, in one transaction. The CLI's `draft` does the same
in steps, because it may write a folder of letters between reading and recording."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from breach.documents import drafts, render
from breach.records import assessments, incidents

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel import Session

    from breach.config import Profile
    from breach.store.models import Incident

FORMATS = ("md", "docx", "eml")  # what the web page offers; the CLI has every format


def draft(session: Session, incident: Incident, document: str, profile: Profile, now: datetime, language: str,
          fmt: str, user_dir: Path | None) -> tuple[str | bytes, list[str], str]:
    """(content, facts still to fill in, file name). `session` must be a write session."""
    name = drafts.check_document(document)
    fmt = drafts.check_format(fmt)
    language = render.check_language(language)
    drafts.check_applies(name, incident)
    states = incidents.clocks(session, incident, now)
    notices = incidents.notices(session, incident)
    latest = assessments.latest(session, incident)
    events = incidents.timeline(session, incident) if name == "ap" else []
    context = drafts.document_context(name, incident, states, notices, profile, now, language, latest, events)
    drafter = drafts.Drafter(name, language, fmt, user_dir, sender=drafts.sender(profile), date=now)
    content, missing = drafter.render(context)
    incidents.record_draft(session, incident, name, language, fmt, 1, now)
    return content, missing, f"{incident.ref}-{name}.{language}{drafter.suffix}"


def controller_notices(session: Session, incident: Incident, key: str, profile: Profile, now: datetime, language: str,
                       fmt: str, user_dir: Path | None) -> tuple[drafts.Drafter, list[tuple[dict, list[tuple[int, dict]]]]]:
    """The customers notices of a processor's breach to controller `key` (or `all`): the drafter, and per group of
    controllers told alike (`controllers.letters`) its context with the (number, addressee) pairs to render it for,
    numbered in the order the controllers were added."""
    from breach.records import controllers, decisions

    states = incidents.clocks(session, incident, now)
    groups = controllers.letters(session, incident, key, now)
    latest = assessments.latest(session, incident)
    events = incidents.timeline(session, incident)
    decided = decisions.all_of(session, incident)
    drafter = drafts.Drafter("customers", language, fmt, user_dir, sender=drafts.sender(profile), date=now)
    order = {c.id: n for n, c in enumerate(sorted((c for g in groups for c in g.controllers), key=lambda c: c.id), 1)}
    return drafter, [
        (drafts.document_context("customers", incident, {**states, "customers": group.clock}, group.notices, profile,
                                 now, language, latest, events, decided),
         [(order[c.id], controllers.recipient(c, language)) for c in group.controllers])
        for group in groups
    ]
