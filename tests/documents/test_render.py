"""Rendered documents against golden files. A changed golden file is reviewed by eye before it is
committed: `BREACH_UPDATE_GOLDEN=1 python -m pytest tests/documents/test_render.py` rewrites them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pendulum
import pytest

from breach.config import Profile
from breach.documents import render
from breach.domain import deadlines
from breach.errors import BreachError

GOLDEN = Path(__file__).parents[1] / "golden"
AMS = "Europe/Amsterdam"


@dataclass
class Incident:
    ref: str = "DL-2026-007"
    title: str = "Laptop met cliëntdossiers gestolen"
    role: str = "controller"
    aware_at: datetime = pendulum.datetime(2026, 3, 27, 10, 0, tz=AMS)
    discovered_at: datetime | None = pendulum.datetime(2026, 3, 27, 9, 40, tz=AMS)
    occurred_from: datetime | None = pendulum.datetime(2026, 3, 26, 22, 0, tz=AMS)
    occurred_to: datetime | None = pendulum.datetime(2026, 3, 27, 7, 30, tz=AMS)
    ap_window_hours: int = 72
    customers_window_hours: int = 24
    high_risk: bool | None = True
    description: str | None = "Uit de auto van een coach is een laptop gestolen. De harde schijf was niet versleuteld."
    breach_types: list = field(default_factory=lambda: ["confidentiality"])
    data_categories: list = field(default_factory=lambda: ["name", "address", "email", "other:verslagen van coachgesprekken"])
    special_categories: list = field(default_factory=lambda: ["health"])
    person_categories: list = field(default_factory=lambda: ["customers"])
    persons_min: int | None = 40
    persons_max: int | None = 60
    consequences: str | None = "Onbevoegden kunnen gevoelige informatie over de gezondheid van cliënten lezen."
    measures_taken: str | None = "Laptop op afstand gewist; wachtwoorden gewijzigd; aangifte gedaan."
    measures_planned: str | None = None


@dataclass
class Notice:
    obligation: str
    at: datetime
    deadline_at: datetime | None
    late: bool


PROFILE = Profile(
    name="Voorbeeld Coaching", address="Kerkstraat 1", postcode="7471 VP", city="Goor", kvk="12345678",
    email="info@voorbeeld.nl", phone="0547 700213", dpo_name="Sanne de Vries", dpo_email="fg@voorbeeld.nl",
)
# Monday 30 March 2026 08:00 +02:00: after the spring change, three hours before the AP deadline.
NOW = pendulum.datetime(2026, 3, 30, 8, 0, tz=AMS)


def summary(language: str, decisions=()) -> str:
    from breach.documents import form

    incident = Incident()
    notices = [Notice("customers", pendulum.datetime(2026, 3, 27, 16, 0, tz=AMS), pendulum.datetime(2026, 3, 28, 10, 0, tz=AMS), False)]
    states = deadlines.clock_states(incident, notices, NOW, {d.obligation: d.notify for d in decisions})
    context = render.incident_context(incident, states, PROFILE, NOW, language)
    context.update(form.summary_extra(incident, states, notices, list(decisions), None, language, AMS, NOW))
    return render.render("summary.md.j2", language, context)


def test_the_summary_shows_the_decisions_and_warns_while_the_persons_are_not_told():
    from types import SimpleNamespace

    decided = SimpleNamespace(obligation="subjects", notify=True, decided_by="Sanne de Vries (FG)", reason="Hoog risico",
                              at=pendulum.datetime(2026, 3, 29, 20, 0, tz=AMS), departs=False)
    text = summary("nl", [decided])
    assert text.split("## Termijnen")[0].rstrip().endswith(
        "**Betrokkenen nog niet geïnformeerd**, terwijl dit moet (sinds zondag 29 maart 2026, 20:00 uur, 12 u 00 min).")
    assert ("- Besluit informeren van de betrokkenen: ja, op zondag 29 maart 2026, 20:00 uur, genomen door "
            "Sanne de Vries (FG) (Hoog risico).") in text
    assert "- Gemeld (customers): vrijdag 27 maart 2026, 16:00 uur." in text
    decided_no = SimpleNamespace(**{**decided.__dict__, "notify": False, "reason": "Geen hoog risico"})
    assert "**Betrokkenen nog niet" not in summary("nl", [decided_no])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_summary_matches_its_golden_file(language):
    path = GOLDEN / f"summary.{language}.md"
    text = summary(language)
    if os.environ.get("BREACH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_golden_facts_leave_exactly_the_unknown_fact_marked():
    assert render.missing_facts(summary("nl"), "nl") == ["voorgenomen maatregelen"]
    assert render.missing_facts(summary("en"), "en") == ["measures planned"]


def test_an_unknown_field_in_a_user_template_names_the_field_and_line(tmp_path):
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "summary.md.j2").write_text("# {{ ref }}\n\n{{ incident.refrence }}\n", encoding="utf-8")
    incident = Incident()
    context = render.incident_context(incident, deadlines.clock_states(incident, [], NOW), PROFILE, NOW, "nl")
    with pytest.raises(BreachError, match=r"summary\.md\.j2 line 3: unknown field .*incident"):
        render.render("summary.md.j2", "nl", context, user_dir=tmp_path)


def test_a_user_template_cannot_reach_python_internals(tmp_path):
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "summary.md.j2").write_text("{{ ref.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    incident = Incident()
    context = render.incident_context(incident, deadlines.clock_states(incident, [], NOW), PROFILE, NOW, "nl")
    with pytest.raises(BreachError, match="refused by the sandbox"):
        render.render("summary.md.j2", "nl", context, user_dir=tmp_path)


def test_one_number_date_and_duration_notation_for_every_text():
    import pendulum

    from breach.documents import render

    assert (render.number(1200, "nl"), render.number(1200, "en")) == ("1.200", "1,200")
    assert render.number_range(1200, 1500, "nl") == "1.200 tot 1.500"
    assert render.number_range(1200, 1500, "en", dash=True) == "1,200–1,500"
    assert render.number_range(7, 7, "nl") == "7"
    ams = "Europe/Amsterdam"
    start = pendulum.datetime(2026, 11, 18, 2, 0, tz=ams)
    assert render.day_range(start, pendulum.datetime(2026, 11, 20, tz=ams), ams, "nl") == "18 en 20 november 2026"
    assert render.day_range(start, pendulum.datetime(2026, 12, 2, tz=ams), ams, "en") == "18 November and 2 December 2026"
    assert render.day_range(start, pendulum.datetime(2027, 1, 2, tz=ams), ams, "nl") == "18 november 2026 en 2 januari 2027"
    assert render.long_moment(start, ams, "nl") == "woensdag 18 november 2026, 02:00 uur"
    assert render.long_moment(start, ams, "nl", offset=False) == "woensdag 18 november 2026, 02:00 uur"
    assert render.span(6.5 * 3600, "nl") == "6 u 30 min" and render.span(6.5 * 3600, "en") == "6h 30m"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# x\n{% include '/etc/passwd' %}\n", r"line 2: no template 'etc/passwd'|line 2: no template '/etc/passwd'"),
        ('{% extends "nope.j2" %}\n', "line 1: no template 'nope.j2'"),
        ("# x\n\n{% import 'nl/summary.md.j2' as s %}\n", "line 3: no template 'nl/summary.md.j2'"),
        ("# x\n{% for x in range(100000000) %}{% endfor %}\n", "line 2: a loop longer than the sandbox allows"),
        ("# x\n{% for x in self %}{{ x }}{% endfor %}\n", "line 2: the template does what its values do not allow"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}\n", "line 1: a macro or include calls itself without end"),
        ('# x\n{{ "x" * 100000000000 }}\n', "line 2: refused by the sandbox \\(a text or list of 100,000,000,000 items"),
        ("# x\n{{ 10 ** 100000000 }}\n", "line 2: refused by the sandbox \\(a power of 100000000"),
        ("# x\n\n{{ 1 / 0 }}\n", "line 3: the template does what its values do not allow \\(ZeroDivisionError"),
    ],
)
def test_every_template_failure_is_one_line_naming_the_template_and_line(tmp_path, source, message):
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "summary.md.j2").write_text(source, encoding="utf-8")
    incident = Incident()
    context = render.incident_context(incident, deadlines.clock_states(incident, [], NOW), PROFILE, NOW, "nl")
    with pytest.raises(render.TemplateError, match=r"^template nl/summary\.md\.j2 (" + message + ")") as caught:
        render.render("summary.md.j2", "nl", context, user_dir=tmp_path)
    assert "\n" not in str(caught.value)
