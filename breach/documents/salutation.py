"""The salutation of a merged letter, from the columns of the recipient's row.

In this order: an `aanhef` (or `salutation`) column as given; an organisation (a `soort`/`type` column,
or a name with a legal form) greets its `contactpersoon`, or "Geachte heer/mevrouw,"; a person is
greeted by title and surname ("Geachte mevrouw Bakker,", "Geachte heer Van den Berg,"), from the columns
`titel`/`geslacht`, `voorletters`, `voornaam`, `tussenvoegsel`, `achternaam` or else parsed from `name`.
Without a title: the name without one ("Geachte A. Bakker,"); a gender is never guessed from a first name.
"""

from __future__ import annotations

import re

_TITLES = {
    "mevrouw": "mevrouw", "mw.": "mevrouw", "mw": "mevrouw", "mevr.": "mevrouw", "mevr": "mevrouw", "v": "mevrouw",
    "f": "mevrouw", "vrouw": "mevrouw", "ms": "mevrouw", "ms.": "mevrouw", "mrs": "mevrouw", "mrs.": "mevrouw",
    "heer": "heer", "de heer": "heer", "dhr.": "heer", "dhr": "heer", "m": "heer", "man": "heer", "mr": "heer",
    "mr.": "heer",
}
_NAME_TITLE = re.compile(r"^(mevrouw|mevr\.?|mw\.?|de heer|dhr\.?|heer)\s+", re.IGNORECASE)
_ACADEMIC = re.compile(r"^((?:mr|dr|ir|drs|ing|prof)\.\s*)+", re.IGNORECASE)
_INITIALS = re.compile(r"^((?:[A-Z][a-z]?\.\s*)+)")
_PARTICLES = (
    "van der", "van den", "van de", "van 't", "in 't", "in de", "op de", "op den", "uit de", "van", "de", "den", "der",
    "te", "ten", "ter", "het", "'t",
)
_LEGAL_FORM = re.compile(
    r"(\b(B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|C\.?V\.?|U\.?A\.?)$)|^(Stichting|Vereniging|Coöperatie|Cooperatie|Gemeente|Provincie)\b",
    re.IGNORECASE,
)
_GENERIC = {"nl": "Geachte heer/mevrouw,", "en": "Dear Sir or Madam,"}


def _column(row: dict, *names: str) -> str:
    for name in names:
        value = (row.get(name) or "").strip()
        if value:
            return value
    return ""


def _capital(particle: str) -> str:
    return particle[:1].upper() + particle[1:] if particle else particle


def _person(text: str, title: str = "") -> tuple[str, str, str]:
    """(title, what stands before the surname, surname with its particle) parsed from a name."""
    name = text.strip()
    found = _NAME_TITLE.match(name)
    if found:
        title = title or _TITLES.get(found.group(1).lower(), "")
        name = name[found.end():]
    name = _ACADEMIC.sub("", name).strip()
    before = ""
    initials = _INITIALS.match(name)
    if initials:
        before = initials.group(1).strip()
        name = name[initials.end():].strip()
    return title, before, name


def _surname_with_particle(surname: str, capital: bool) -> str:
    lowered = surname.lower()
    for particle in _PARTICLES:
        if lowered.startswith(particle + " "):
            rest = surname[len(particle) + 1:]
            return (_capital(surname[: len(particle)]) if capital else surname[: len(particle)]) + " " + rest
    return surname


def salutation(row: dict, language: str) -> str:
    """The opening line, ending in a comma."""
    given = _column(row, "aanhef", "salutation_en" if language == "en" else "aanhef", "salutation")
    if given:
        return given if given.endswith(",") else given + ","
    name = _column(row, "name", "naam")
    kind = _column(row, "soort", "type").lower()
    if kind in ("organisatie", "organisation", "bedrijf", "company") or (name and _LEGAL_FORM.search(name)):
        contact = _column(row, "contactpersoon", "contact")
        return salutation({"name": contact}, language) if contact else _GENERIC[language]
    title = _TITLES.get(_column(row, "titel", "geslacht", "aanspreekvorm").lower(), "")
    surname = _column(row, "achternaam", "surname")
    if surname:
        particle = _column(row, "tussenvoegsel")
        surname = f"{particle} {surname}" if particle else surname
        before = _column(row, "voorletters", "voornaam")
    elif name:
        title, before, surname = _person(name, title)
    else:
        return _GENERIC[language]
    if not surname:
        return _GENERIC[language]
    if title:
        word = {"mevrouw": ("mevrouw", "Ms"), "heer": ("heer", "Mr")}[title][0 if language == "nl" else 1]
        opening = "Geachte" if language == "nl" else "Dear"
        return f"{opening} {word} {_surname_with_particle(surname, capital=True)},"
    whole = f"{before} {surname}".strip()
    return ("Geachte " if language == "nl" else "Dear ") + whole + ","


def contact_line(row: dict, language: str) -> str | None:
    """"T.a.v. ..." under an organisation's name in the address block, when a contact person is given."""
    contact = _column(row, "contactpersoon", "contact")
    if not contact:
        return None
    return ("T.a.v. " if language == "nl" else "Attn. ") + contact
