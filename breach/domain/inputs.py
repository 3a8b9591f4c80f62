"""What a person types, read as the value it names: plain text, a yes or no, a count, a number of
persons. Shared by every front end; a refusal names what was being read (`field`) and what is accepted.
"""

from __future__ import annotations

import re

from breach.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ONE_LINE_ONLY = re.compile("[\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # separators, bidi overrides and isolates

ONE_LINE_LIMIT = 200
MULTI_LINE_LIMIT = 10_000
"""Characters a free text may hold: a title or a name fits a line of a letter (200); a description,
a note or a reason fits a page or two (10,000)."""


def clean(value: str | None, field: str, *, multiline: bool = False, limit: int | None = None) -> str | None:
    """Trimmed text, None when empty. Refused: text that is not UTF-8 (a lone surrogate, as Python
    reads bytes of another encoding), control characters (a newline only where text may span lines),
    in one-line text also the line and paragraph separators and the bidi overrides and isolates
    (U+2028/2029, U+202A..U+202E, U+2066..U+2069), and text longer than `limit` characters
    (default 200 on one line, 10,000 over several)."""
    if value is None:
        return None
    if _SURROGATE.search(value):
        raise InvalidInput(
            "is not UTF-8 text (the terminal or file gave bytes in another encoding, e.g. Latin-1: set it to UTF-8 "
            "and give the text again)", field=field,
        )
    text = value.strip()
    if _CONTROL.search(text) or (not multiline and ("\n" in text or "\t" in text)):
        kind = "control characters other than new lines" if multiline else "control characters or new lines"
        raise InvalidInput(f"contains {kind} (expected plain text)", field=field)
    if not multiline and _ONE_LINE_ONLY.search(text):
        found = _ONE_LINE_ONLY.search(text).group()
        raise InvalidInput(
            f"contains U+{ord(found):04X}, a line separator or a text-direction control (expected plain text on one line)",
            field=field,
        )
    most = limit or (MULTI_LINE_LIMIT if multiline else ONE_LINE_LIMIT)
    if len(text) > most:
        raise InvalidInput(f"is {len(text):,} characters long (accepted: at most {most:,})", field=field)
    return text or None


_MORE_THAN = re.compile(r"(?:>|more than|over|meer dan|ruim|boven)\s*", re.IGNORECASE)
_DIGITS = re.ASCII  # \\d is 0-9 only: Arabic-Indic and other digits are not read as numbers


def parse_persons(text: str) -> tuple[int | None, int | None]:
    """`120` is exact; `100-250` is a range, as the AP form asks when the number is not known; `unknown`
    clears. Without an upper bound: `100000+` (at least 100,000), `>100000`, `more than 100000`,
    `meer dan 100.000` (at least 100,001): the highest number is then None. Digits are ASCII digits;
    0 is refused (a breach concerns at least one person)."""
    value = text.strip()
    if value.lower() in ("unknown", "?", "onbekend"):
        return None, None
    more = _MORE_THAN.match(value)
    value = value[more.end():] if more else value
    value = re.sub(r"(?<=\d)[.,](?=\d{3}(?!\d))", "", value.replace(" ", ""), flags=_DIGITS)  # 1.000 and 1,000: thousands
    low = high = None
    if more or value.endswith("+"):
        found = re.fullmatch(r"(\d{1,9})\+?", value, _DIGITS)
        if found and not (more and value.endswith("+")):
            low = int(found.group(1)) + (1 if more else 0)
    exact = re.fullmatch(r"\d{1,9}", value, _DIGITS)
    ranged = re.fullmatch(r"(\d{1,9})(?:-|\.\.)(\d{1,9})", value, _DIGITS)
    if low is not None:
        pass
    elif exact:
        low, high = int(value), int(value)
    elif ranged and int(ranged.group(1)) <= int(ranged.group(2)):
        low, high = int(ranged.group(1)), int(ranged.group(2))
    else:
        raise InvalidInput(
            f"'{text}' is not a number of persons (expected a whole number in the digits 0-9 such as 120, a range "
            "such as 100-250, 100000+ or 'more than 100000' without an upper bound, or 'unknown')",
            field="persons",
        )
    if low == 0:
        raise InvalidInput(
            f"'{text}': a breach concerns at least one person (give 1 or more, a range such as 1-10, or 'unknown' "
            "while the number is not known)",
            field="persons",
        )
    return low, high


def parse_count(text: str, field: str) -> int:
    value = text.strip()
    if not re.fullmatch(r"\d{1,12}", value, _DIGITS):
        raise InvalidInput(f"'{text}' is not a count (expected a whole number in the digits 0-9, 0 or more)", field=field)
    return int(value)


def parse_yes_no(text: str, field: str, *, unknown: bool = False) -> bool | None:
    value = text.strip().lower()
    if value in ("yes", "y", "ja", "true"):
        return True
    if value in ("no", "n", "nee", "false"):
        return False
    if unknown and value in ("unknown", "?"):
        return None
    accepted = "yes, no" + (", unknown" if unknown else "")
    raise InvalidInput(f"'{text}' is not an answer (accepted: {accepted})", field=field)
