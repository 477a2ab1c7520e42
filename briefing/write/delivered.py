"""What was mailed from an output folder: the digest of the brief last sent, so that a brief is
mailed once, and a brief whose sending failed is sent by the next ``build --send``.

The record is ``.briefing-sent.json`` in the output folder, written atomically after the server
accepted the message. A missing, corrupt or foreign record means "not sent yet".
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from briefing.write.atomic import write_file
from briefing.write.cache import file_hash

SENT_NAME = ".briefing-sent.json"
MAILED = ("brief.json", "brief.md", "brief.pdf")  # what a message is made of: its title and date, text, attachment
_MAX_SIZE = 64 * 1024  # a larger record is not one this tool wrote


def brief_digest(out: Path) -> str:
    """A digest of the brief in ``out`` as it would be mailed ("" when there is no brief.json)."""
    hashes = [(name, file_hash(out / name)) for name in MAILED]
    if not hashes[0][1]:
        return ""
    h = hashlib.sha256()
    for name, digest in hashes:
        h.update(f"{name}\0{digest}\n".encode())
    return h.hexdigest()


def last_sent(out: Path) -> str:
    """The digest of the brief last mailed from ``out``; "" when none was (or the record is unreadable)."""
    try:
        with open(out / SENT_NAME, "rb") as fh:
            data = json.loads(fh.read(_MAX_SIZE + 1))
        return str(data["brief"]) if isinstance(data, dict) else ""
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return ""


def record_sent(out: Path, digest: str) -> None:
    """Remember that the brief with ``digest`` was mailed; raise OSError when it cannot be written."""
    write_file(out / SENT_NAME, (json.dumps({"brief": digest}) + "\n").encode("ascii"))
