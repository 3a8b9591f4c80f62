"""How a number is written in each language: the one notation of every text (letters, messages,
the assessment's explanation). Pure, so the domain's own sentences use it too."""

from __future__ import annotations

_RANGE = {"nl": "{low} tot {high}", "en": "{low} to {high}"}


def number(value: int, language: str) -> str:
    """1.000 in Dutch, 1,000 in English."""
    text = f"{value:,}"
    return text.replace(",", ".") if language == "nl" else text


def number_range(low: int, high: int | None, language: str, *, dash: bool = False) -> str:
    """`1.200 tot 1.500` / `1,200 to 1,500`; with `dash` the short form `1.200–1.500` (en dash).
    Without a highest number (`100001+`): `ten minste 100.001` / `at least 100,001`."""
    if high is None:
        return ("ten minste " if language == "nl" else "at least ") + number(low, language)
    if low == high:
        return number(low, language)
    if dash:
        return f"{number(low, language)}–{number(high, language)}"
    return _RANGE[language].format(low=number(low, language), high=number(high, language))


def decimal(value: float, language: str = "en") -> str:
    """A score as short as it goes (`3.25`, `1`), with a decimal comma in Dutch (`3,25`)."""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "nl" else text
