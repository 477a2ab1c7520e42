"""The built wheel ships the templates, CSS and fonts, and a plain (non-editable) install finds them
from any folder."""

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return next(out.glob("briefing-*.whl"))


def test_wheel_contains_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("brief.html.j2", "brief.md.j2", "brief.css", "fonts/Inter-Regular.otf", "fonts/Inter-Bold.otf",
                 "fonts/LICENSE-Inter.txt", "brief.txt.j2", "index.html.j2", "fonts/Inter-Regular.woff2"):
        assert f"briefing/templates/{name}" in names, name
    assert "briefing/render/brief.schema.json" in names  # `briefing schema` prints it


def test_wheel_contains_every_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "briefing").rglob("*.py")}
    assert modules and modules <= names, sorted(modules - names)


def test_plain_install_builds_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", "import briefing.render.templates as r; print(r.shipped_templates())"],
                            cwd=work, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and str(target) in result.stdout, result.stdout + result.stderr
    result = subprocess.run([sys.executable, "-m", "briefing", "build", str(SEEDS), "--out", "o", "--format", "pdf"],
                            cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (work / "o" / "brief.pdf").stat().st_size > 10_000
