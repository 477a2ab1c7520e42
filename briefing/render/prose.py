"""The brief as plain prose of at most N words, most important first: for an e-mail body, a chat
message or a pager. Built from the same items as the page, in the page's order of importance."""

from __future__ import annotations

from briefing.model import Brief, Item, SectionKey
from briefing.render.templates import marker

K = SectionKey
# Most important first: what the page says at the top comes first here too.
ORDER = (K.BOTTOM_LINE, K.CHANGES, K.KEY_DEVELOPMENTS, K.POSITIONS, K.CONFLICTS, K.FIGURES, K.TIMELINE)


def prose(brief: Brief, words: int, citations: bool = True) -> str:
    """Return at most ``words`` words of the brief's statements, whole sentences where possible."""
    by_key = {s.key: s for s in brief.sections}
    out: list[str] = []
    seen: set[str] = set()
    used = 0
    for key in ORDER:
        section = by_key.get(key)
        if not section:
            continue
        for item in section.items:
            norm = " ".join(item.text.lower().split())
            if any(norm in s or s in norm for s in seen):
                continue  # the timeline repeats what other sections said
            seen.add(norm)
            text = _sentence(item, citations)
            n = len(text.split())
            if used + n > words:
                if not out:  # even the first statement is too long: cut it, and say so
                    out.append(" ".join(text.split()[: max(words - 1, 1)]) + " …")
                    return "\n".join(out) + "\n"
                continue  # a shorter statement further down may still fit in the words left
            out.append(text)
            used += n
    return "\n".join(out) + ("\n" if out else "")


def _sentence(item: Item, citations: bool) -> str:
    """The item as the page prints it: its label first (who speaks, or when), so that a quotation or
    a post read here still says whose it is."""
    text = f"{item.label}: {item.text}" if item.label else item.text
    if citations:
        text += " " + "".join(marker(c) for c in item.citations)
    return text
