"""What a person types, read as the value it names: plain text, a yes or no, a count, a number of
persons. Shared by every front end; a refusal names what was being read (`field`) and what is accepted.
"""

from __future__ import annotations

import re

from breach.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: str | None, field: str, *, multiline: bool = False) -> str | None:
    """Trimmed text, None when empty; control characters are refused (a newline only where text may span lines)."""
    if value is None:
        return None
    text = value.strip()
    if _CONTROL.search(text) or (not multiline and ("\n" in text or "\t" in text)):
        kind = "control characters other than new lines" if multiline else "control characters or new lines"
        raise InvalidInput(f"contains {kind} (expected plain text)", field=field)
    return text or None


_MORE_THAN = re.compile(r"(?:>|more than|over|meer dan|ruim|boven)\s*", re.IGNORECASE)


def parse_persons(text: str) -> tuple[int | None, int | None]:
    """`120` is exact; `100-250` is a range, as the AP form asks when the number is not known; `unknown`
    clears. Without an upper bound: `100000+` (at least 100,000), `>100000`, `more than 100000`,
    `meer dan 100.000` (at least 100,001): the highest number is then None."""
    value = text.strip()
    if value.lower() in ("unknown", "?", "onbekend"):
        return None, None
    more = _MORE_THAN.match(value)
    value = value[more.end():] if more else value
    value = re.sub(r"(?<=\d)[.,](?=\d{3}(?!\d))", "", value.replace(" ", ""))  # 1.000 and 1,000: thousands
    if more or value.endswith("+"):
        found = re.fullmatch(r"(\d{1,9})\+?", value)
        if found and not (more and value.endswith("+")):
            return int(found.group(1)) + (1 if more else 0), None
    exact = re.fullmatch(r"\d{1,9}", value)
    if exact:
        return int(value), int(value)
    ranged = re.fullmatch(r"(\d{1,9})(?:-|\.\.)(\d{1,9})", value)
    if ranged and int(ranged.group(1)) <= int(ranged.group(2)):
        return int(ranged.group(1)), int(ranged.group(2))
    raise InvalidInput(
        f"'{text}' is not a number of persons (expected a whole number such as 120, a range such as 100-250, 100000+ or 'more than 100000' without an upper bound, or 'unknown')",
        field="persons",
    )


def parse_count(text: str, field: str) -> int:
    value = text.strip()
    if not re.fullmatch(r"\d{1,12}", value):
        raise InvalidInput(f"'{text}' is not a count (expected a whole number, 0 or more)", field=field)
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
