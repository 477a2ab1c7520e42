"""brief.json's contract: the shipped JSON Schema, format_version, explicit speaker and date,
conflict ids, and the stream that writes it."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc

import jsonschema
import pytest

from briefing.model import Brief, Citation, Item, Paragraph, Section, SectionKey, Source, SourceSummary
from briefing.render.brief_json import brief_dict, dumps, encode_brief, load_brief, schema_text
from conftest import run_cli


def test_briefing_schema_prints_a_valid_draft_2020_12_schema():
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert result.stdout == schema_text()
    assert schema["properties"]["format_version"] == {"const": 2, "description": schema["properties"]["format_version"]["description"]}


def test_the_seeds_brief_has_a_version_speakers_dates_and_linked_conflict_sides(seeds_brief):
    assert seeds_brief["format_version"] == 2
    sections = {s["key"]: s["items"] for s in seeds_brief["sections"]}
    for item in sections[SectionKey.TIMELINE]:
        assert item["speaker"] is None
        assert dt.date.fromisoformat(item["date"]).strftime("%-d %b %Y") == item["label"]
    sides = sections[SectionKey.CONFLICTS]
    assert len(sides) >= 2 and len({s["conflict"] for s in sides[:2]}) == 1
    for side in sides:
        assert side["label"] == f"{side['speaker']}, {dt.date.fromisoformat(side['date']).strftime('%-d %b %Y')}"
    positions = [i for i in sections[SectionKey.POSITIONS] if i["label"]]
    assert positions and all(i["speaker"] == i["label"] for i in positions)


def test_the_schema_refuses_what_breaks_the_contract(seeds_brief):
    schema = json.loads(schema_text())
    broken = json.loads(json.dumps(seeds_brief))
    broken["sections"][0]["items"][0]["citations"] = []  # an item must cite
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(seeds_brief))
    del broken["sources"][0]["paragraphs"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(seeds_brief))
    broken["as_of"] = "5 November 2024"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def _big_brief(sources: int, paragraphs: int) -> Brief:
    text = ("The delegation met the envoy in Geneva on Monday to discuss the corridor and the convoy. " * 4).strip()
    made = tuple(
        Source(id=i, origin=f"/data/r{i}.txt", format="text", title=f"Report {i}", kind="news report", issuer=None,
               date=dt.date(2024, 11, 5), paragraphs=tuple(Paragraph(n, text, (text,)) for n in range(1, paragraphs + 1)))
        for i in range(1, sources + 1))
    items = (Item("The delegation met the envoy.", (Citation(1, 1),), label="Envoy"),)
    return Brief(title="Big", as_of=dt.date(2024, 11, 5), sources=made,
                 sections=(Section(SectionKey.BOTTOM_LINE, "Bottom line", items),),
                 summaries=tuple(SourceSummary(source=s) for s in made))


def test_brief_json_is_encoded_as_a_stream_with_the_same_bytes_and_less_memory():
    brief = _big_brief(250, 30)  # about 7 MB of JSON
    tracemalloc.start()
    streamed = encode_brief(brief)
    _, stream_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    data = {key: list(value) if isinstance(value, list) else value for key, value in brief_dict(brief).items()}
    whole = dumps(data).encode()  # as before: the whole dict, then the whole string
    _, whole_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert streamed == whole
    # the stream holds the bytes and one source at a time; dumps holds every chunk of the string too
    assert stream_peak < 2.5 * len(streamed) < whole_peak, (stream_peak, len(streamed), whole_peak)


def test_a_version_2_brief_reads_back():
    brief = _big_brief(2, 2)
    again = load_brief(encode_brief(brief))
    assert again is not None and again.sections == brief.sections and again.sources == brief.sources
