"""brief.html on its own: every ``url()`` of its styles becomes a ``data:`` URL, so the page makes
no request when it is opened from a mail attachment, a USB stick or an intranet folder.

A URL is inlined only when it names a file inside the template folders (the same rule as the PDF
engine's fetcher: no ``..`` or symbolic link out of them, no scheme); any other is replaced by an
empty ``data:`` URL, so the page never asks for it. A font is inlined from the ``.woff2`` beside it
when there is one (the same font, a third of the bytes): subsetting the four faces to the page's
characters costs about a second with fontTools, so the whole faces are inlined, about 630 KB.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path
from urllib.parse import unquote

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""")
_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".otf": "font/otf", ".ttf": "font/ttf",
          ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml",
          ".gif": "image/gif", ".css": "text/css"}
EMPTY = 'url("data:,")'
MAX_FILE = 2 * 1024 * 1024  # bytes: as the PDF engine's limit on a data: URL


def self_contained(html: str, roots: list[Path]) -> str:
    """The page with every url() in its <style> elements inlined from the template folders."""
    resolved = tuple(r.resolve() for r in roots)
    return _STYLE.sub(lambda m: m[1] + _URL.sub(lambda u: _inline(u[2], resolved), m[2]) + m[3], html)


def _inline(ref: str, roots: tuple[Path, ...]) -> str:
    if ref.startswith("data:"):
        return f'url("{ref}")'
    path = _local(ref, roots)
    if path is None:
        return EMPTY
    woff2 = path.with_suffix(".woff2")
    if path.suffix.lower() in (".otf", ".ttf") and woff2.is_file():
        path = woff2
    return f'url("{_data_url(path, path.stat().st_mtime_ns)}")'


def _local(ref: str, roots: tuple[Path, ...]) -> Path | None:
    """The file a relative reference names in the first template folder that has it, if any."""
    if not ref or ":" in ref or ref.startswith(("/", "\\", "#")):
        return None
    rel = unquote(ref.split("#", 1)[0].split("?", 1)[0])
    for root in roots:
        path = (root / rel).resolve()
        if path.is_relative_to(root) and path.is_file() and path.stat().st_size <= MAX_FILE:
            return path
    return None


@functools.lru_cache(maxsize=32)
def _data_url(path: Path, _mtime: int) -> str:
    """The file as a data: URL (kept per process: the same fonts go into every page)."""
    kind = _TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
