"""Pages of several stories (newsletters, live pages): the sibling containers of the article that
trafilatura's single-body choice left out."""

from __future__ import annotations

import re

from briefing.model import Block
from briefing.text.markup import norm, word_key

_SKIP_ANCESTORS = ("nav", "aside", "footer", "header", "form", "menu")
_NOT_BODY = re.compile(r"comment|related|sidebar|promo|teaser|recommend|newsletter-signup|footer|share|social", re.I)
_PROSE_TAGS = ("p", "li", "h2", "h3", "h4", "blockquote")
_NOT_PROSE = ("figure", "figcaption", "aside", "nav", "form", "button", "script", "style", "noscript")

Stories = list[list[Block]]


def sibling_stories(tree, blocks: list[Block]) -> tuple[Stories, Stories]:  # noqa: ANN001
    """Stories in containers of the same kind as the article's own, before and after it.

    The article's container is the deepest element holding the paragraphs trafilatura returned;
    another element with the same tag and class that holds at least three real paragraphs (and
    little link text) is another story of the same page, e.g. the next item of a newsletter.
    """
    container = _article_container(tree, blocks)
    if container is None:
        return [], []
    keys = {word_key(b.text) for b in blocks}
    cls = container.get("class")
    ancestors = set(container.iterancestors())
    before: Stories = []
    after: Stories = []
    seen_container = False
    for el in tree.iter(container.tag):
        if el is container:
            seen_container = True
            continue
        if el.get("class") != cls or el in ancestors or not _is_body(el):
            continue
        story = _story(el, keys)
        if story:
            (after if seen_container else before).append(story)
    return before, after


def _article_container(tree, blocks: list[Block]):  # noqa: ANN001, ANN202
    """The deepest classed div, section or article holding the article's long paragraphs, or None."""
    long_keys = {word_key(b.text) for b in blocks if not b.heading and len(b.text) >= 60}
    if len(long_keys) < 3:
        return None
    matched = [el for el in tree.iter("p", "li") if word_key(el.text_content()) in long_keys]
    if len(matched) < 3:
        return None
    chains = [[el, *el.iterancestors()][::-1] for el in matched]
    container = None
    for level in zip(*chains):
        if all(x is level[0] for x in level):
            container = level[0]
        else:
            break
    if container is None or container.tag not in ("div", "section", "article") or not container.get("class"):
        return None
    return container


def _is_body(el) -> bool:  # noqa: ANN001
    """Not inside navigation, comments or promotions, and not mostly links."""
    if any(a.tag in _SKIP_ANCESTORS or _NOT_BODY.search(f"{a.get('class', '')} {a.get('id', '')}")
           for a in el.iterancestors()):
        return False
    return _link_density(el) <= 0.3


def _story(el, keys: set[str]) -> list[Block]:  # noqa: ANN001
    """The blocks of a sibling container, when it is a story trafilatura does not have already."""
    story = []
    for p in _prose_elements(el):
        text = norm(p.text_content())
        if text:
            story.append(Block(text, heading=p.tag in ("h2", "h3", "h4")))
    if sum(word_key(b.text) in keys for b in story) * 2 >= len(story):
        return []  # trafilatura has it already (an article body split around an advert)
    story = [b for b in story if word_key(b.text) not in keys]
    prose = [b for b in story if not b.heading and len(b.text) >= 40]
    return story if len(prose) >= 3 and sum(len(b.text) for b in prose) >= 300 else []


def _prose_elements(container) -> list:  # noqa: ANN001
    """Paragraph-like elements under ``container`` in document order, innermost only."""
    out = []
    for el in container.iter(*_PROSE_TAGS):
        if el.tag in ("li", "blockquote") and any(d is not el for d in el.iter("p", "li")):
            continue  # its own paragraphs or items come on their own
        if el.tag == "p" and any(d is not el for d in el.iter("p")):
            continue  # (an unclosed <p> swallowed the next ones)
        ancestors = []
        for a in el.iterancestors():
            if a is container:
                break
            ancestors.append(a.tag)
        if any(t in _NOT_PROSE for t in ancestors):
            continue
        out.append(el)
    return out


def _link_density(el) -> float:  # noqa: ANN001
    text = len(el.text_content())
    return sum(len(a.text_content()) for a in el.iter("a")) / text if text else 1.0
