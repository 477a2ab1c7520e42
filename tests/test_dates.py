"""Metadata dates: the one parser for the date fields of pages, feeds, PDFs and front matter."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.read import ReadOptions, read_bytes
from briefing.text.dates import metadata_date, metadata_time

UTC = dt.timezone.utc


@pytest.mark.parametrize("value, expected", [
    ("2024-11-05", dt.date(2024, 11, 5)),
    ("  2024-11-05T23:30:00-05:00 ", dt.date(2024, 11, 5)),  # the day where it was stated, not UTC's
    ("2024-11-05 09:00", dt.date(2024, 11, 5)),
    ("Tue, 05 Nov 2024 09:00:00 GMT", dt.date(2024, 11, 5)),  # RFC 2822 (RSS)
    ("D:20241105093000+01'00'", dt.date(2024, 11, 5)),  # a PDF date
    ("20241105", dt.date(2024, 11, 5)),
    ("2024/11/05", dt.date(2024, 11, 5)),
    ("Published 2024.11.05", dt.date(2024, 11, 5)),  # a year, month and day anywhere in the field
    (dt.datetime(2024, 11, 5, 22, 0), dt.date(2024, 11, 5)),  # YAML front matter gives objects
    (dt.date(2024, 11, 5), dt.date(2024, 11, 5)),
])
def test_metadata_dates_in_every_format(value, expected):
    assert metadata_date(value) == expected


@pytest.mark.parametrize("value", [
    "2024-02-30", "2024-13-01", "Nov 5, 2024", "soon", "", "1730800000", None, 20241105, ["2024-11-05"],
    "1970-01-01",  # a system's placeholder, not a publication date
    "Mon, 01 Jan 1970 00:00:00 GMT", "1985-03-01", "2101-01-01",
])
def test_no_date_where_the_field_states_none(value):
    assert metadata_date(value) is None


def test_the_run_date_bounds_the_years_believed():
    today = dt.date(2025, 3, 1)
    assert metadata_date("2026-12-31", today) == dt.date(2026, 12, 31)  # next year: still a date
    assert metadata_date("2027-01-01", today) is None  # later: a typo, not a publication date
    assert metadata_date("2027-01-01") == dt.date(2027, 1, 1)  # without the run's date: up to 2100


def test_metadata_time_is_aware():
    assert metadata_time("2024-11-05T09:00:00") == dt.datetime(2024, 11, 5, 9, 0, tzinfo=UTC)  # no zone: UTC
    offset = metadata_time("Tue, 05 Nov 2024 09:00:00 +0200")
    assert offset.utcoffset() == dt.timedelta(hours=2) and offset.hour == 9


PAGE = (
    "<!DOCTYPE html><html><head><title>Pier reopens</title>"
    "<meta property='article:published_time' content='{date}'></head><body><article><h1>Pier reopens</h1>"
    "<p>The harbour authority said on Monday that the ferry service to the northern islands would resume "
    "within a week, after inspectors cleared the damaged pier for light traffic.</p>"
    "<p>Inspectors said the northern pier will reopen to foot passengers on Thursday, and to cars a week "
    "later, weather permitting, according to the authority.</p></article></body></html>"
)


def test_readers_take_the_run_date_from_their_options():
    today = dt.date(2024, 12, 1)
    page = PAGE.format(date="2024-11-05").encode()
    assert read_bytes("p.html", page, ReadOptions(today=today))[0].date == dt.date(2024, 11, 5)
    later = PAGE.format(date="2027-01-05").encode()
    assert read_bytes("p.html", later, ReadOptions())[0].date == dt.date(2027, 1, 5)
    assert read_bytes("p.html", later, ReadOptions(today=today))[0].date is None  # nor does htmldate guess it
    front = b"---\ndate: 2031-01-01\n---\n\nThe harbour authority said the pier reopens.\n"
    assert read_bytes("n.md", front, ReadOptions())[0].date == dt.date(2031, 1, 1)
    assert read_bytes("n.md", front, ReadOptions(today=today))[0].date is None


def test_a_feed_entry_dated_by_its_own_zone_and_bounded_by_the_run_date():
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Port</title>"
        "<item><title>Ferry</title><guid>1</guid><pubDate>Tue, 05 Nov 2024 23:30:00 -0500</pubDate>"
        "<description>The ferry service resumes next week.</description></item>"
        "<item><title>Tugs</title><guid>2</guid><pubDate>Tue, 05 Nov 2030 09:00:00 GMT</pubDate>"
        "<description>Two tugs were moved to the southern quay.</description></item></channel></rss>"
    ).encode()
    ferry, tugs = read_bytes("f.rss", feed, ReadOptions(today=dt.date(2024, 11, 6)))
    assert ferry.date == dt.date(2024, 11, 5)
    assert tugs.date is None
    assert read_bytes("f.rss", feed, ReadOptions())[1].date == dt.date(2030, 11, 5)


def test_a_build_gives_its_readers_the_run_date(tmp_path, monkeypatch):
    from briefing.build import analyse
    from briefing.config.settings import Settings

    (tmp_path / "in").mkdir()
    for name, year in (("future.md", 2031), ("next.md", 2025)):
        (tmp_path / "in" / name).write_text(
            f"---\ntitle: Dated {year}\ndate: {year}-01-02\n---\n\nThe council met on {year}-01-02 to vote on the harbour budget.\n",
            encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 11, 5, tzinfo=dt.timezone.utc).timestamp())))
    brief = analyse(Settings(paths=(str(tmp_path / "in"),), out=tmp_path / "out"))
    dates = {s.title: s.date for s in brief.sources}
    # a date after next year is a typo in 2024, not a publication date; next year's is believed
    assert dates["Dated 2025"] == dt.date(2025, 1, 2)
    assert dates["Dated 2031"] != dt.date(2031, 1, 2)
