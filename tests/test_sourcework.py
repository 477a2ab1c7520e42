"""The per-source work through the store: a rebuild reads, settles and summarises only what changed,
and gives the same bytes as a cold build; results are the same on every local engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefing.build import build
from briefing.config.engine import STORE_NAME, EngineSettings, StoreSettings
from briefing.config.settings import Settings
from briefing.engine import open_engine
from briefing.engine.outcome import Failed
from briefing.model import Citation
from briefing.read import ReadOptions
from briefing.read.collect import collect
from briefing.sourcework import cite_as, settle_inputs, settled_key, summarise_sources
from corpus import add_reports, make_corpus

FILES = ("brief.md", "brief.html", "brief.json", "brief.pdf")
NOW = dt.datetime(2025, 3, 12, 6, 0, tzinfo=dt.timezone.utc)


def _build(src: Path, out: Path, **engine):
    settings = Settings(paths=(str(src),), out=out, now=NOW, force=True, keep=0,
                        engine=EngineSettings(**engine))
    report = build(settings)
    return report, {name: (out / name).read_bytes() for name in FILES}


def test_a_rebuild_reads_only_new_sources_and_gives_the_bytes_of_a_cold_build(tmp_path):
    src = make_corpus(tmp_path / "src")
    first, _ = _build(src, tmp_path / "warm")
    assert first.reused == {"read": 0, "analysed": 0}
    shutil.copytree(tmp_path / "warm", tmp_path / "cold")  # the same previous brief, for What changed
    (tmp_path / "cold" / STORE_NAME).unlink()

    add_reports(src, 100, 2)
    warm, warm_files = _build(src, tmp_path / "warm")
    cold, cold_files = _build(src, tmp_path / "cold")
    inputs = len(collect([str(src)]))
    assert warm.reused["read"] == inputs - 2  # all but the two new files (a skip is kept too: same bytes, same cause)
    assert cold.reused == {"read": 0, "analysed": 0}
    assert warm.reused["analysed"] >= 1
    for name in FILES:
        assert warm_files[name] == cold_files[name], f"{name}: the rebuild through the store differs from a cold build"
    assert [s.origin for s in warm.skipped] == [s.origin for s in cold.skipped]


def test_a_rebuild_with_nothing_new_takes_everything_from_the_store(tmp_path):
    src = make_corpus(tmp_path / "src")
    _, first = _build(src, tmp_path / "out")
    again, second = _build(src, tmp_path / "out")
    assert again.reused["read"] == len(collect([str(src)]))
    assert again.reused["analysed"] == again.sources - again.duplicates
    assert first == second


def test_a_rebuild_the_next_day_takes_what_the_store_holds_and_gives_the_bytes_of_a_cold_build(tmp_path):
    src = make_corpus(tmp_path / "src")
    build(Settings(paths=(str(src),), out=tmp_path / "warm", now=NOW, keep=0))
    shutil.copytree(tmp_path / "warm", tmp_path / "cold")
    (tmp_path / "cold" / STORE_NAME).unlink()
    files = {}
    for out in ("warm", "cold"):
        report = build(Settings(paths=(str(src),), out=tmp_path / out, now=NOW + dt.timedelta(days=1), keep=0,
                                      force=True))
        files[out] = ({name: (tmp_path / out / name).read_bytes() for name in FILES}, report.reused["read"])
    assert files["warm"][1] == len(collect([str(src)])) and files["cold"][1] == 0
    assert files["warm"][0] == files["cold"][0]


def test_a_file_s_key_holds_only_the_settings_and_the_part_of_the_date_its_reader_reads():
    text = b"Officials said 12 schools would stay closed on Monday."
    html = b"<!DOCTYPE html><html><head><title>Storm</title></head><body><p>Officials said 12 schools closed.</p></body></html>"
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><item><title>Storm</title>'
            b"<description>Officials said 12 schools closed.</description></item></channel></rss>")

    def key(name: str, data: bytes, **options) -> str | None:
        return settled_key(name, data, ReadOptions(**{"today": dt.date(2025, 3, 12), **options}))

    assert key("a.txt", text) == key("a.txt", text, today=dt.date(2025, 9, 1)) != key("a.txt", text, today=dt.date(2026, 1, 2))
    assert key("a.html", html) != key("a.html", html, today=dt.date(2025, 3, 13))  # htmldate: dates up to the day
    assert key("a.html", text) != key("a.html", text, today=dt.date(2025, 3, 13))  # read as HTML by its name
    since = dt.datetime(2025, 3, 11, tzinfo=dt.timezone.utc)
    assert key("a.txt", text) == key("a.txt", text, since=since, follow_links=True)
    assert key("a.xml", feed) != key("a.xml", feed, since=since)
    assert key("a.xml", feed, follow_links=True) is None  # its linked pages may change while the file does not
    assert key("a.txt", text) != key("b.txt", text) and key("a.txt", text) != key("a.txt", text + b" Later.")


def test_a_corrupt_store_rebuilds_with_the_same_bytes(tmp_path):
    src = make_corpus(tmp_path / "src")
    _, first = _build(src, tmp_path / "out")
    (tmp_path / "out" / STORE_NAME).write_bytes(b"\x00" * 4096)
    report, second = _build(src, tmp_path / "out")
    assert report.reused["read"] == 0 and first == second


def test_a_store_the_manifest_names_is_shared_by_two_briefs(tmp_path):
    src = make_corpus(tmp_path / "src")
    shared = tmp_path / "shared" / "sources.sqlite"
    reports = []
    for out in ("one", "two"):
        settings = Settings(paths=(str(src),), out=tmp_path / out, now=NOW, keep=0, store=StoreSettings(path=shared))
        reports.append(build(settings))
    assert shared.is_file() and not (tmp_path / "one" / STORE_NAME).exists()
    assert reports[0].reused["read"] == 0 and reports[1].reused["read"] == reports[1].sources + 2
    assert (tmp_path / "one" / "brief.json").read_bytes() == (tmp_path / "two" / "brief.json").read_bytes()


def test_no_store_with_max_mb_zero(tmp_path):
    src = make_corpus(tmp_path / "src")
    settings = Settings(paths=(str(src),), out=tmp_path / "out", now=NOW, keep=0, store=StoreSettings(max_mb=0))
    build(settings)
    assert not (tmp_path / "out" / STORE_NAME).exists()


def test_a_warning_from_reading_is_told_again_when_the_source_comes_from_the_store(tmp_path, caplog):
    src = tmp_path / "src"
    src.mkdir()
    (src / "long.txt").write_text("\n\n".join(f"Paragraph {n} says that {n} convoys arrived on Monday." for n in range(1, 9)))
    settings = Settings(paths=(str(src),), out=tmp_path / "out", now=NOW, keep=0, force=True, formats=("json",),
                        read=ReadOptions(max_paragraphs=3))
    for build_number in (1, 2):
        caplog.clear()
        report = build(settings)
        assert report.reused["read"] == build_number - 1
        assert [r.getMessage() for r in caplog.records if "reading only" in r.getMessage()] == [
            f"{src / 'long.txt'}: reading only the first 3 paragraphs (max_paragraphs)"]


@pytest.mark.parametrize("engine", [EngineSettings("local", workers=1), EngineSettings("local", workers=2),
                                    EngineSettings("threads", workers=3)])
def test_every_local_engine_settles_and_summarises_alike(tmp_path, engine):
    src = make_corpus(tmp_path / "src", n=20)
    inputs = collect([str(src)])
    options = ReadOptions()
    with open_engine(EngineSettings("local", workers=1)) as serial, open_engine(engine) as other:
        expected = settle_inputs(inputs, options, serial)
        found = settle_inputs(inputs, options, other)
        assert found == expected
        sources = [s for r in expected for s in r.sources]
        sources = [dataclasses.replace(s, id=i) for i, s in enumerate(sources, 1)]
        assert summarise_sources(sources, other) == summarise_sources(sources, serial)


def test_a_stored_summary_cites_its_source_by_its_new_number(tmp_path):
    src = make_corpus(tmp_path / "src")
    with open_engine(EngineSettings()) as engine:
        settled = settle_inputs(collect([str(src)]), ReadOptions(), engine)
        source = next(s for r in settled for s in r.sources if "report-003" in s.origin)
        (made,) = summarise_sources([source], engine)  # numbered 0
    assert not isinstance(made, Failed)
    moved = cite_as(made, dataclasses.replace(source, id=7))
    found = list(_citations(moved))
    assert found and all(c.source == 7 for c in found)
    assert moved.source.id == 7 and len(found) == len(list(_citations(made)))


def _citations(value):
    """Every Citation anywhere in ``value`` (a deep walk, so that new fields are covered too)."""
    if isinstance(value, Citation):
        yield value
    elif isinstance(value, (tuple, list, frozenset)):
        for v in value:
            yield from _citations(v)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "source":
                yield from _citations(getattr(value, f.name))
