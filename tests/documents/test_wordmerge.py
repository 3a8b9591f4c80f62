"""Word letters of a mail merge: made from the template rendered once, the same package as the full render."""

from __future__ import annotations

import pytest

from breach.documents import drafts, formats, wordmerge
from tests.documents.test_drafts import NOW, PROFILE, context

PERSONS = [
    {"name": "Jan Jansen", "email": "jan@example.nl", "address": "Markt 3", "postcode": "7471 AB", "city": "Goor"},
    {"name": "Bakker & Zn. <B.V.> \"De Hoek\" 'x'", "email": "", "address": "Dorpsstraat 1-3", "postcode": "7471 AB", "city": "Goor"},
    {"name": "Zoë IJsselmeer-Ñúñez", "email": "zoe@example.nl", "address": "", "postcode": "", "city": ""},
    {"name": "Ömer Çelik", "email": "omer@example.nl", "address": "Ring 9 <b>", "postcode": "1011 AA", "city": "Amsterdam"},
]


def prepared(document: str, language: str):
    drafter = drafts.Drafter(document, language, "docx", sender=drafts.sender(PROFILE), date=NOW)
    shared = {**context(document, language), "format": "docx"}
    first = drafter.template.render({**shared, "recipient": PERSONS[0]})
    letters = wordmerge.WordLetters.prepare(first, PERSONS[0], drafter.docx_template, {**shared, "recipient": PERSONS[0]},
                                            drafter.docx_env)
    return drafter, shared, letters


@pytest.mark.parametrize(("document", "language"), [("subjects", "nl"), ("subjects", "en"), ("customers", "nl")])
def test_a_quick_letter_is_the_full_render_part_by_part(document, language):
    drafter, shared, letters = prepared(document, language)
    assert letters is not None  # the shipped template goes the quick way
    for person in PERSONS:
        markdown = drafter.template.render({**shared, "recipient": person})
        quick = letters.letter(markdown)
        assert quick is not None, person["name"]
        full = formats.to_docx(markdown, drafter.docx_template, {**shared, "recipient": person}, drafter.docx_env)
        assert wordmerge.parts_of(quick) == wordmerge.parts_of(full), person["name"]
        text = "\n".join(p.text for p in _document(quick).paragraphs)
        assert person["name"] in text


def test_a_letter_the_quick_way_cannot_make_exactly_is_left_to_the_full_render():
    drafter, shared, letters = prepared("subjects", "nl")
    for person in ({"name": "- Jansen", "address": "Markt\t3"}, {"name": "# Kop"}, {"name": "Jan", "address": "a\x07b"}):
        markdown = drafter.template.render({**shared, "recipient": {**PERSONS[0], **person}})
        assert letters.letter(markdown) is None


def test_the_merge_gives_every_person_the_full_render_also_where_it_falls_back():
    drafter = drafts.Drafter("subjects", "nl", "docx", sender=drafts.sender(PROFILE), date=NOW)
    shared = context("subjects", "nl")
    merge = drafter.merge(shared)
    for person in [*PERSONS, {**PERSONS[0], "name": "- Jansen"}]:
        data, missing = merge(person)
        full, full_missing = drafter.render({**shared, "recipient": person})
        assert wordmerge.parts_of(data) == wordmerge.parts_of(full)
        assert missing == full_missing


def test_a_word_template_that_reads_the_person_renders_every_letter_whole(tmp_path):
    """A user's copy with {{ recipient.name }} in its footer: the quick way would give everyone the first name."""
    import zipfile

    drafter, shared, _ = prepared("subjects", "nl")
    source = zipfile.ZipFile(drafter.docx_template)
    copy = tmp_path / "letter.docx"
    with zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/footer1.xml":
                data = data.replace(b"{{ org.name }}", b"{{ recipient.name }}")
            target.writestr(info, data)
    first = drafter.template.render({**shared, "recipient": PERSONS[0]})
    assert wordmerge.WordLetters.prepare(first, PERSONS[0], copy, {**shared, "recipient": PERSONS[0]}, drafter.docx_env) is None


def _document(data: bytes):
    import io

    import docx

    return docx.Document(io.BytesIO(data))
