"""Text that is safe where it lands: a header, a title, a file name, a log line, a terminal.

Three treatments of the same unsafe characters: control characters (C0, C1, DEL), line and
paragraph separators, invisible format characters (bidirectional embeddings, overrides, isolates
and marks, zero-width spaces, the byte-order mark, invisible operators, tag characters) and lone
surrogates (undecodable bytes of a file name).

- ``clean`` removes them, for values that become metadata: the brief's title, a source's title
  or issuer, a mail header. Line breaks and other spacing become one space, so a value is always
  one line.
- ``printable`` escapes them visibly (``\\n``, ``\\x1b``, ``\\u202e``), for names in messages and
  logs: a file name with a newline cannot forge a log line, one with ``ESC]0;...BEL`` cannot
  drive the terminal, and the user still sees which file is meant.
- ``json_safe`` escapes them in JSON text as ``\\uXXXX`` (``json.dumps`` with ``ensure_ascii=False``
  leaves DEL, C1 controls such as CSI and the invisible characters raw), for JSON printed to a
  terminal: a parser reads the same data back.

Zero-width joiners and non-joiners stay: scripts such as Persian and emoji sequences need them.
"""

from __future__ import annotations

import unicodedata

# format characters that carry meaning in ordinary text
_KEPT_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner
_SPACING = {"\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028", "\u2029"}


def unsafe(ch: str) -> bool:
    """Return True for a character that must not reach a header, metadata, a log or a terminal."""
    if ch in _KEPT_FORMAT:
        return False
    category = unicodedata.category(ch)
    return category in ("Cc", "Cf", "Cs", "Zl", "Zp")


def clean(text: str) -> str:
    """Remove unsafe characters (spacing ones become a space) and collapse spaces: one clean line."""
    if text.isprintable() and " " * 2 not in text and text == text.strip():
        return text  # the common case costs one scan
    kept = "".join(" " if ch in _SPACING else "" if unsafe(ch) else ch for ch in text)
    return " ".join(kept.split())


def printable(text: str) -> str:
    """Escape unsafe characters visibly (``\\n``, ``\\x1b``, ``\\u202e``, ``\\udcff``); keep the rest."""
    if text.isprintable():
        return text
    return "".join(_escape(ch) if unsafe(ch) else ch for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch)
    if named:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def json_safe(dumped: str) -> str:
    """Escape unsafe characters in JSON text as ``\\uXXXX``; the text parses to the same data."""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped  # json.dumps escaped every C0 control already
    return "".join(_json_escape(ch) if ch != "\n" and unsafe(ch) else ch for ch in dumped)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON spells a character beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
