"""The fingerprint of this installation's code: stored results and a cluster's workers are trusted
only when they come from the same code."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from briefing import __version__

PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """Digest the package's version and every one of its Python files (names and bytes, sorted)."""
    h = hashlib.sha256(f"briefing {__version__}\n".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        h.update(f"{rel.as_posix()}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()
