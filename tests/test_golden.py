"""Golden files for the seeds: each source's structured summary and the brief in Markdown.

Regenerate with `python -m pytest tests/test_golden.py --update-golden` and review the diff.
"""

import json

import pytest

from briefing.survey import inspect_source
from conftest import SEEDS, run_cli


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.iterdir()))
def test_seed_summary(name, golden):
    data = inspect_source(str(SEEDS / name))
    data["path"] = f"seeds/{name}"  # independent of where the checkout is
    golden(f"seeds/{name}.summary.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def test_seed_brief_markdown(tmp_path, golden):
    result = run_cli("build", "seeds", "--out", str(tmp_path), "--format", "md")
    assert result.returncode == 0, result.stderr
    golden("seeds/brief.md", (tmp_path / "brief.md").read_text())
