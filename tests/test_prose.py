"""`briefing summarize`: plain prose of at most N words, most important first, cited or not."""

import re

from conftest import SEEDS, run_cli


def test_summary_respects_the_word_limit_and_cites():
    for words in (25, 60, 250):
        result = run_cli("summarize", str(SEEDS), "--words", str(words))
        assert result.returncode == 0, result.stderr
        text = re.sub(r"\[\d+(?: p\.\d+ )?¶\d+\]", "", result.stdout)
        assert 0 < len(text.split()) <= words
    assert re.search(r"\[\d+¶\d+\]", result.stdout)


def test_summary_without_citations_starts_with_the_bottom_line(seeds_brief):
    result = run_cli("summarize", str(SEEDS), "--words", "250", "--no-citations")
    assert result.returncode == 0, result.stderr
    assert "¶" not in result.stdout
    bottom = next(s for s in seeds_brief["sections"] if s["key"] == "bottom_line")
    first_line = result.stdout.splitlines()[0]
    assert bottom["items"][0]["text"] in first_line


def test_summary_of_a_missing_folder_fails_cleanly(tmp_path):
    result = run_cli("summarize", str(tmp_path / "nothing"))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "nothing" in result.stderr


def test_words_left_after_a_long_statement_go_to_a_shorter_one_below_it():
    import datetime as dt

    from briefing.model import Brief, Citation, Item, Section, SectionKey
    from briefing.render.prose import prose

    cite = (Citation(1, 1),)
    long = "The harbour authority said the pier " + "and the old quay " * 10 + "will reopen in spring."
    items = (Item("The council approved the harbour budget.", cite), Item(long, cite),
             Item("Ferries resume on Monday.", cite))
    brief = Brief(title="Harbour", as_of=dt.date(2024, 11, 5), sources=(),
                  sections=(Section(SectionKey.KEY_DEVELOPMENTS, "Key developments", items),))
    text = prose(brief, 20, citations=False)
    assert text.splitlines() == ["The council approved the harbour budget.", "Ferries resume on Monday."]
    # the first statement alone too long: it is cut, and says so
    assert prose(brief, 4, citations=False) == "The council approved …\n"


def test_a_quotation_keeps_the_label_that_says_who_speaks_in_every_section():
    import datetime as dt

    from briefing.model import Brief, Citation, Item, Section, SectionKey
    from briefing.render.prose import prose

    cite = (Citation(1, 1),)
    quote = Item('"I then used a wheelchair to film it," he said.', cite, label="Richard Dunn")
    post = Item("My daughter has been treated so unfairly.", cite, label="Donald J. Trump (@realDonaldTrump)")
    plain = Item("The airport reopened on Monday.", cite)
    brief = Brief(title="Video", as_of=dt.date(2024, 11, 5), sources=(),
                  sections=(Section(SectionKey.BOTTOM_LINE, "Bottom line", (quote,)),
                            Section(SectionKey.KEY_DEVELOPMENTS, "Key developments", (post, plain))))
    assert prose(brief, 250, citations=False).splitlines() == [
        'Richard Dunn: "I then used a wheelchair to film it," he said.',
        "Donald J. Trump (@realDonaldTrump): My daughter has been treated so unfairly.",
        "The airport reopened on Monday."]
