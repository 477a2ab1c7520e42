"""What a published folder shows: ``index.html`` (every edition, newest first) and ``feed.atom``
(the editions as an Atom feed, so a reader can subscribe). Links are relative: the folder can be
served from anywhere, or opened from disk."""

from __future__ import annotations

from briefing.render.templates import environment, render_template

TYPES = {"pdf": "application/pdf", "md": "text/markdown", "html": "text/html", "json": "application/json",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
NAMES = {"pdf": "PDF", "html": "Web page", "docx": "Word", "md": "Markdown", "json": "JSON"}


def index(editions: list) -> str:
    """index.html: date, title, bottom line and links of each edition, newest first."""
    return render_template(environment(), "index.html.j2", editions=editions, names=NAMES)


def feed(editions: list, feed_id: str) -> bytes:
    """feed.atom: one entry per edition, newest first, dated by its as-of date (and time)."""
    from feedgen.feed import FeedGenerator  # loaded only to publish

    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title("Situation briefs")
    fg.link(href="feed.atom", rel="self", type="application/atom+xml")
    fg.link(href="index.html", rel="alternate", type="text/html")
    fg.updated(editions[0].updated)
    fg.generator("briefing")
    for edition in reversed(editions):  # feedgen puts the last added first
        entry = fg.add_entry()
        entry.id(f"{feed_id}:{edition.stem}")
        entry.title(f"{edition.title} — {edition.as_of.isoformat()}")
        entry.updated(edition.updated)
        entry.published(edition.updated)
        if edition.bottom_line:
            entry.summary(edition.bottom_line)
        main = "html" if "html" in edition.formats else edition.formats[0]
        entry.link(href=f"{edition.stem}.{main}", rel="alternate", type=TYPES[main])
        for ext in edition.formats:
            if ext != main:
                entry.link(href=f"{edition.stem}.{ext}", rel="related", type=TYPES[ext], title=NAMES[ext])
    return fg.atom_str(pretty=True)
