"""breach.domain.inputs: reading what a person types as a number of persons, a count, a yes or no,
or plain text."""

from __future__ import annotations

import pytest

from breach.domain import inputs
from breach.domain.inputs import clean, parse_count, parse_yes_no
from breach.errors import InvalidInput
from tests.worded import as_cli

parse_persons = as_cli(inputs.parse_persons)  # its refusals as the command line words them (--persons)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("120", (120, 120)),
        (" 120 ", (120, 120)),
        ("100-250", (100, 250)),
        ("100 - 250", (100, 250)),
        ("100..250", (100, 250)),
        ("250-250", (250, 250)),
        ("unknown", (None, None)),
        ("Unknown", (None, None)),
        ("?", (None, None)),
    ],
)
def test_parse_persons(text, expected):
    assert parse_persons(text) == expected


@pytest.mark.parametrize("text", ["-5", "abc", "250-100", "1.5", "", "100-", "-", "10-20-30", "1234567890"])
def test_parse_persons_refuses(text):
    with pytest.raises(InvalidInput) as info:
        parse_persons(text)
    message = str(info.value)
    assert message.startswith(f"--persons: '{text}' is not a number of persons")
    assert "100-250" in message and "'unknown'" in message


@pytest.mark.parametrize("text", ["0", "0-5", "000"])
def test_zero_persons_is_refused_saying_what_to_give_when_unknown(text):
    with pytest.raises(InvalidInput) as info:
        parse_persons(text)
    assert str(info.value) == (f"--persons: '{text}': a breach concerns at least one person (give 1 or more, a range "
                               "such as 1-10, or 'unknown' while the number is not known)")


@pytest.mark.parametrize("text", ["\u0663\u0660", "\u06f3\u06f0", "\u0969\u0966", "1\u0660-20", "\uff13\uff10"])
def test_digits_other_than_ascii_are_not_read_as_numbers(text):
    with pytest.raises(InvalidInput) as info:
        parse_persons(text)
    assert "in the digits 0-9" in str(info.value)
    with pytest.raises(InvalidInput):
        parse_count(text, "--records")


@pytest.mark.parametrize("text, expected", [("0", 0), ("42", 42), (" 42 ", 42), ("007", 7), ("123456789012", 123456789012)])
def test_parse_count(text, expected):
    assert parse_count(text, "--records") == expected


@pytest.mark.parametrize("text", ["-1", "abc", "1.5", "", "1 000", "1e3", "1234567890123"])
def test_parse_count_refuses_naming_the_flag(text):
    with pytest.raises(InvalidInput) as info:
        parse_count(text, "--records")
    assert str(info.value).startswith(f"--records: '{text}' is not a count")


@pytest.mark.parametrize("text", ["yes", "y", "ja", "true", "YES", " Ja ", "True"])
def test_yes(text):
    assert parse_yes_no(text, "--high-risk") is True


@pytest.mark.parametrize("text", ["no", "n", "nee", "false", "NO", " Nee "])
def test_no(text):
    assert parse_yes_no(text, "--high-risk") is False


@pytest.mark.parametrize("text", ["unknown", "?", "UNKNOWN"])
def test_unknown_only_where_allowed(text):
    assert parse_yes_no(text, "--high-risk", unknown=True) is None
    with pytest.raises(InvalidInput) as info:
        parse_yes_no(text, "--cross-border")
    assert str(info.value) == f"--cross-border: '{text}' is not an answer (accepted: yes, no)"


@pytest.mark.parametrize("text", ["maybe", "", "1", "jawel"])
def test_other_answers_are_refused(text):
    with pytest.raises(InvalidInput) as info:
        parse_yes_no(text, "--high-risk", unknown=True)
    assert str(info.value) == f"--high-risk: '{text}' is not an answer (accepted: yes, no, unknown)"


@pytest.mark.parametrize("text, expected", [("1.000", (1000, 1000)), ("1,000-2.500", (1000, 2500)), ("12.345.678", (12345678, 12345678))])
def test_persons_with_thousands_separators(text, expected):
    assert parse_persons(text) == expected


@pytest.mark.parametrize("text", ["1.5", "1.00", "10,5"])
def test_persons_with_decimals_are_refused(text):
    with pytest.raises(InvalidInput, match="^--persons:"):
        parse_persons(text)


@pytest.mark.parametrize("value, multiline", [("Twee\nregels", False), ("rood\x1b[31m", True), ("nul\x00", True), ("tab\there", False)])
def test_control_characters_are_refused(value, multiline):
    with pytest.raises(InvalidInput, match="^--x: contains"):
        clean(value, "--x", multiline=multiline)


def test_new_lines_are_kept_in_multiline_text():
    assert clean("  eerste regel\ntweede regel  ", "--description", multiline=True) == "eerste regel\ntweede regel"
    assert clean("   ", "--title") is None


@pytest.mark.parametrize("text, expected", [
    ("100000+", (100000, None)), (">100000", (100001, None)), ("more than 100,000", (100001, None)),
    ("meer dan 100.000", (100001, None)), ("ruim 500", (501, None)), ("onbekend", (None, None)),
])
def test_a_number_of_persons_without_an_upper_bound(text, expected):
    assert inputs.parse_persons(text) == expected


def test_an_open_ended_number_with_both_signs_is_refused():
    with pytest.raises(InvalidInput, match="100000\\+"):
        inputs.parse_persons("> 100000+")


def test_a_lone_surrogate_is_text_that_was_not_utf8():
    with pytest.raises(InvalidInput) as info:
        clean("caf\udce9", "title")  # $'caf\xe9' typed on a Latin-1 terminal, as Python reads it
    assert str(info.value).startswith("title: is not UTF-8 text (the terminal or file gave bytes in another encoding")


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069", "\u2028", "\u2029"])
def test_bidi_controls_and_line_separators_are_refused_on_one_line(char):
    with pytest.raises(InvalidInput) as info:
        clean(f"Laptop{char}gestolen", "title")
    assert str(info.value) == (f"title: contains U+{ord(char):04X}, a line separator or a text-direction control "
                               "(expected plain text on one line)")
    if char in "\u2028\u2029":
        assert clean(f"een{char}twee", "text", multiline=True) == f"een{char}twee"


@pytest.mark.parametrize(("multiline", "most"), [(False, 200), (True, 10_000)])
def test_free_text_has_a_named_length_limit(multiline, most):
    assert clean("x" * most, "text", multiline=multiline) == "x" * most
    with pytest.raises(InvalidInput) as info:
        clean("x" * (most + 1), "text", multiline=multiline)
    assert str(info.value) == f"text: is {most + 1:,} characters long (accepted: at most {most:,})"
