"""text/safe.py: values cleaned for headers and metadata, names escaped for logs and terminals."""

from __future__ import annotations

import json

import pytest

from briefing.text.safe import clean, json_safe, printable, unsafe

HOSTILE = [
    "\u202eevil\u202c.txt",  # right-to-left override
    "a\u200bb\ufeffc",  # zero-width space, byte-order mark
    "\u2066isolate\u2069 \u2067x\u2068",  # bidirectional isolates
    "NUL\x00ESC\x1b]0;title\x07BEL",  # a terminal title sequence
    "line\rfeed\nvt\x0bff\x0cnel\x85ls\u2028ps\u2029",  # every kind of line break
    "C1\x9bcsi\x7fdel",
    "tag\U000e0041chars\u2061",  # tag character, invisible operator
    "lone\udcffsurrogate",  # an undecodable byte of a file name
]


@pytest.mark.parametrize("text", HOSTILE)
def test_clean_leaves_one_line_of_visible_text(text):
    out = clean(text)
    assert out.isprintable(), repr(out)
    assert out == out.strip() and "  " not in out
    out.encode("utf-8")  # no lone surrogate left


def test_clean_keeps_ordinary_text_and_joiners():
    assert clean("Cyclone Amara: morning brief") == "Cyclone Amara: morning brief"
    assert clean("  Réouverture\n du  port ") == "Réouverture du port"
    assert clean("می\u200cخواهم") == "می\u200cخواهم"  # the Persian non-joiner is spelling
    assert clean("line\r\nbreak\u2028here") == "line break here"
    assert clean("\u202eevil\u202c.txt") == "evil.txt"
    assert clean("NUL\x00ESC\x1b]0;t\x07") == "NULESC]0;t"


@pytest.mark.parametrize("text", HOSTILE)
def test_printable_escapes_visibly(text):
    out = printable(text)
    assert out.isprintable(), repr(out)
    out.encode("ascii", "backslashreplace").decode("ascii")


def test_printable_shows_what_was_there():
    assert printable("a\nb") == "a\\nb"
    assert printable("\x1b]0;x\x07") == "\\x1b]0;x\\x07"
    assert printable("\u202eevil") == "\\u202eevil"
    assert printable("bad\udcffname") == "bad\\udcffname"
    assert printable("plain name.txt") == "plain name.txt"
    assert printable("Réouverture du port") == "Réouverture du port"


@pytest.mark.parametrize("text", HOSTILE)
def test_json_safe_escapes_and_reads_back_the_same(text):
    dumped = json.dumps({"origin": text}, ensure_ascii=False, indent=2)
    out = json_safe(dumped)
    assert not [c for c in out if c != "\n" and unsafe(c)], repr(out)
    assert json.loads(out) == {"origin": text}


def test_json_safe_keeps_ordinary_json():
    dumped = json.dumps({"title": "Réouverture du port", "fa": "می\u200cخواهم"}, ensure_ascii=False, indent=2)
    assert json_safe(dumped) == dumped
    assert json_safe('"a\x7fb"') == '"a\\u007fb"'  # json.dumps leaves DEL raw
