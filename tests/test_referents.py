"""Who "he", "she", "they" and "his" are: resolved only when the source says so with confidence,
never to someone the words rule out (a woman's given name for "he", an organisation's name for
"they", the speaker of a quotation for the "he" inside it). Small hand-made documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.build import analyse
from briefing.config.settings import Settings
from briefing.text.names import gender_of_name


def _statements(tmp_path: Path, text: str) -> dict[str, object]:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "story.txt").write_text(text, encoding="utf-8")
    brief = analyse(Settings(paths=(str(folder),)))
    return {f.text: f.statement for s in brief.summaries for f in s.sentences}


def _one(statements: dict, start: str):
    return next(st for text, st in statements.items() if text.startswith(start))


def test_every_reporting_verb_after_a_quote_needs_its_pronoun_resolved(tmp_path):
    st = _statements(tmp_path, (
        "Speech\n\n"
        "The crowd cheered as the ceremony on the boulevard came to an end on Monday afternoon.\n\n"
        '"Last but not least, I want to thank me for believing in me," he began.\n'
    ))
    began = _one(st, '"Last but not least')
    assert not began.standalone or "[" in began.text, began  # never a bare "he began"


def test_given_names_say_he_or_she_and_ambiguous_ones_say_nothing():
    assert gender_of_name("Walter Grady Roberts") == "he"
    assert gender_of_name("Mrs. Julia Roberts") == "she"
    assert gender_of_name("Morgan Freeman") is None  # a name given to both
    assert gender_of_name("Snoop Dogg") is None
    assert gender_of_name("Kim Jong Un") is None and gender_of_name("Chris Evert") is None
    assert gender_of_name("Hanford police Detective Richard Pontecorvo") == "he"  # the given name after a role
    assert gender_of_name("Georgia Lee") is None  # (a surname is never read as a given name: "Lee")


def test_a_title_without_headlines_names_the_people_not_the_places(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    for i, place in enumerate(("Georgia", "the United Kingdom")):
        (folder / f"doc{i}.txt").write_text(
            f"Julia Roberts was in {place} when her half-sister Nancy Motes was found dead on Sunday at home.\n\n"
            f"Julia Roberts and Nancy Motes had not spoken for years, friends of the family in {place} said.\n",
            encoding="utf-8")
    brief = analyse(Settings(paths=(str(folder),)))
    assert "Julia Roberts" in brief.title and "Georgia" not in brief.title, brief.title


def test_an_embed_prompt_is_neither_a_title_nor_a_statement(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "page.txt").write_text(
        "Please enable Javascript to watch this video\n\n"
        "Rapper Snoop Dogg was honoured with his own star on the Hollywood Walk of Fame on Monday.\n\n"
        "After, the star was unveiled, the 2,651st on the famed walk, according to the chamber.\n",
        encoding="utf-8")
    brief = analyse(Settings(paths=(str(folder),)))
    assert "Javascript" not in brief.sources[0].title
    texts = [f.statement.text for s in brief.summaries for f in s.sentences]
    assert not any("Javascript" in t for t in texts)
    assert any(t.startswith("The star was unveiled, the 2,651st") for t in texts), texts  # "After," leans back


def test_a_person_described_by_role_is_named_only_when_the_source_said_exactly_who(tmp_path):
    st = _statements(tmp_path, (
        "Race\n\n"
        "Texas Sen. Ted Cruz won two states on Tuesday, and Egyptian billionaire Naguib Sawiris offered to buy an island.\n\n"
        "The Egyptian billionaire had announced that he wanted to house refugees on a Greek island for the winter.\n\n"
        "The Florida senator said he had tried to run an upbeat campaign but that it did not resonate with voters.\n"
    ))
    assert _one(st, "The Egyptian billionaire").text.startswith("[Naguib Sawiris] had announced")
    florida = _one(st, "The Florida senator")
    assert not florida.standalone and "[Ted Cruz]" not in florida.text, florida


def test_an_item_pointing_at_media_not_on_the_page_or_a_reader_prompt_is_furniture(tmp_path):
    st = _statements(tmp_path, (
        "Tweets\n\n"
        "Buffalo Bills receiver Stevie Johnson joked about North Korea's nuclear threats on Wednesday night.\n\n"
        "After taking a lot of criticism, Johnson later backed off with this tweet.\n\n"
        "The NFL goes 24/7/365, so don't miss a thing on the league's own channel this season.\n\n"
        "Yeah, Johnson's joke about the stadium was in bad taste, several fans wrote to the club.\n"
    ))
    alone = [x.text for x in st.values() if x.standalone]
    assert not any("this tweet" in t or "miss a thing" in t for t in alone), alone
    assert _one(st, "Yeah,").text.startswith("Johnson's joke about the stadium")


def test_a_name_after_the_is_no_person_and_the_company_is_not_another_company(tmp_path):
    st = _statements(tmp_path, (
        "Investor\n\n"
        "Anthony Scaramucci has a stake in the New York Mets, the filing shows.\n\n"
        "He also is an investor in a chain of juice shops in the Northeast, according to the filing.\n\n"
        "Yahoo sold its core business on Monday, a year after Chinese e-commerce company Alibaba listed in New York.\n\n"
        "The company failed to keep pace with the changing tech landscape as Google came to dominate search.\n"
    ))
    assert _one(st, "He also is").text.startswith("[Anthony Scaramucci] also is")
    company = _one(st, "The company failed")
    assert "[Chinese e-commerce company]" not in company.text and not company.standalone, company


def test_a_pronoun_in_a_quotation_with_two_people_in_view_is_not_guessed(tmp_path):
    st = _statements(tmp_path, (
        "Interview\n\n"
        "Radio host Larry Jones shouted at anchor Peter Morgan during Monday's interview about gun laws.\n\n"
        "White House spokesman Josh Earnest declined to comment on the exchange when asked about it.\n\n"
        '"He is clearly a smart guy under the craziness," Morgan told a magazine.\n'
    ))
    quote = _one(st, '"He is clearly')
    assert not quote.standalone and "[" not in quote.text, quote


def test_a_verb_ending_in_ly_is_no_adverb_and_a_repeated_name_is_cut():
    from briefing.analyse.referents import _clean
    from briefing.text.grammar import VERB_NEXT as _VERB_NEXT

    text = "The tools innocence projects rely on are designed to solve crimes."
    assert not _VERB_NEXT.match(text, len("The tools innocence projects"))  # "rely" is the clause's verb
    assert _VERB_NEXT.match("The ministers quickly agreed.", len("The ministers"))
    assert _clean("Senate Democratic Leader Charles Schumer Charles") == "Senate Democratic Leader Charles Schumer"
    assert _clean("Ariana Grande Ariana Grande") == "Ariana Grande"


def test_a_subject_pronoun_after_a_fronted_clause_is_resolved_or_the_sentence_stays_out(tmp_path):
    st = _statements(tmp_path, (
        "Payout\n\n"
        "Marissa Mayer, Yahoo's chief executive, has faced a barrage of criticism over her tenure.\n\n"
        "According to Equilar, a compensation data and research firm, she will make $57 million if she is let go.\n\n"
        "The board met twice this week to discuss the sale of the company's core business to Verizon.\n\n"
        "According to a person close to the board, he wanted the sale closed before the end of the quarter.\n"
    ))
    assert _one(st, "According to Equilar").text.startswith(
        "According to Equilar, a compensation data and research firm, [Marissa Mayer] will make")
    he = _one(st, "According to a person")
    assert not he.standalone, he  # no "he" in view: never left bare on the page


def test_a_quotation_after_an_introduction_ending_on_a_colon_is_its_speakers(tmp_path):
    st = _statements(tmp_path, (
        "Crying babies\n\n"
        "Professor Dieter Wolke led the study of crying babies in six countries.\n\n"
        "Professor Wolke comments on what the research will lead to:\n\n"
        "“Babies are already very different in how much they cry in the first weeks of life.”\n"
    ))
    quote = _one(st, "“Babies are already")
    assert quote.standalone and quote.speaker and "Wolke" in quote.speaker, quote


def test_a_sentence_opening_on_by_then_is_no_byline(tmp_path):
    st = _statements(tmp_path, (
        "Years later\n\n"
        "Kristine Bunch left school at 17 and moved to Indiana with her first child.\n\n"
        "By then, she was 22 and unexpectedly pregnant with a second child.\n"
    ))
    by_then = _one(st, "By then")  # it was dropped as a byline, paragraph and all
    assert "byline" not in (by_then.why_not or ""), by_then


def test_a_box_heading_glued_to_the_headline_is_not_part_of_the_title(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "cnn.txt").write_text(
        "Story highlights Lindsey Graham will host a fundraiser on Monday for Ted Cruz\n\n"
        "Sen. Lindsey Graham will host a fundraiser on Monday in support of Sen. Ted Cruz's campaign.\n",
        encoding="utf-8")
    brief = analyse(Settings(paths=(str(folder),)))
    assert brief.sources[0].title.startswith("Lindsey Graham will host"), brief.sources[0].title


# (what it shows, the paragraphs after the title, the sentence, how it reads alone, citations, names it must not give)
RESOLVED = [
    ("a possessive gets its owner, cited where named", ["Rapper Snoop Dogg received a star on the Hollywood Walk of "
     "Fame on Monday morning.", "His star is the 2,651st on the famed walk, according to the chamber of commerce."],
     "His star", "[Rapper Snoop Dogg’s] star is the 2,651st", 2, ()),
    ("a quotation's pronoun, never its speaker", ["Radio host Larry Jones shouted at the anchor during Monday's interview "
     "about gun laws.", "Anchor Peter Morgan said the interview had been the strangest of his career.",
     '"He was the best advertisement for gun control you could wish for," Morgan told a magazine.'],
     '"He was the best', '"He [Larry Jones] was the best', None, ("[Peter Morgan]", "[Anchor Peter Morgan]")),
    ("after a fronted clause the subject is the name before the verb", ["After thanking his parents and his manager "
     "Shante Moore, Snoop Dogg walked off the stage.", "Later, he thanked the crowd in front of the theatre for coming "
     "out on a cold Monday morning."], "Later, he", "Later, [Snoop Dogg] thanked the crowd", None, ()),
    ("a title standing for a name gets the one name the source gave it", ["President Joseph R. Biden, Jr. spoke today "
     "with Prime Minister Benjamin Netanyahu of Israel.", "The President and the Prime Minister discussed at length the "
     "ongoing efforts to secure the release of hostages."], "The President and the Prime Minister",
     "The President [Joseph R. Biden, Jr.] and the Prime Minister [Benjamin Netanyahu] discussed", 2, ()),
    ("'the couple' is the two people named together, the verb agreeing as before", ["Singer Ariana Grande and comedian "
     "Pete Davidson are calling off their engagement, a source said.", "The couple met on a television show and became "
     "engaged weeks later."], "The couple", "The couple [Ariana Grande and Pete Davidson] met on", 2, ()),
    ("a quotation in single marks after one whose speaker is named is the same speaker's", ["Nancy Motes spoke to a "
     "magazine last year about her weight.", "'It makes me feel incredibly hurt and very sad,' Motes said. 'When you are "
     "in a family of exceptionally beautiful people it is intimidating.'"], "'When you are", "'When you are", None, ()),
    ("after an introductory phrase 'the <noun>' gets its referent too", ["The foreign ministers of the G7 countries met in "
     "Rome on Monday.", "According to a statement issued after the meeting, the ministers voiced concern about the "
     "fighting."], "According to a statement", "According to a statement issued after the meeting, [the foreign "
     "ministers of the G7 countries] voiced", 2, ()),
    ("a person described as the story's subject is the one person in view", ["Is Stevie Johnson a secret agent doing "
     "work in the United States for North Korea?", "The always-outspoken Buffalo Bills wide receiver ruffled a few "
     "feathers on Wednesday night."], "The always-outspoken", "[Stevie Johnson] ruffled", 2, ()),
    ("a possessive subject keeps its 's", ["New York state now has more coronavirus cases than any single country.",
     "The state's confirmed caseload of Covid-19 is nearly 162,000, of whom 7,844 have died."], "The state's",
     "[New York state’s] confirmed caseload", 2, ()),
    ("a thing named by a name keeps its article and the name's prefix", ["U.S. forces at the al-Tanf base train the "
     "opposition fighters.", "The base is located inside a 55-kilometer zone on the Baghdad-Damascus highway."],
     "The base", "[The al-Tanf base] is located", 2, ()),
    ("... and gets its owner when the source said who", ["Senator Bernie Sanders spoke to voters in Columbia on Monday "
     "about his health plan.", "According to a new CBS News poll, his support among the state's black voters fell to "
     "35%."], "According to a new", "According to a new CBS News poll, [Senator Bernie Sanders’s] support", 2, ()),
    ("a phrase coordinated with another name keeps both", ["Greece is fighting to convince skeptical European Union "
     "and International Monetary Fund lenders that it has changed.", "The lenders have so far appeared far from "
     "convinced, officials in Athens said."], "The lenders", "[European Union and International Monetary Fund lenders] "
     "have so far", 2, ()),
    ("... and as the subject of what a name said", ["Singer Ariana Grande and comedian Pete Davidson are calling off "
     "their engagement.", "Grande said the couple had decided to part as friends."], "Grande said",
     "Grande said the couple [Ariana Grande and Pete Davidson] had decided", 2, ()),
    ("the speaker after a quotation's own comma is who the next 'he' means", ["Prince Harry spoke to Oprah Winfrey "
     "on Sunday.", "Winfrey asked him about a report in the press.", "\"Yeah, basically,\" Harry said. Asked where that report came from, he said it came from "
     "within the institution."], "Asked where", "Asked where that report came from, [Prince Harry] said", 2, ()),
    ("a sentence opening on a pronoun keeps the one after its clause as written", ["Prince Harry spoke to a "
     "television host on Sunday.", "He said that every day he came home from work, he would find his wife crying."],
     "He said that", "[Prince Harry] said that every day he came home from work, he would find", 2, ()),
    ("who spoke in a sentence that stays out is still who the next 'he' means", ["Police in Hanford arrested a woman "
     "last spring, Detective Richard Pontecorvo told reporters.", "During that time, a mother was looking for her "
     "daughter, Pontecorvo said.", "\"We were able to get the girls back home,\" he said."], "\"We were able",
     "\"We were able to get the girls back home,\" [Detective Richard Pontecorvo] said", 2, ()),
    ("a name ending on a country's alias is a person's, the subject 'he' means", ["Historian Melvin Patrick Ely "
     "said last names were often chosen freely.", "Booker T. Washington, one of the most famous men of the period, had "
     "two of those.", "He was a boy when Emancipation freed him from a Virginia plantation."], "He was a boy",
     "[Booker T. Washington] was a boy", 2, ("Ely",)),
    ("a group named after a verb is the group, not the clause ('a tip led Forest Hill police officers')", ["On "
     "Saturday, a tip led Forest Hill police officers to the hotel room of Michael Webb.", "Shortly before their "
     "arrival, Webb admitted to threatening the girl."], "Shortly before", "Shortly before [Forest Hill police’s] "
     "arrival", 2, ("[led",)),
    ("a title opening the sentence gets its one name too", ["President Joseph R. Biden, Jr. spoke today with Amir Sheikh "
     "Tamim Bin Hamad Al-Thani of Qatar.", "The President affirmed his vision for a future Palestinian state where "
     "Israelis and Palestinians live side by side."], "The President",
     "The President [Joseph R. Biden, Jr.] affirmed his vision", 2, ()),
]


@pytest.mark.parametrize("paragraphs,start,reads,cites,never", [case[1:] for case in RESOLVED],
                         ids=[case[0] for case in RESOLVED])
def test_a_reference_is_resolved_in_brackets_from_the_sources_own_words(tmp_path, paragraphs, start, reads, cites, never):
    st = _one(_statements(tmp_path, "Story\n\n" + "\n\n".join(paragraphs) + "\n"), start)
    assert st.standalone and st.text.startswith(reads), st
    assert cites is None or len(st.citations) == cites  # the sentence's paragraph and the one naming the referent
    assert not any(name in st.text for name in never), st


# (what it shows, the document's paragraphs after its title, the sentence, whether it may open an item)
LEANS_BACK = [
    ("'she' is never a man by his given name", ["Walter Grady Roberts, her father, left the family home in Georgia in the 1970s.",
     "She resorted to a gastric bypass operation last year, the family said."], "She resorted", False),
    ("'they' is a group, never an organisation's name", ["The University of Washington filmed fruit flies escaping a "
     "looming shadow in its laboratory.", "They can turn away within less than one hundredth of a second after seeing a "
     "threat."], "They can turn", False),
    ("relatives share a surname: a bare one is nobody's", ["Nancy Motes grew up in Georgia with her mother, Betty Lou Motes, "
     "and three older siblings.", "After school, Motes worked as a waitress while auditioning for roles in Hollywood.",
     "She could not afford to continue and returned to Georgia after two years."], "She could not", False),
    ("'it' after a fronted clause", ["Emirates chief executive Tim Clark spoke to reporters at the air show in Dubai.",
     "In addition to its order of 30 Boeing jets, it announced an order of 50 Airbus jets on Monday."],
     "In addition to its order", False),
    ("the empty 'it' stays", ["Emirates chief executive Tim Clark spoke to reporters at the air show in Dubai.",
     "In 2019, it was reported that the airline's profits had fallen for the third year running."],
     "In 2019, it was reported", True),
    ("a pronoun opening a subordinate clause", ["The chamber of commerce unveiled two new stars on the boulevard on Monday.",
     "Since he seems to be the Susan Lucci of the Grammys, the Walk of Fame is a big deal."], "Since he seems", False),
    ("... unless the main clause names him", ["The chamber of commerce unveiled two new stars on the boulevard on Monday.",
     "When he arrived, John Smith sat down at the head of the table in the theatre."], "When he arrived", True),
    ("an indefinite phrase says not which", ["A high court heard the case of the hacker on Monday morning.",
     "The court heard evidence from psychiatrists who work in the US prison system."], "The court heard", False),
    ("... not when the main clause's subject is someone else", ["The coach spoke to reporters about the quarterbacks on "
     "Tuesday.", "If he doesn't play, either Jacob Clark or Cole Kramer would start on Saturday."], "If he doesn't", False),
    ("a contracted pronoun leans back as the pronoun does", ["The coach spoke to reporters about the game on Tuesday.",
     "They’re both true freshmen that the coach would prefer to keep at the four-game limit."], "They’re both", False),
    ("a possessive after an introductory phrase", ["Voters in the state were asked about the candidates in February.",
     "According to a new CBS News poll, his support among the state's black voters fell to 35%."], "According to a new",
     False),
    ("a contracted pronoun opening a subordinate clause", ["Voters in the state were asked about the candidates in "
     "February.", "Whether she's organizing volunteers at her home or on a bus, her voice is a trusted one."],
     "Whether she's", False),
    ("a woman named before 'he' is not who 'he' is", ["The interview was broadcast on Sunday night in the US.",
     "When Mary Winfrey asked if he could share the questions, he declined to answer."], "When Mary Winfrey", False),
    ("a possessive in an opening phrase that the subject does not take", ["Friends and volunteers searched the city for "
     "the missing girl on Sunday.", "Shortly before their arrival, Webb admitted to threatening the girl."],
     "Shortly before their", False),
    ("... or one before a colon", ["Fans filled the arena in Washington for the show on Tuesday night.",
     'On his platform: "If I run for president and win, country music is illegal."'], "On his platform", False),
    ("... and one the subject takes", ["The minister arrived in Paris on Sunday for the talks.",
     "In his speech, Prime Minister John Smith said the talks would go on."], "In his speech", True),
    ("... or that a surname takes", ["Conan O'Brien replaced Jay Leno as host of the show in 2009.",
     "When his ratings dipped, O'Brien was asked to move the show's time slot later."], "When his ratings", True),
    ("'official' before a noun is no person", ["The department store dropped the line of apparel last week.",
     "Then Wednesday morning, according to the White House’s official schedule, he received his daily briefing."],
     "Then Wednesday morning", False),
    ("a person described by age alone", ["Passengers ran for the exits when the shots were fired at the airport.",
     "The 23-year-old said a security agent told her to get down."], "The 23-year-old", False),
    ("the rest of a sentence cut after an exclamation mark", ["Eva and José shared the news with HOLA!",
     'USA, adding, "We are so grateful for this beautiful blessing."'], "USA, adding", False),
    ("a place and what it is, with no main verb", ["The receiver spoke about North Korea on Wednesday night.",
     "Foxboro, Massachusetts, home of the New England Patriots and a location where the Bills haven't won since 2000."],
     "Foxboro, Massachusetts", False),
    ("'the <noun>' before a verb in the present", ["The survey will map the water under the park for four weeks.",
     "The device acts like an X-ray to show where the hot water flows."], "The device acts", False),
    ("a topic and a quotation with no one said to say it", ["The show began late on Tuesday night in Washington.",
     'On presidential leadership: "I would inspire people to start making things again."'], "On presidential", False),
    ("... but with its speaker named it stands", ["The show began late on Tuesday night in Washington.",
     'On leadership, Sheen said: "I would inspire people to start making things again."'], "On leadership", True),
    ("a first person with no speaker", ["The show began late on Tuesday night in Washington.",
     "Me, too, but here is the straightest scoop deliverable."], "Me, too", False),
    ("'if not' leans on the sentence before", ["Two orbiters will relay the first signal from the rover within minutes.",
     "If not, the waiting time for a final answer could range from two to eight hours."], "If not", False),
    ("'one group' says not which", ["One group of now mostly senior organizers, known as The Reckoning Crew, endorsed "
     "Kamala Harris.", "The group's founder, Bernice Scott, is a force in South Carolina politics."], "The group's", False),
    ("a clause is no name for 'the video'", ["Police released dramatic video of the rescue of the girl on Tuesday "
     "morning.", "The video shows the tense moments when armed officers rammed the door."], "The video shows", False),
    ("'the budget' says which only with its owner", ["The network announced changes to its late-night line-up on Friday.",
     "The budget now will be closer to $1.7 million, in the range of the show's previous run."], "The budget now", False),
    ("'the couple' too", ["The network announced changes to its late-night line-up on Friday.",
     "The couple’s split comes after a difficult few weeks for the singer."], "The couple’s split", False),
    ("... and two pairs named together say no couple", ["Ariana Grande and Pete Davidson met Eva Longoria and José "
     "Bastón at the party on Friday.", "The couple left before midnight, a guest said."], "The couple left", False),
    ("... never someone else's role", ["Police arrested John Doe outside the stadium on Sunday night.",
     "The officer said the arrest had been peaceful."], "The officer said", False),
    ("a long description is read up to its role noun", ["Patriots fans did not take kindly to the remarks on Thursday.",
     "The always-outspoken Buffalo Bills wide receiver ruffled a few feathers in New England on Wednesday night."],
     "The always-outspoken", False),
    ("a crowd chanting is a speaker named", ["Several hundred refugees waited at the border gate into Hungary.",
     '"Open the gate, open the gate," chants a group of several dozen migrants and refugees.'], '"Open the gate', True),
    ("a bare 'the <noun>' after an introductory phrase", ["Alan Thicke left most of his estate to his widow, court papers "
     "show.", "According to documents obtained by the site, the boys say their father left her a quarter of it."],
     "According to documents", False),
    ("a pronoun after an introductory phrase without its comma", ["The estate was valued at $14 million last year.",
     "In the documents they say she threatened to sue the family."], "In the documents", False),
    ("'they' after a sentence naming two groups", ["Researchers in the US recruited university students who were regular "
     "drinkers.", "On different nights they were given bourbon and cola or a placebo."], "On different nights", False),
    ("a sentence that trails off", ["The minister spoke to reporters outside the parliament in Rome on Monday.",
     "Minister Paolo Rossi said he could not prove what he was about to say ..."], "Minister Paolo Rossi said", False),
    ("a bare 'the <noun>' after an opening phrase closed by dots", ["Alan Thicke's sons went to court in Los Angeles "
     "on Tuesday.", "According to docs ... the boys say their dad left Tanya 25 percent of his personal effects."],
     "According to docs", False),
    ("a bare 'the <noun>' as the subject of what a name said", ["Prince Harry gave an interview to a television host "
     "in California.", "Harry said the pair have spoken to the monarch several times since their move to the US."],
     "Harry said", False),
    ("a contracted pronoun after a short opening phrase", ["The Obama campaign pulled its ads from two states.",
     "On Ohio, they’ve been spinning for months now that it’s out of reach."], "On Ohio", False),
    ("'he' is not someone whose gender is unknown while a man is in view", ["Prince Harry and his wife spoke to "
     "Oprah Winfrey on Sunday.", "Winfrey asked Harry whether they left the royal family for lack of help.",
     "\"Lack of support and lack of understanding\" was the simplest reason they left, he said."], "\"Lack of", False),
    ("a demonstrative subject after a short opening phrase", ["Mayer said in a blog post that she planned to stay.",
     "For some, this indicates that the onetime Google executive might depart after the deal."], "For some", False),
    ("a surname two people share, as the speaker of the sentence before", ["Ted Kennedy and Patrick Kennedy spoke at "
     "the funeral on Monday.", "Funerals were always hard for everyone in Boston, Kennedy said.", "His life's work became helping "
     "others recover from addiction."], "His life", False),
    ("an opening phrase on news told before", ["An explosion hit a hospital in Gaza on Tuesday night.", "Immediately "
     "upon hearing this news, President Joe Biden spoke with King Abdullah II of Jordan."], "Immediately upon", False),
    ("an entry of a list under a name, with no verb", ["Police arrested six people on Monday during a narcotics "
     "investigation.", "Jonathan P. Blair: Possession of methamphetamine, visiting a common nuisance."], "Jonathan P.",
     False),
    ("... but a speaker's words after the name are a statement", ["President Xi met President Biden in California.",
     "President Xi: We need to work with all countries to bring more hope to world peace."], "President Xi: We", True),
    ("'they' after a sentence naming two groups, the second after its verb", ["To find out the effect of these "
     "substances on hangovers, researchers in the US recruited university students who were regular drinkers.", "On "
     "different nights they were given either bourbon and cola or a placebo."], "On different nights", False),
    ("a remark on what came before", ["KTVU read out four fake names of the pilots on air on Friday.", "Sounds like "
     "someone's summer internship at the agency is over."], "Sounds like", False),
    ("the answer to a question before", ["Was anything on stage worth the ticket?", "No, except for the five seconds "
     "after Sheen seemed to imply that the President was born abroad."], "No, except", False),
    ("a quotation that trails off in spaced dots", ["Shermain Miles was released from prison in Lincoln on Monday.",
     "Shermain Miles told reporters on the train: \"If they can find it in their hearts to forgive me . . .\""],
     "Shermain Miles told", False),
    ("a connective is no part of a group's name", ["While some voters made up their minds early, most waited for the "
     "debates in October.", "In that race, the voters made their decision on the economy."], "In that race", False),
    ("a fronted phrase that points back at what it answers", ["Delhi's groundwater fell every year in the 2000s.",
     "To combat this, the Punjab government in 2009 enacted the Preservation of Subsoil Water Act."], "To combat this",
     False),
    ("... or at the condition it sets, which cannot go without changing what was said", ["Misfolded proteins stop cells "
     "making the proteins they need.", "Without these proteins to protect them, brain cells die off."], "Without these",
     False),
    ("... or at a time said before", ["In 2012, China produced about 12 million tons of electronic waste.", "In that "
     "year, the West produced 23.5 million tonnes of waste and all others 25.4 million."], "In that year", False),
    ("a long opening phrase with a demonstrative deep inside is not one that points back", ["Police used tear gas at "
     "the border on Wednesday.", "In one of the worst bursts of violence that this tense refugee summer has seen, "
     "Hungarian riot police responded on Wednesday to rock-throwing migrants."], "In one of the worst", True),
    ("a fronted phrase about a time the reader shares leans on nothing", ["The council met on Monday.", "After this "
     "year's election, Labour holds a majority of twelve seats on Leeds City Council."], "After this year", True),
    ("a fronted clause opening on 'that' as a conjunction leans on nothing", ["The council met on Monday.", "Given that "
     "prices rose, the central bank of Chile raised its rate to 5 percent."], "Given that prices", True),
]


@pytest.mark.parametrize("paragraphs,start,alone", [case[1:] for case in LEANS_BACK], ids=[case[0] for case in LEANS_BACK])
def test_a_sentence_that_leans_back_opens_an_item_only_when_it_reads_alone(tmp_path, paragraphs, start, alone):
    st = _one(_statements(tmp_path, "Story\n\n" + "\n\n".join(paragraphs) + "\n"), start)
    assert st.standalone == alone, st
    assert alone or not re.search(r"\[[A-Z]", st.text), st  # nobody named in brackets for what stays out


def test_an_editors_update_note_is_furniture_and_a_sentence_about_an_update_is_not():
    from briefing.text.furniture import furniture_cause

    assert furniture_cause("May 16, 6:00 p.m. Updated with a statement from Tanya Callau Thicke's attorney.")
    assert furniture_cause("This story has been updated to include comment from the mayor.")
    assert furniture_cause("Police updated with new details on Monday the number of injured people.") is None
    assert furniture_cause("The ministers updated the plan with new figures on Tuesday.") is None


def test_a_speakers_false_start_is_left_out_and_nothing_else(tmp_path):
    st = _statements(tmp_path, "Remarks\n\nThe envoy has spoken with President Sisi of Egypt and Prime Minister "
                     "Netanya- — Netanyahu of Israel to help secure this deal. More than 40 million power work- — "
                     "powerline workers have come from around the country.\n")
    assert _one(st, "The envoy has spoken").text.endswith("and Prime Minister Netanyahu of Israel to help secure this deal.")
    assert "More than 40 million powerline workers have come" in _one(st, "More than 40").text  # begun again from "power"
    (tmp_path / "more").mkdir()
    st = _statements(tmp_path / "more", "Remarks\n\nThe President said there is little substitute for — to face-to-face "
                     "talks with leaders. It was a blow to — the team and its fans. I’m — I cannot prove what I’m about "
                     "to say to the press.\n")
    assert "little substitute to face-to-face talks" in _one(st, "The President said").text
    assert "a blow to — the team" in _one(st, "It was a blow").text  # a pause before an article: nothing begun again
    assert _one(st, "I’m —").text.startswith("I cannot prove")


def test_a_pronoun_before_the_name_it_stands_for_is_left_as_written(tmp_path):
    st = _one(_statements(tmp_path, "Story\n\nSylvia Segura has attended the parish church for years.\n\nWhen she heard "
                          "the bishop's letter, Segura said she expected a statement of solidarity.\n"), "When she heard")
    assert st.standalone and st.text.startswith("When she heard"), st  # "Segura" is the name "Sylvia Segura" was given


def test_a_speaker_named_at_a_sentences_end_is_named_without_its_full_stop(tmp_path):
    st = _one(_statements(tmp_path, "Story\n\nThe man spoke outside his mother's home on Thursday.\n\n\"I did not do it,\" "
                          "said Swonger. \"How can they be like that?\"\n"), '"How can they')
    assert st.speaker == "Swonger", st


def test_a_speaker_named_after_a_role_in_lower_case_speaks_the_rest_of_the_paragraph(tmp_path):
    st = _one(_statements(tmp_path, "Story\n\nThe compound stopped brain cells dying in mice, a study found.\n\n"
                          "“It is a real step forward,” team leader Professor Giovanna Mallucci told a newspaper. “We can "
                          "go forward and develop better molecules for people.”\n"), "“We can go")
    assert st.standalone and st.speaker == "Professor Giovanna Mallucci", st


def test_a_paragraph_opening_on_a_quoted_title_is_the_writers_not_the_last_persons(tmp_path):
    text = ("Story\n\nRapper Snoop Dogg made mixtapes with his cousins in Long Beach as a teenager.\n\n"
            "\"Doggystyle,'' released on Nov. 23, 1993, debuted at No. 1 on the Billboard 200 and sold more than "
            "11 million copies.\n\nSnoop Dogg thanked his fans at the ceremony on Monday.\n\n"
            "\"I want to thank me for believing in me and for all this hard work over the years.\"\n")
    st = _statements(tmp_path, text)
    assert _one(st, '"Doggystyle').speaker is None
    assert _one(st, '"I want to thank').speaker == "Snoop Dogg"  # a paragraph that is all quotation is his
