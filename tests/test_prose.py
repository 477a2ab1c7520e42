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
