"""The read stage's shape: imports go one way, and importing it loads no engine."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

PACKAGE = ROOT / "briefing"
LATER_STAGES = ("briefing.analyse", "briefing.synthesise", "briefing.render", "briefing.write", "briefing.deliver",
                "briefing.build", "briefing.config", "briefing.cli")
SHARED = ("briefing.write.atomic",)  # the one atomic writer: the fetch cache writes through it too


def _module(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(prefixes: tuple[str, ...]) -> dict[str, set[str]]:
    """Every briefing import of the modules under ``prefixes``, inside functions too."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module(path)
        if not name.startswith(prefixes):
            continue
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefing"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("briefing"))
        graph[name] = found
    return graph


def test_read_and_text_import_in_one_direction():
    graph = _imports(("briefing.read", "briefing.text"))
    edges = {m: {t for t in targets if t in graph and t != m} for m, targets in graph.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(t == goal or (t not in seen and not seen.add(t) and reaches(t, goal, seen)) for t in edges[start])

    cycles = sorted(m for m in edges if reaches(m, m, set()))
    assert not cycles, f"import cycle through {cycles}"


def test_read_and_text_use_no_later_stage():
    for module, targets in _imports(("briefing.read", "briefing.text")).items():
        later = sorted(t for t in targets if t.startswith(LATER_STAGES) and not t.startswith(SHARED))
        assert not later, f"{module} imports {later}"
    for module, targets in _imports(("briefing.text",)).items():
        assert not any(t.startswith("briefing.read") for t in targets), f"{module} imports a reader"


def test_importing_the_readers_loads_no_engine():
    code = ("import sys, briefing.read, briefing.read.collect; "
            "print(' '.join(m for m in ('lxml', 'trafilatura', 'pypdf', 'feedparser', 'defusedxml', 'yaml', 'ssl', "
            "'charset_normalizer') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert loaded.split() == []
