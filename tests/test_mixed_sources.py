"""A real morning's folder: .txt, .md, saved web pages, a two-page PDF and an RSS file, built into
one valid one-page brief."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED, run_cli

pypdf = pytest.importorskip("pypdf")
weasyprint = pytest.importorskip("weasyprint")

REPORT_TXT = """\
Cyclone Amara makes landfall near Beira, forcing thousands from their homes

4 March 2025

Tropical Cyclone Amara made landfall near the port city of Beira early on Tuesday with sustained winds of 185 km/h, the National Institute of Meteorology said.

The storm flattened houses in the Munhava and Praia Nova neighbourhoods and cut power to most of the city, residents told reporters by telephone.

At least 14 people were killed and 62 injured, the National Institute for Disaster Risk Management said in its first assessment, adding that the toll was likely to rise.

The institute said 38,000 people had been moved to 120 accommodation centres in Sofala province before the storm arrived.

Beira airport was closed and flights were not expected to resume before Thursday, according to the airports authority.
"""

STATEMENT_MD = """\
# Statement by the Ministry of Foreign Affairs on Tropical Cyclone Amara

*Maputo, 4 March 2025*

The Government of Mozambique expresses its deep sorrow for the lives lost in Sofala province as a result of Tropical Cyclone Amara.

The Government has activated the red alert and deployed 600 members of the armed forces to support search and rescue operations in Beira and Dondo.

We thank our international partners for their offers of assistance and call on them to support the flash appeal that will be launched with the United Nations this week.

The Ministry urges all residents of coastal districts to follow the instructions of the civil protection authorities.
"""

NAV = """
<header class="site-header">
  <a class="logo" href="/">{site}</a>
  <nav><ul><li><a href="/world">World</a></li><li><a href="/africa">Africa</a></li><li><a href="/business">Business</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/climate">Climate</a></li><li><a href="/video">Video</a></li></ul></nav>
  <form class="search"><input type="search" placeholder="Search"><button>Go</button></form>
</header>
<div class="cookie-banner" id="cookies">We use cookies to improve your experience and to show you personalised advertising.
  By continuing to browse you agree to our cookie policy. <button>Accept all cookies</button> <button>Manage settings</button></div>
<div class="ad ad-leaderboard">Advertisement</div>
"""

AFTER = """
<aside class="related"><h2>Related stories</h2><ul>
  <li><a href="/a1">Five things to know about cyclone season in the Indian Ocean</a></li>
  <li><a href="/a2">Photos: the long road back after Cyclone Idai</a></li>
  <li><a href="/a3">Markets close higher as oil prices ease</a></li></ul></aside>
<section class="comments"><h2>Comments (214)</h2>
  <div class="comment"><b>reader_22</b> Praying for everyone in Beira tonight, stay safe.</div>
  <div class="comment"><b>mz_watch</b> Where is the government? Same story every year and nothing changes.</div></section>
<div class="newsletter">Sign up for our daily briefing newsletter. <input type="email"> <button>Subscribe</button></div>
<footer><p>© 2025 {site}. All rights reserved.</p><ul><li><a href="/terms">Terms of use</a></li>
  <li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact us</a></li></ul></footer>
<script>window.dataLayer = window.dataLayer || []; function track(){{ dataLayer.push(arguments); }} track('pageview');</script>
"""


def page(site: str, url: str, published: str, author: str, headline: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"    <p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{headline} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{headline}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/static/main.css">
<script src="/static/analytics.js"></script>
</head><body>
{NAV.format(site=site)}
<main><article>
  <h1>{headline}</h1>
  <p class="byline">By {author}</p>
  <time datetime="{published}">{published[:10]}</time>
  <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
  <div class="article-body">
{body}
    <div class="ad ad-inline">Advertisement</div>
  </div>
</article></main>
{AFTER.format(site=site)}
</body></html>
"""


COASTAL = page(
    "Coastal Herald", "https://coastalherald.example/news/2025/03/05/amara-aid", "2025-03-05T08:30:00+02:00",
    "Ana Macuácua", "Aid agencies race to reach cut-off districts after Cyclone Amara",
    [
        "Aid agencies struggled on Wednesday to reach districts cut off by floodwater a day after Cyclone Amara "
        "struck the coast of Sofala province, the World Food Programme said.",
        "The road between Beira and Dondo was under water in several places and two bridges on the N6 highway "
        "had been damaged, the National Roads Administration said.",
        "The World Food Programme said it had pre-positioned 1,500 tonnes of food in Beira, but that helicopters "
        "would be needed to reach communities in Búzi district.",
        "The National Institute for Disaster Risk Management raised the death toll to 21, with 74 people injured "
        "and more than 40,000 displaced.",
        "Health officials warned of a risk of cholera in accommodation centres where clean water was scarce.",
    ],
)
WIRE_PAGE = page(
    "Africa Wire Service", "https://africawire.example/world/cyclone-amara-toll", "2025-03-05T15:10:00+00:00",
    "Staff reporter", "Death toll from Cyclone Amara rises as rains continue",
    [
        "The death toll from Tropical Cyclone Amara in Mozambique rose to 21 on Wednesday, the disaster "
        "management institute said, as heavy rains continued over Sofala and Manica provinces.",
        "The United Nations said it would launch a flash appeal for 45 million dollars to cover the first "
        "three months of the response.",
        "\"The scale of the damage in Beira is comparable to what we saw after Idai in 2019,\" said the UN "
        "resident coordinator, who visited the city on Wednesday.",
        "The European Union announced 2 million euros in humanitarian aid and said it was sending experts from "
        "its civil protection mechanism.",
    ],
)

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Relief Updates</title>
    <link>https://relief.example/updates</link>
    <description>Humanitarian updates</description>
    <item>
      <title>Mozambique: Cyclone Amara flash update No. 2</title>
      <link>https://relief.example/updates/amara-2</link>
      <guid isPermaLink="false">relief-amara-2</guid>
      <pubDate>Wed, 05 Mar 2025 18:00:00 +0000</pubDate>
      <content:encoded><![CDATA[
        <p>Humanitarian partners estimate that 180,000 people need assistance in Sofala province after Cyclone Amara.</p>
        <p>More than 12,000 houses were destroyed or damaged and 85 schools lost their roofs, according to preliminary assessments.</p>
        <p>Partners are scaling up water and sanitation services in the 120 accommodation centres to prevent a cholera outbreak.</p>
      ]]></content:encoded>
    </item>
    <item>
      <title>Mozambique: Cyclone Amara flash update No. 1</title>
      <link>https://relief.example/updates/amara-1</link>
      <guid isPermaLink="false">relief-amara-1</guid>
      <pubDate>Tue, 04 Mar 2025 12:00:00 +0000</pubDate>
      <description>&lt;p&gt;Tropical Cyclone Amara made landfall near Beira in the early hours of 4 March with winds of up to 185 km/h.&lt;/p&gt;&lt;p&gt;Power and telecommunications are down across much of Beira, and the airport is closed.&lt;/p&gt;</description>
    </item>
  </channel>
</rss>
"""

SITREP_PAGE_1 = [
    "Tropical Cyclone Amara made landfall near Beira on 4 March 2025 as an intense tropical cyclone, bringing "
    "winds of up to 185 km/h and more than 200 mm of rain in 24 hours to Sofala province.",
    "According to the Government, 21 people have died and 74 have been injured; 40,500 people are staying in "
    "120 accommodation centres in Beira, Dondo and Búzi.",
    "Access to Búzi and parts of Nhamatanda district is possible only by air or by boat, and the humanitarian "
    "air service has scheduled two helicopter rotations a day from 6 March.",
    "The Government has requested international assistance for shelter, food, water and sanitation, and health "
    "services in the affected districts.",
]
SITREP_PAGE_2 = [
    "Humanitarian partners have distributed emergency shelter kits to 3,200 families and water purification "
    "tablets to 15,000 people in accommodation centres.",
    "The Ministry of Health has confirmed 9 suspected cases of cholera in Beira and has deployed rapid response "
    "teams to the affected neighbourhoods.",
    "A flash appeal for 45 million dollars will be launched on 7 March to meet the most urgent needs of 180,000 "
    "people over three months.",
    "Funding remains the main constraint: partners report that stocks of shelter kits will run out within ten "
    "days without new contributions.",
]


def sitrep_pdf() -> bytes:
    """A two-page situation report, as agencies publish them: running header and footer, page numbers."""
    first = "".join(f"<p>{p}</p>" for p in SITREP_PAGE_1)
    second = "".join(f"<p>{p}</p>" for p in SITREP_PAGE_2)
    html = f"""<html><head><meta charset="utf-8"><title>Mozambique: Tropical Cyclone Amara Situation Report No. 1</title>
<style>
@page {{ size: A4; margin: 2.5cm 2.2cm;
  @top-center {{ content: "Mozambique: Tropical Cyclone Amara | Situation Report No. 1"; font-size: 8pt }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt }} }}
body {{ font-size: 11pt; line-height: 1.45 }}
h1 {{ font-size: 16pt }}
p {{ margin: 0 0 0.8em 0 }}
.next {{ break-before: page }}
</style></head><body>
<h1>Mozambique: Tropical Cyclone Amara Situation Report No. 1</h1>
<p>6 March 2025</p>
<h2>Highlights</h2>{first}
<h2 class="next">Response</h2>{second}
</body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


@pytest.fixture(scope="module")
def morning(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("morning")
    (src / "beira-report.txt").write_text(REPORT_TXT, encoding="utf-8")
    (src / "mfa-statement.md").write_text(STATEMENT_MD, encoding="utf-8")
    (src / "Aid agencies race to reach cut-off districts - Coastal Herald.html").write_text(COASTAL, encoding="utf-8")
    (src / "africawire_amara_toll.htm").write_text(WIRE_PAGE, encoding="utf-8")
    pdf = sitrep_pdf()
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 2
    (src / "sitrep-1.pdf").write_bytes(pdf)
    (src / "relief-updates.xml").write_text(FEED, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def built(morning, tmp_path_factory):
    out = tmp_path_factory.mktemp("morning-out")
    result = run_cli("build", str(morning), "--out", str(out))
    return result, out


def test_mixed_folder_builds_fully(built):
    result, out = built
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no skipped source, no library noise
    for name in ("brief.md", "brief.pdf", "brief.html", "brief.json"):
        assert (out / name).stat().st_size > 500, name


def test_every_source_is_read_with_its_kind(built):
    _, out = built
    brief = json.loads((out / "brief.json").read_text())
    sources = brief["sources"]
    assert len(sources) == 7, [s["path"] for s in sources]  # txt, md, 2 pages, pdf, 2 feed entries
    assert sorted(s["format"] for s in sources) == ["feed", "feed", "html", "html", "markdown", "pdf", "text"]
    by_name = {Path(s["path"].split("#")[0]).name: s for s in sources if s["format"] != "feed"}
    assert by_name["mfa-statement.md"]["kind"] == "official statement"
    assert by_name["beira-report.txt"]["kind"] == "news report"
    assert by_name["africawire_amara_toll.htm"]["issuer"] == "Africa Wire Service"
    assert by_name["africawire_amara_toll.htm"]["date"] == "2025-03-05"
    assert by_name["sitrep-1.pdf"]["date"] == "2025-03-06"
    feed = [s for s in sources if s["format"] == "feed"]
    assert {s["issuer"] for s in feed} == {"Relief Updates"}
    assert {s["date"] for s in feed} == {"2025-03-04", "2025-03-05"}
    assert brief["skipped"] == []


def test_web_pages_keep_only_the_article(built):
    _, out = built
    brief = json.loads((out / "brief.json").read_text())
    for s in brief["sources"]:
        if s["format"] != "html":
            continue
        text = " ".join(p["text"] for p in s["paragraphs"])
        for furniture in ("cookie", "Related stories", "Subscribe", "Praying for everyone", "All rights reserved",
                          "Share on", "Advertisement", "dataLayer", "Terms of use"):
            assert furniture not in text, (s["path"], furniture)
        assert len(s["paragraphs"]) in (4, 5)


def test_pdf_paragraphs_keep_their_pages(built):
    _, out = built
    brief = json.loads((out / "brief.json").read_text())
    pdf = next(s for s in brief["sources"] if s["format"] == "pdf")
    pages = {p["text"][:40]: p.get("page") for p in pdf["paragraphs"]}
    assert pages[SITREP_PAGE_1[0][:40]] == 1
    assert pages[SITREP_PAGE_2[1][:40]] == 2
    text = " ".join(p["text"] for p in pdf["paragraphs"])
    assert "Page 1 of 2" not in text and "Situation Report No. 1 Mozambique" not in text


def test_every_citation_resolves(built):
    _, out = built
    brief = json.loads((out / "brief.json").read_text())
    paragraphs = {s["id"]: {p["n"]: p for p in s["paragraphs"]} for s in brief["sources"]}
    items = [item for section in brief["sections"] for item in section["items"]]
    assert len(items) >= 8
    cited_formats = set()
    for item in items:
        assert item["citations"], item
        for c in item["citations"]:
            assert c["paragraph"] in paragraphs[c["source"]], c
            if "page" in c:
                assert paragraphs[c["source"]][c["paragraph"]]["page"] == c["page"]
            cited_formats.add(next(s["format"] for s in brief["sources"] if s["id"] == c["source"]))
    assert len(cited_formats) >= 4, cited_formats  # the brief draws on the mixed sources, not one kind

    html = (out / "brief.html").read_text()
    for item in items:
        for c in item["citations"]:
            assert f'id="s{c["source"]}-p{c["paragraph"]}"' in html


def test_pdf_holds_the_brief_on_page_one_and_the_annex_after(built):
    _, out = built
    brief = json.loads((out / "brief.json").read_text())
    reader = pypdf.PdfReader(str(out / "brief.pdf"))
    assert len(reader.pages) >= 2
    first = " ".join(reader.pages[0].extract_text().split()).lower()  # headings may be set in capitals
    second = " ".join(reader.pages[1].extract_text().split()).lower()
    assert " ".join(brief["title"].split())[:30].lower() in first
    assert "bottom line" in first and "sources" in first
    assert "source paragraphs" not in first
    assert second.startswith("source paragraphs")
    for item in (i for s in brief["sections"] for i in s["items"]):  # every item is on page 1
        assert " ".join(item["text"].split())[:25].lower() in first, item["text"]


def test_mixed_brief_meets_the_contract(built):
    _, out = built
    checker = SHARED / "tools" / "check_brief.py"
    if not checker.exists():
        pytest.skip("../shared/tools/check_brief.py is not beside the checkout")
    result = subprocess.run([sys.executable, str(checker), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
