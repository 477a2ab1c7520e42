"""The two alternatives of the mail: the page as HTML (no annex; citations link to the originals
where a source has a URL) and as plain text (plain [2¶3] markers, the sources with their URLs).

Both are rendered again from brief.json (its one reader, ``load_brief``) through the templates, so
they hold the page's items. The HTML part carries no font and loads nothing: a mail client would
not fetch it, and a page of ~30 KB reads at once.
"""

from __future__ import annotations

from pathlib import Path

from briefing.config.settings import Branding
from briefing.deliver.latest import LatestBrief
from briefing.errors import DeliveryError
from briefing.render.brief_json import load_brief
from briefing.render.inline import self_contained
from briefing.render.templates import environment, render_html, render_text


def message_parts(brief: LatestBrief, template_dir: Path | None = None) -> tuple[str, str]:
    """The text and HTML of the message."""
    try:
        data = (brief.folder / "brief.json").read_bytes()
    except OSError as exc:
        raise DeliveryError(f"{brief.folder}: cannot read the brief: {exc.strerror or exc}") from None
    model = load_brief(data)
    if model is None:
        raise DeliveryError(f"{brief.folder / 'brief.json'}: not a readable brief")
    env = environment(template_dir, Branding(marking=brief.marking, organisation=brief.organisation))
    html = self_contained(render_html(model, env, annex=False, mail=True), [])  # no folder: every url() emptied
    return render_text(model, env), html
