"""Recognising an HTML page by its first bytes, whatever the file is named."""

from __future__ import annotations

import re

_LEAD = re.compile(r"\A(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.S)
_HEAD_BODY = re.compile(r"(?:^|>)[ \t]*<(?:head|body)(?:\s[^<>]*)?>", re.I | re.M)


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes start an HTML document or clearly hold its <head> or <body>."""
    text = _head_text(head)
    start = text[_LEAD.match(text).end():][:64].lower()
    if start.startswith(("<!doctype html", "<html")):
        return True
    return _HEAD_BODY.search(text) is not None


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("latin-1")
