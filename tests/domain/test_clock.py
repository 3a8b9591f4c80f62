"""breach.domain.clock: the moments a user may type, and how instants are shown.

Expected instants are worked out by hand: Europe/Amsterdam is UTC+01:00 in winter (CET) and
UTC+02:00 in summer (CEST); in 2026 the clocks jump 02:00 -> 03:00 on Sunday 29 March and fall
back 03:00 -> 02:00 on Sunday 25 October.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pendulum
import pytest

from breach.domain.clock import Moment, format_local, format_span, iso_local, local, parse_moment
from breach.errors import InvalidInput

AMS = "Europe/Amsterdam"
# Monday 23 November 2026, 12:00 in Amsterdam = 11:00 UTC.
NOW = pendulum.datetime(2026, 11, 23, 11, 0, tz="UTC")


def utc(*args) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="UTC")


def parse(text: str, tz: str = AMS, now: pendulum.DateTime = NOW, **kwargs) -> Moment:
    return parse_moment(text, tz, now, **kwargs)


def refused(text: str, tz: str = AMS, now: pendulum.DateTime = NOW, **kwargs) -> str:
    with pytest.raises(InvalidInput) as info:
        parse_moment(text, tz, now, **kwargs)
    return str(info.value)


# --- accepted forms -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        # ISO 8601 with an offset: the offset given wins over the organisation's zone.
        ("2026-11-23T09:15+01:00", utc(2026, 11, 23, 8, 15)),
        ("2026-11-23T09:15:30+01:00", utc(2026, 11, 23, 8, 15, 30)),
        ("2026-11-23T05:15-05:00", utc(2026, 11, 23, 10, 15)),
        ("2026-07-01T09:15+02:00", utc(2026, 7, 1, 7, 15)),
        ("2026-11-23T09:15+0530", utc(2026, 11, 23, 3, 45)),
        # ... or Z.
        ("2026-11-23T09:15Z", utc(2026, 11, 23, 9, 15)),
        ("2026-11-23T09:15:00Z", utc(2026, 11, 23, 9, 15)),
    ],
)
def test_iso_with_offset_or_z(text, expected):
    moment = parse(text)
    assert moment.instant == expected
    assert moment.note is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # Local, no offset: read in Amsterdam; winter is +01:00 ...
        ("2026-11-23 09:15", utc(2026, 11, 23, 8, 15)),
        ("2026-11-23T09:15", utc(2026, 11, 23, 8, 15)),
        ("2026-11-23 09:15:45", utc(2026, 11, 23, 8, 15, 45)),
        # ... and summer is +02:00.
        ("2026-07-01 09:15", utc(2026, 7, 1, 7, 15)),
        ("2026-07-01T09:15", utc(2026, 7, 1, 7, 15)),
        # Just after the spring jump (03:00 CEST) and just before it (01:59 CET).
        ("2026-03-29 03:00", utc(2026, 3, 29, 1, 0)),
        ("2026-03-29 01:59", utc(2026, 3, 29, 0, 59)),
    ],
)
def test_local_without_offset(text, expected):
    moment = parse(text)
    assert moment.instant == expected
    assert moment.note is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("23-11-2026 09:15", utc(2026, 11, 23, 8, 15)),
        ("23-11-2026T09:15", utc(2026, 11, 23, 8, 15)),
        ("23-11-2026 09:15:30", utc(2026, 11, 23, 8, 15, 30)),
        ("1-7-2026 9:05", utc(2026, 7, 1, 7, 5)),
        ("01-07-2026 09:05", utc(2026, 7, 1, 7, 5)),
        # Day first: 5-11 is 5 November, not 11 May.
        ("05-11-2026 10:00", utc(2026, 11, 5, 9, 0)),
    ],
)
def test_dutch_day_month_year(text, expected):
    moment = parse(text)
    assert moment.instant == expected
    assert moment.note is None


@pytest.mark.parametrize("text", ["now", "NOW", " Now "])
def test_now_is_the_clock(text):
    assert parse(text).instant == NOW


def test_now_given_in_another_zone_comes_back_as_the_same_instant_in_utc():
    now = pendulum.datetime(2026, 11, 23, 12, 0, tz=AMS)
    moment = parse("now", now=now)
    assert moment.instant == utc(2026, 11, 23, 11, 0)
    assert moment.instant.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today 09:15", utc(2026, 11, 23, 8, 15)),
        ("Today 9:15", utc(2026, 11, 23, 8, 15)),
        ("TODAY 00:00", utc(2026, 11, 22, 23, 0)),
        ("yesterday 09:15", utc(2026, 11, 22, 8, 15)),
        ("Yesterday 23:59", utc(2026, 11, 22, 22, 59)),
        # A bare HH:MM is today.
        ("09:15", utc(2026, 11, 23, 8, 15)),
        ("9:15", utc(2026, 11, 23, 8, 15)),
        ("12:00", utc(2026, 11, 23, 11, 0)),
    ],
)
def test_today_yesterday_and_bare_time(text, expected):
    moment = parse(text)
    assert moment.instant == expected
    assert moment.note is None


def test_today_is_the_local_date_not_the_utc_date():
    # 23:30 UTC on 23 November is already 00:30 on 24 November in Amsterdam.
    now = utc(2026, 11, 23, 23, 30)
    assert parse("today 00:10", now=now).instant == utc(2026, 11, 23, 23, 10)
    assert parse("00:10", now=now).instant == utc(2026, 11, 23, 23, 10)
    assert parse("yesterday 00:10", now=now).instant == utc(2026, 11, 22, 23, 10)


def test_yesterday_across_the_spring_change_is_the_calendar_day_before():
    # Sunday 29 March 2026 12:00 CEST = 10:00 UTC; yesterday 12:00 was still CET = 11:00 UTC on the 28th.
    now = utc(2026, 3, 29, 10, 0)
    assert parse("yesterday 12:00", now=now).instant == utc(2026, 3, 28, 11, 0)
    assert parse("today 12:00", now=now).instant == utc(2026, 3, 29, 10, 0)


def test_local_times_are_read_in_the_zone_given():
    # New York is UTC-05:00 in November.
    assert parse("2026-11-23 05:15", tz="America/New_York").instant == utc(2026, 11, 23, 10, 15)
    assert parse("today 05:15", tz="America/New_York").instant == utc(2026, 11, 23, 10, 15)
    # The same text in UTC.
    assert parse("2026-11-23 05:15", tz="UTC").instant == utc(2026, 11, 23, 5, 15)


@pytest.mark.parametrize(
    "text",
    ["2026-11-23T09:15+01:00", "2026-11-23T09:15Z", "2026-11-23 09:15", "23-11-2026 09:15", "now", "today 09:15", "09:15"],
)
def test_every_instant_is_kept_in_utc(text):
    assert parse(text).instant.utcoffset() == timedelta(0)


def test_the_moment_now_itself_is_not_in_the_future():
    # NOW is 12:00 in Amsterdam; 12:00 is allowed, 12:01 is not.
    assert parse("2026-11-23 12:00").instant == NOW
    assert parse("2026-11-23T11:00:00Z").instant == NOW


# --- refusals -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_is_refused(text):
    message = refused(text, field="--aware")
    assert message.startswith("--aware: empty")
    assert "accepted:" in message


@pytest.mark.parametrize("text", ["banana", "soon", "foo:bar", "12:ab", "2026-11-23Tnoon:00", "next tuesday 10:00"])
def test_garbage_is_refused_with_the_accepted_forms(text):
    message = refused(text, field="--aware")
    assert message.startswith("--aware:")
    assert "accepted:" in message
    assert "ISO 8601" in message


@pytest.mark.parametrize("text", ["2026-11-23", "23-11-2026", "today", "yesterday"])
def test_a_date_without_a_time_is_refused(text):
    message = refused(text, field="--discovered")
    assert message.startswith("--discovered:")
    assert "accepted:" in message


@pytest.mark.parametrize("text", ["2026-11-23", "23-11-2026"])
def test_a_date_without_a_time_says_it_has_no_time_of_day(text):
    assert "has no time of day" in refused(text)


@pytest.mark.parametrize("text", ["25:00", "24:00", "12:60", "today 25:00", "yesterday 23:75"])
def test_an_impossible_time_of_day_is_refused(text):
    message = refused(text)
    assert "not a time of day" in message
    assert "00:00 to 23:59" in message


@pytest.mark.parametrize("text", ["2026-11-23 25:00", "2026-11-23T25:00+01:00", "31-02-2026 10:00", "23-13-2026 10:00"])
def test_impossible_dates_and_times_in_full_forms_are_refused(text):
    assert "accepted:" in refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23 12:01",  # one minute after NOW in Amsterdam
        "2026-11-23T11:00:01Z",  # one second after NOW
        "23-11-2026 12:01",
        "today 12:01",
        "12:01",
        "2027-01-01 00:00",
    ],
)
def test_a_moment_in_the_future_is_refused(text):
    message = refused(text, field="--aware")
    assert message.startswith("--aware:")
    assert "in the future" in message


def test_the_future_refusal_shows_the_moment_in_local_time():
    message = refused("2026-11-23 12:01")
    assert "Mon 2026-11-23 12:01 +01:00" in message


@pytest.mark.parametrize("text", ["2026-03-29 02:30", "2026-03-29T02:30", "29-03-2026 02:30", "2026-03-29 02:00"])
def test_the_spring_gap_is_refused(text):
    message = refused(text, field="--aware")
    assert message.startswith("--aware:")
    assert "does not exist" in message
    assert AMS in message


def test_the_spring_gap_is_refused_for_today_and_bare_times_too():
    now = utc(2026, 3, 29, 10, 0)  # 12:00 CEST on the day of the jump
    assert "does not exist" in refused("today 02:30", now=now)
    assert "does not exist" in refused("02:30", now=now)
    assert "does not exist" in refused("yesterday 02:30", now=utc(2026, 3, 30, 10, 0))


def test_a_spring_gap_time_with_an_explicit_offset_is_accepted():
    # The message suggests an offset; +01:00 at 02:30 is 01:30 UTC (= 03:30 CEST).
    assert parse("2026-03-29T02:30+01:00").instant == utc(2026, 3, 29, 1, 30)


# --- the autumn repeat ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2026-10-25 02:30", "2026-10-25T02:30", "25-10-2026 02:30"])
def test_the_autumn_repeat_resolves_to_the_earlier_instant_with_a_note(text):
    # 02:30 happens at +02:00 (00:30 UTC) and again at +01:00 (01:30 UTC); the earlier one is taken.
    moment = parse(text, field="--aware")
    assert moment.instant == utc(2026, 10, 25, 0, 30)
    assert moment.note is not None
    assert moment.note.startswith("--aware:")
    assert "earlier" in moment.note
    # The note tells how to give the later instant.
    assert "2026-10-25T02:30:00+01:00" in moment.note


def test_the_later_autumn_instant_can_be_given_with_its_offset():
    moment = parse("2026-10-25T02:30+01:00")
    assert moment.instant == utc(2026, 10, 25, 1, 30)
    assert moment.note is None


def test_the_autumn_repeat_via_yesterday():
    moment = parse("yesterday 02:30", now=utc(2026, 10, 26, 10, 0))
    assert moment.instant == utc(2026, 10, 25, 0, 30)
    assert moment.note is not None


def test_times_next_to_the_autumn_repeat_have_no_note():
    # 01:59 only happens at +02:00; 03:00 only at +01:00.
    before = parse("2026-10-25 01:59")
    after = parse("2026-10-25 03:00")
    assert (before.instant, before.note) == (utc(2026, 10, 24, 23, 59), None)
    assert (after.instant, after.note) == (utc(2026, 10, 25, 2, 0), None)


# --- showing instants -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "instant, expected",
    [
        (utc(2026, 3, 30, 9, 0), "Mon 2026-03-30 11:00 +02:00"),
        (utc(2026, 11, 23, 8, 15), "Mon 2026-11-23 09:15 +01:00"),
        (utc(2026, 10, 25, 0, 30), "Sun 2026-10-25 02:30 +02:00"),
        (utc(2026, 10, 25, 1, 30), "Sun 2026-10-25 02:30 +01:00"),
        (utc(2026, 12, 31, 23, 30), "Fri 2027-01-01 00:30 +01:00"),
        (utc(2028, 2, 29, 11, 0), "Tue 2028-02-29 12:00 +01:00"),
    ],
)
def test_format_local(instant, expected):
    assert format_local(instant, AMS) == expected


def test_format_local_accepts_a_stdlib_aware_datetime():
    instant = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert format_local(instant, AMS) == "Mon 2026-03-30 11:00 +02:00"
    assert format_local(instant, "America/New_York") == "Mon 2026-03-30 05:00 -04:00"


def test_local_and_iso_local():
    instant = utc(2026, 3, 30, 9, 0)
    shown = local(instant, AMS)
    assert (shown.hour, shown.utcoffset()) == (11, timedelta(hours=2))
    assert shown == instant
    assert iso_local(instant, AMS) == "2026-03-30T11:00:00+02:00"
    assert iso_local(None, AMS) is None


@pytest.mark.parametrize(
    "seconds, expected",
    [
        (0, "0h 00m"),
        (59, "0h 00m"),
        (60, "0h 01m"),
        (3600, "1h 00m"),
        (71 * 3600 + 58 * 60, "71h 58m"),
        (72 * 3600 - 0.5, "71h 59m"),
        (72 * 3600, "72h 00m"),
        (100 * 3600 + 5 * 60, "100h 05m"),  # hours are never folded into days
        (-(1 * 3600 + 1 * 60), "1h 01m"),  # the size of an overrun
        (-59.9, "0h 00m"),
    ],
)
def test_format_span(seconds, expected):
    assert format_span(seconds) == expected


# --- time-only forms beyond HH:MM must follow the injected clock ----------------------------

@pytest.mark.parametrize(
    "text, same_day",
    [
        ("09:15:00", utc(2030, 1, 1, 8, 15)),
        ("T09:15", utc(2030, 1, 1, 8, 15)),
        ("09:15+01:00", utc(2030, 1, 1, 8, 15)),
        ("09:15Z", utc(2030, 1, 1, 9, 15)),
        ("09:15-05:00", utc(2030, 1, 1, 14, 15)),
    ],
)
def test_time_only_forms_are_refused_or_read_on_the_clocks_date(text, same_day):
    """A time without a date may only mean a time on the (injected) clock's date, as a bare HH:MM
    does, or be refused as not an accepted form. It must never pick up the computer's real date,
    nor drop an offset that was given."""
    now = utc(2030, 1, 1, 22, 0)  # Tue 1 January 2030, 23:00 in Amsterdam
    assert parse("09:15", now=now).instant == utc(2030, 1, 1, 8, 15)
    try:
        moment = parse(text, now=now)
    except InvalidInput as exc:
        assert "in the future" not in str(exc)
        assert "accepted:" in str(exc)
    else:
        assert moment.instant == same_day


# --- the way people type at night -----------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("today 9.15", utc(2026, 11, 23, 8, 15)),
        ("vandaag 09:15", utc(2026, 11, 23, 8, 15)),
        ("gisteren 23.10", utc(2026, 11, 22, 22, 10)),
        ("23/11/2026 09:15", utc(2026, 11, 23, 8, 15)),
        ("23-11-2026 9.15", utc(2026, 11, 23, 8, 15)),
    ],
)
def test_dutch_habits_are_understood(text, expected):
    assert parse(text).instant == expected


@pytest.mark.parametrize("text", ["31/02/2026 09:15", "23/13/2026 09:15"])
def test_impossible_dutch_dates_are_refused(text):
    assert "is not a date-time" in refused(text)


def test_a_range_in_dots_or_iso_interval_form():
    from breach.domain.clock import parse_range

    for text in ("2026-11-20 08:00..2026-11-21 12:00", "2026-11-20T08:00/2026-11-21T12:00",
                 "20/11/2026 08:00..21/11/2026 12:00"):
        first, second = parse_range(text, AMS, NOW, field="--occurred")
        assert (first.instant, second.instant) == (utc(2026, 11, 20, 7, 0), utc(2026, 11, 21, 11, 0)), text


def test_a_slash_inside_a_date_is_not_a_range():
    from breach.domain.clock import parse_range

    first, second = parse_range("20/11/2026 08:00", AMS, NOW, field="--occurred")
    assert (first.instant, second) == (utc(2026, 11, 20, 7, 0), None)


def test_a_range_whose_end_is_in_the_future_names_the_end():
    from breach.domain.clock import parse_range

    with pytest.raises(InvalidInput, match=r"^--occurred \(end\): .* is in the future"):
        parse_range("2026-11-20 08:00..2026-11-30 08:00", AMS, NOW, field="--occurred")
