"""Mail merge renders the shared text once: every merged letter must be the letter rendered whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from breach.documents import drafts, personal, render
from tests.documents.test_drafts import NOW, RECIPIENT, context

PERSONS = [
    RECIPIENT,
    {"name": "Émile [NOG INVULLEN: x] O'Neil", "email": "", "address": "Kerkweg 1", "postcode": "", "city": ""},
    {"name": "A <b>&amp;</b>", "email": "a@example.nl", "address": "", "postcode": "1234 AB", "city": "Delden"},
]


@pytest.mark.parametrize("document", drafts.MERGED)
@pytest.mark.parametrize("language", render.LANGUAGES)
@pytest.mark.parametrize("fmt", ["md", "txt", "html", "eml"])
def test_merged_letter_is_the_letter_rendered_whole(document, language, fmt):
    drafter = drafts.Drafter(document, language, fmt, sender="Privacy <privacy@example.nl>", date=NOW)
    assert drafter.template.shareable  # the shipped letters take the fast path
    base = context(document, language)
    merged = drafter.merge(base)
    for person in PERSONS:
        assert merged(person) == drafter.render({**base, "recipient": person})


def write(folder: Path, text: str) -> Path:
    (folder / "nl").mkdir(parents=True, exist_ok=True)
    (folder / "nl" / "subjects.md.j2").write_text(text)
    return folder


USER_TEMPLATES = {
    "no blocks": "Beste {{ recipient.name }}, over {{ ref }}.\n",
    "recipient outside a block": "{% block a %}Hoi {{ recipient.name }}{% endblock %}\n{{ recipient.city }} {{ ref }}\n",
    "self outside a block": "{% block a %}{{ recipient.name }}{% endblock %}\n{{ self.a() }}\n",
    "include sees the person": '{% block a %}x{% endblock %}\n{% include "_letterhead.md.j2" %}{{ recipient.name }}\n',
    "namespace set in a block": "{% set ns = namespace(n=recipient) %}{% block a %}{% set ns.n = 1 %}{% endblock %}{{ ns.n }}\n",
}


@pytest.mark.parametrize("name", USER_TEMPLATES)
def test_a_template_reading_the_person_outside_its_blocks_renders_whole(tmp_path, name):
    drafter = drafts.Drafter("subjects", "nl", "md", write(tmp_path, USER_TEMPLATES[name]))
    assert not drafter.template.shareable
    base = context("subjects", "nl")
    merged = drafter.merge(base)
    for person in PERSONS:
        assert merged(person) == drafter.render({**base, "recipient": person})


def test_a_block_sees_the_variables_as_they_stood_where_it_begins(tmp_path):
    text = ("{% set greeting = 'Beste' %}{% block a %}{{ greeting }} {{ recipient.name }}{% endblock %}\n"
            "{% set greeting = 'Tot ziens' %}{{ greeting }}, {{ ref }}{% block b %} {{ recipient.city }}{% endblock %}\n")
    drafter = drafts.Drafter("subjects", "nl", "md", write(tmp_path, text))
    assert drafter.template.shareable
    base = context("subjects", "nl")
    letter = drafter.merge(base)(RECIPIENT)[0]
    assert letter == f"Beste Jan JansenTot ziens, {base['ref']} Goor"  # trim_blocks eats the newline after a block
    assert letter == drafter.render({**base, "recipient": RECIPIENT})[0]


def test_an_unknown_field_in_a_block_names_the_template_line(tmp_path):
    drafter = drafts.Drafter("subjects", "nl", "md", write(tmp_path, "{{ ref }}\n{% block a %}\n{{ recipient.nope }}\n{% endblock %}\n"))
    merged = drafter.merge(context("subjects", "nl"))
    with pytest.raises(render.TemplateError, match=r"subjects.md.j2 line 3: unknown field"):
        merged(RECIPIENT)


def test_shareable_reads_the_syntax_not_the_text():
    env = render.environment("nl")
    assert personal.shareable("{# recipient #}{% block a %}{{ recipient.name }}{% endblock %}'recipient'\n", env)
    assert not personal.shareable("{% block a %}{% endblock %}{{ recipient }}\n", env)


def test_a_marker_around_a_block_is_found_in_each_letter(tmp_path):
    text = "{{ ref }} [NOG INVULLEN: {% block a %}{{ recipient.name }}{% endblock %}]\n[NOG INVULLEN: vast]\n"
    drafter = drafts.Drafter("subjects", "nl", "md", write(tmp_path, text))
    assert drafter.template.shareable
    base = context("subjects", "nl")
    merged = drafter.merge(base)
    assert merged(RECIPIENT)[1] == ["Jan Jansen", "vast"]
    for person in PERSONS:
        assert merged(person) == drafter.render({**base, "recipient": person})
