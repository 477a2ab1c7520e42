"""The libraries each reader loads, and what to install when one of them is missing.

A reader whose library cannot be imported (a plain ``pip install`` that left out an extra, a
system library the wheel needs) would otherwise fail on every source of its kind with a generic
cause. ``require`` loads a reader's libraries once before its first read and names the package to
install; ``missing_cause`` says the same of an ImportError or a library that cannot be loaded,
wherever it is raised; ``check`` tries every reader (the install check of .ci/run).
"""

from __future__ import annotations

import importlib
import re

from briefing.errors import SourceError

# The modules each reader imports on its first read, by reader name (Reader.name).
ENGINES = {
    "pdf": ("pypdf",),
    "feed": ("feedparser", "defusedxml"),
    # justext, which trafilatura uses, imports lxml.html.clean: since lxml 5.2 a package of its own
    "html": ("lxml.etree", "lxml.html", "lxml_html_clean", "lxml.html.clean", "trafilatura", "charset_normalizer"),
    "markdown": ("yaml", "charset_normalizer"),
    "text": ("charset_normalizer",),
}
# The package that provides a module, where its name on PyPI differs or the module is a part.
PACKAGES = {
    "lxml.html.clean": "lxml_html_clean", "charset_normalizer": "charset-normalizer", "yaml": "pyyaml",
    "cffi": "cffi", "PIL": "pillow", "fontTools": "fonttools",
}
# System libraries that wheels load at run time (WeasyPrint through cffi), with their Debian package.
SYSTEM_LIBRARIES = {
    "libpango-1.0-0": "libpango-1.0-0", "libpangoft2-1.0-0": "libpangoft2-1.0-0",
    "libgobject-2.0-0": "libglib2.0-0", "libharfbuzz-0": "libharfbuzz0b", "libfontconfig-1": "libfontconfig1",
}
_LIBRARY = re.compile(r"cannot load library '([^']+)'")
_ready: set[str] = set()


def require(reader: str, origin: str) -> None:
    """Load the libraries ``reader`` needs, or raise this source's SourceError naming what to install."""
    if reader in _ready:
        return
    for module in ENGINES.get(reader, ()):
        try:
            importlib.import_module(module)
        except (ImportError, OSError) as exc:
            cause = missing_cause(exc, module)
            if cause is None:
                raise
            raise SourceError(origin, f"the {reader} reader {cause}") from exc
    _ready.add(reader)


def missing_cause(exc: BaseException, module: str | None = None) -> str | None:
    """What is missing and how to install it, for an ImportError or an unloadable library; else None."""
    if isinstance(exc, ImportError):
        package = package_of(_missing_module(exc, module))
        told = re.search(rf"\binstall\b.*{re.escape(package)}", str(exc), re.I | re.S)  # lxml's "Install ... lxml_html_clean"
        if isinstance(exc, ModuleNotFoundError) or told:
            return f"needs the Python package {package}, which is not installed: pip install {package}"
        detail = " ".join(str(exc).split())[:120]
        return f"cannot load the Python package {package} ({detail}): pip install --force-reinstall {package}"
    if isinstance(exc, OSError):
        m = _LIBRARY.search(str(exc))
        if m:
            library = m.group(1)
            debian = SYSTEM_LIBRARIES.get(library, library)
            return f"needs the system library {library}, which is not installed (Debian: apt-get install {debian})"
    return None


def _missing_module(exc: ImportError, module: str | None) -> str:
    text = str(exc)
    for known in sorted(PACKAGES, key=len, reverse=True):  # lxml.html.clean's message names its package
        if PACKAGES[known] in text:
            return known
    return exc.name or module or (text.split("'")[1] if text.count("'") >= 2 else text)


def package_of(module: str) -> str:
    """The package to install for ``module`` (its top-level name unless PACKAGES says otherwise)."""
    return PACKAGES.get(module) or PACKAGES.get(module.split(".")[0]) or module.split(".")[0]


def check() -> list[str]:
    """Load every reader's libraries; one line for each reader that cannot run here."""
    problems = []
    for reader in ENGINES:
        try:
            require(reader, reader)
        except SourceError as exc:
            problems.append(exc.cause)
    return problems
