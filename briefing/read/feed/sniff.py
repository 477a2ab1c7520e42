"""Recognising an RSS, Atom or RSS 1.0 (RDF) feed by its first bytes, whatever the file is named."""

from __future__ import annotations

import re

ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")

# What may come before the root element: whitespace, the XML declaration, processing
# instructions, comments, and a DOCTYPE (with an internal subset).
_PROLOG_ITEM = re.compile(
    r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\s+(?P<doctype>[\w:.-]+)[^\[>]*(?:\[.*?\]\s*)?>",
    re.S | re.I,
)
_ROOT = re.compile(r"<(?P<name>(?:[\w.-]+:)?[\w.-]+)(?=[\s/>])")


def sniff_feed(head: bytes) -> bool:
    """True when the first bytes open an RSS, Atom or RSS 1.0 (RDF) document."""
    text = _head_text(head)
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if not m or m.end() == pos:
            break
        if m.group("doctype") and m.group("doctype").lower() in ("rss", "feed", "rdf:rdf"):
            return True  # the DOCTYPE names the root: enough, even if its subset runs past the head
        pos = m.end()
    if text.startswith("<!DOCTYPE", pos) or text.startswith("<!doctype", pos):
        m = re.match(r"<!DOCTYPE\s+([\w:.-]+)", text[pos:], re.I)  # a subset too long for the head
        return bool(m) and m.group(1).lower() in ("rss", "feed", "rdf:rdf")
    m = _ROOT.match(text, pos)
    if not m:
        return False
    name = m.group("name")
    if name.lower() == "rss":
        return True
    if name == "feed" or name.endswith(":feed"):
        return any(ns in text[pos:] for ns in ATOM_NAMESPACES)
    if name == "rdf:RDF":
        return "purl.org/rss/1.0" in text[pos:] or "<channel" in text[pos:]
    return False


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").lstrip("\ufeff")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="ignore")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("utf-8", errors="replace")
