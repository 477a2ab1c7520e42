"""The scoring weights of the analysis and the synthesis, named, in one place, each with its reason.

Salience (analyse/summary.py) says how headline-worthy one sentence is; the claim score
(synthesise/claims.py) adds what the other sources share; readability (synthesise/claims.py)
chooses which wording of a claim the page shows. Changing a number here changes the brief: the
golden files and bench/quality.py say by how much.
"""

# --- salience of one sentence ---------------------------------------------------------------------
NUMBER = 0.6  # a number usually reports a fact: a count, a sum, a share
DATED = 0.3  # an absolute date places the fact in time
PER_ACTOR = 0.25  # each named actor (at most MAX_ACTORS) says who is involved
MAX_ACTORS = 4  # beyond four names a sentence is a list, not more news
STANCE = 0.5  # a stance verb (condemned, pledged, urged) marks a position or decision
REFERENCE = 0.4  # a law or resolution cited makes the claim checkable
BOILERPLATE = -1.5  # greetings, thanks, share prompts: never news
LIST_COMMAS = 5  # this many commas make a sentence a list ...
LIST = -0.8  # ... which reads poorly as a headline
SHORT_WORDS = 8  # under this many words a sentence is a fragment or a heading ...
SHORT = -1.0
LONG_WORDS = 60  # over this many words it will not fit a line of the page ...
LONG = -0.5
QUESTION = -0.8  # a question states nothing

# --- a source's own key points (SourceSummary.key_points) -------------------------------------------
KEY_POINTS = 8  # key points kept per source
KEY_CENTRALITY = 0.6  # words the source repeats are its topic
KEY_POSITION_DECAY = 0.35  # news puts the lead first: position weight 1 / (1 + i * decay)

# --- a claim across sources ------------------------------------------------------------------------
CLAIM_MIN_WORDS = 6  # shorter sentences are headings, captions and fragments
SHARED = 2.0  # words other sources share make a sentence central to the story
SHARED_CAP = 3  # a word counts for at most this many other sources
SHARED_SMOOTHING = 5  # added to the number of terms, so short sentences do not win on one word
LEAD = 0.4  # news puts the lead first: position weight LEAD / (1 + LEAD_DECAY * (order - 1)), a cue weaker than
#            salience and what sources share (Lead is bench/quality.py's weakest baseline); 1.2 until 29 Nov
LEAD_DECAY = 0.3
RECENCY = 0.5  # the newest sources tell the latest state ...
RECENCY_DAYS = 14  # ... fading to nothing for sources this many days older than the newest
PRIMARY = 0.3  # the issuer's own words
PER_ORIGIN = 0.8  # each further independent source that states a claim

# --- which wording of a claim the page shows ---------------------------------------------------------
NEWEST_WORDING = 0.6  # the latest wording: a meeting "held", not "will be held"
STALE_FUTURE = -0.6  # a future tense in an older source may be overtaken by events
LEADING_PRONOUN = -2.5  # "They said ..." cannot be read alone
FIRST_PERSON = -0.4  # "We condemn ..." needs a label to say who "we" are
LONG_WORDING = 45  # words beyond this cost 1/LONG_WORDING_RATE each
LONG_WORDING_RATE = 15
PRIMARY_WORDING = 0.8  # the issuer's own words, where a group has them

# --- grouping and redundancy --------------------------------------------------------------------------
SIMILAR = 0.5  # overlap of weighted terms for two sentences to state the same claim
REDUNDANT = 0.45  # overlap above which a sentence adds nothing to one already chosen
ACTOR_TERM = 0.5  # names of actors weigh half: sharing a list of countries is not sharing a claim
BUCKET_CAP = 50  # sentences sharing a pair of rare terms, beyond which the pair is no evidence
RARE_TERMS = 4  # each sentence is filed under the pairs of its rarest terms

# --- figures, the timeline and the page -------------------------------------------------------------------
CONFLICT_SCORE = 10.0  # conflicts rank above key figures in their own section ...
FIGURE_SCORE = 5.0  # ... each following item 0.1 lower, so the first found stays first
SAME_CONTEXT_TERMS = 2  # two figures count the same thing if their clauses share this many terms ...
SAME_CONTEXT_SHARE = 0.34  # ... and this share of the shorter clause
TIMELINE_MIN_SALIENCE = 0.5  # a dated sentence below this salience is background, not an event
BOTTOM_LINE_WORDS = 48  # longer statements do not fit a bottom-line bullet
