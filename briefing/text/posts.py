"""Social-media posts embedded in an article, as the page prints them: the post, then its signature
("War is nothing to be played with ... — STVN (@StevieJohnson13) April 3, 2013").

The post's words are its author's, like a speaker's in a transcript: the paragraph is spoken by the
author (who becomes the item's label), and the signature and the links to the post's pictures are
not part of what was said. Before, such a block was dropped as an embed, and with it often the very
words a story was about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "— Donald J. Trump (@realDonaldTrump) February 8, 2017", "— Scout LaRue Willis (@Scout_Willis) 2014. Május 27."
_SIGNATURE = re.compile(
    r"\s*(?:[—–]|(?<=\s)-{1,2})\s*(?P<name>[^()\[\]—–@\n]{1,60}?)\s*\(@(?P<handle>\w{1,30})\)\s+"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|\d{4}\.\s+\S{2,12}\s+\d{1,2}\.)\s*$"
)
# the links a post carries to its pictures and pages: no words of the author's
_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\w+|https?://\S+)")


@dataclass(frozen=True)
class Post:
    """An embedded post: what it says, and who posted it when."""

    body: str  # the post's text, its links removed
    author: str  # "Donald J. Trump (@realDonaldTrump)": the name shown, and the account
    date_text: str  # "February 8, 2017", as the signature gives it


def split_post(text: str) -> Post | None:
    """The post in a block that ends on a post's signature, else None."""
    if "(@" not in text:
        return None
    m = _SIGNATURE.search(text)
    if m is None:
        return None
    body = _LINK.sub("", text[: m.start()]).strip()
    name = " ".join(m.group("name").split())
    return Post(body, f"{name} (@{m.group('handle')})", m.group("date"))
