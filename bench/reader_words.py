"""The vocabulary classes the reader's rules use: closed classes of English words (pronouns,
prepositions, auxiliaries, discourse openers), the words of kinds of page furniture, and the shapes of
dates, tokens and file names. Word lists, not rules; none is drawn from the evaluation documents."""

import re

TOKEN = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]|\d[\d,.:/%-]*\d%?|\d%?|[$£€]")
WORD = re.compile(r"[\w'’]+")
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
FULL_DATE = re.compile(rf"\b{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d\d\b|\b\d{{1,2}} {MONTH},? (?:19|20)\d\d\b")
LABEL_DATE = re.compile(r"(?:^|,\s*)\d{1,2} [A-Z][a-z]{2} \d{4}$")
MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}

SUBJECT_PRONOUNS = {"he", "she", "they", "it"}
THIRD_PERSON = SUBJECT_PRONOUNS | {"his", "her", "their", "its", "him", "them", "hers", "theirs"}
FIRST_PERSON = {"i", "we", "us", "our", "ours", "my", "me", "mine", "i'm", "we're", "i've", "we've", "i'd",
                "we'd", "i'll", "we'll"}
DEMONSTRATIVES = {"this", "that", "these", "those", "such"}
TIME_NOUNS = {"week", "year", "month", "morning", "afternoon", "evening", "weekend", "summer", "spring", "fall",
              "autumn", "winter", "season", "time", "day", "decade", "century", "quarter", "semester", "night"}
OPENERS = ("but", "however", "also", "meanwhile", "and", "so", "still", "instead", "in addition", "yet",
           "moreover", "furthermore", "nevertheless", "nonetheless", "besides", "then", "thus", "therefore",
           "hence", "likewise", "similarly", "otherwise", "indeed", "in fact", "even so", "at the same time",
           "on the other hand", "as a result", "in turn", "after that", "since then", "in that case", "plus",
           "or", "again", "then again", "further", "additionally", "conversely", "rather", "that said")
# openers that are only discourse markers when a comma follows ("So far" and "Still photos" are not)
COMMA_OPENERS = {"so", "still", "then", "in addition", "again", "further", "rather", "plus", "in turn"}
LEANING = {"another", "others", "both", "the latter", "the former", "the other", "the others", "the same",
           "of that", "of those", "of them", "of these", "of this", "many", "some", "most", "several", "few",
           "all", "neither", "either", "each", "here", "there"}
AUX = {"is", "are", "was", "were", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can",
       "could", "shall", "should", "may", "might", "must", "won't", "can't", "don't", "doesn't", "didn't",
       "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "couldn't", "wouldn't",
       "shouldn't", "it's", "he's", "she's", "that's", "there's", "here's", "what's", "who's", "they're",
       "we're", "you're", "i'm", "i've", "we've", "they've", "i'll", "we'll", "they'll", "he'll", "she'll",
       "it'll", "i'd", "we'd", "they'd", "he'd", "she'd", "let's"}
IRREGULAR_PAST = set("""said told made took found gave went came saw met left began became brought thought knew
held kept led lost paid ran rose fell sent spent spoke stood struck won wrote got put cut hit let read fled felt
built bought caught drew fought grew hung hid laid lay meant quit sold shot shut sought sat slept stole stuck swore
taught threw understood woke wore withdrew overtook undertook forgot forgave drove flew froze rode rang sang sank
swam tore bore beat bit blew broke chose dealt dug fed forbade hurt lit mistook overcame shook shone slid split
spread sprang stung strove swept swung thrust upheld wept wound arose awoke""".split())
BASE_VERBS = set("""say says tell want wants believe believes expect expects need needs think thinks know knows
hope hopes fear fears plan plans urge urges call calls agree agrees remain remains continue continues face faces
make makes take takes give gives show shows seem seems appear appears exist exists live lives work works come
comes go goes get gets see sees use uses find finds feel feels become becomes include includes stand stands hold
holds keep keeps lead leads help helps allow allows support supports oppose opposes accuse accuses deny denies
claim claims warn warns condemn condemns reject rejects welcome welcomes demand demands ask asks report reports
estimate estimates suggest suggests argue argues insist insists add adds note notes stress stresses stay stays
run runs cry cry cries account accounts fly flies look looks serve serves intend intends offer offers cost costs
represent represents mean means face lack lacks put puts set sets""".split())
SPEECH = set("""said says say told tells tell added adds stated states wrote writes tweeted posted announced
announces explained explains noted notes insisted insists argued argues asked asks concluded confirmed confirms
denied denies claimed claims claim warned warns urged urges condemned condemns called calls pledged pledges vowed
vows expressed expresses voiced voices stressed stresses asserted asserts indicated indicates welcomed welcomes
criticised criticized criticizes criticises defended defends accused accuses demanded demands rejected rejects
praised praises reiterated reiterates believes believe believed hopes hoped fears feared thinks think thought
suggested suggests estimated estimates reported reports revealed reveals acknowledged acknowledges admitted admits
agreed agrees described describes recalled recalls testified predicted predicts promised promises replied replies
responded responds cautioned cautions emphasized emphasised emphasizes emphasises underscored underscores raised
characterized characterised proposed proposes threatened threatens apologized apologised declined conceded
concedes disputed disputes objected complained complains questioned commented comments explained insist argue
announce announced recommended recommends advised advises called acknowledged maintained maintains contended
contends alleged alleges told urged welcomed stressed affirmed affirms reaffirmed reaffirms saying stating
claiming arguing warning insisting calling urging adding noting telling asking accusing denying demanding
criticising criticizing condemning""".split())
PERSON_NOUNS = set("""man woman men women boy girl teen teenager father mother son daughter wife husband
spokesman spokeswoman spokesperson official officials minister president chief director officer source judge
lawyer attorney detective doctor professor scientist researcher author actor actress singer rapper star host
player coach leader senator governor mayor secretary ambassador envoy priest bishop principal student victim
suspect driver pilot witness resident neighbor neighbour friend brother sister cousin child baby person someone
anyone nobody everyone analyst adviser advisor aide executive founder owner manager chairman chairwoman
commander general captain sheriff agent inspector prosecutor representative candidate voter parent grandmother
grandfather fiance fiancé fiancee girlfriend boyfriend partner colleague official employee worker reporter
editor journalist historian expert economist engineer nurse surgeon soldier""".split())
COLLECTIVES = set("""police government ministry department agency team group family company officials
authorities prosecutors investigators researchers scientists experts leaders ministers diplomats lawmakers
parliament congress senate court board council committee campaign administration military army party
organisation organization union bank firm network station newspaper paper""".split())
FUNCTION = set("""a an the of to in on at by for with from as into about than and or but nor between since
until during after before per via including like such whose which who whom that this these those there here
not no so if when while where because although though whereas unless whether what how why all any each every
some many most more much few several other another both either neither only also even just very too up down out
over under off again further then once""".split()) | THIRD_PERSON | FIRST_PERSON | {"you", "your"}
PREPOSITIONS = {"of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "into", "about", "than",
                "between", "since", "until", "during", "after", "before", "per", "via", "including", "like",
                "over", "under", "through", "against", "among", "toward", "towards", "onto", "upon", "within",
                "without", "across", "behind", "beyond", "near", "amid", "despite"}
# words that never end a sentence: one there means the words after it were cut ("tsunami of.")
DANGLING_END = {"of", "the", "a", "an", "and", "or", "nor", "but", "between", "including", "per", "via", "than",
                "whose", "dated", "its", "their", "his", "my", "our", "your", "during", "until", "among", "amid",
                "despite", "as"}
SUBORDINATORS = {"when", "although", "because", "if", "while", "though", "whereas", "unless", "since", "as",
                 "after", "before", "until", "once", "whether", "which", "who", "where", "that", "whom", "whose"}
EXPLETIVE_IT = re.compile(
    r"^it(?:'s|’s| is| was| has been| had been| will be| would be| remains| seems| seemed| appears| appeared|"
    r" may be| might be| could be)(?: not)?(?: [\w,-]+){0,4}?"
    r" (?:that|to|whether|if|how|why|when|since|for|what)\b|^it (?:remains to be seen|is time|was time)|"
    r"^it (?:has taken|had taken|took|takes|will take)(?: [\w,-]+){1,8}? to\b|"
    r"^it (?:is|was|has been|had been) (?:estimated|believed|thought|expected|reported|feared|understood|known|"
    r"said|likely|unlikely|unclear|possible|clear|hoped|assumed|rumou?red|alleged)\b", re.I)
DOC_KINDS = set("""readout statement remarks transcript release fact sheet briefing update report news document
related gallery photos photo pics pictures video previous note correction date story article summary background
source sources highlights advertisement embed more watch listen details press communique communiqué declaration
letter memo memorandum speech interview transcript excerpt excerpts editor's editors""".split())
SECTION_LABEL = re.compile(
    r"^\W*(?:why it matters|the details|go deeper|the big picture|between the lines|the bottom line|what'?s next|"
    r"what’s next|yes, but|driving the news|by the numbers|the backdrop|flashback|zoom in|zoom out|what they'?re "
    r"saying|the other side|related(?: gallery| stories| articles| coverage)?|read more|see also|also read|more|"
    r"watch|listen|photos?|gallery|video|story highlights|highlights|editor'?s note|correction|sources?|embed|"
    r"advertisement|sponsored|paid content|trending|recommended|most read|top stories|exclusive|original story|"
    r"previously|tl;dr)\s*[:|—–-]", re.I)
CAPTION_WORDS = re.compile(
    r"looks on as|\(ap photo|ap photo/|getty images|\bfile photo|^file\s*[-–—:]|\bpictured\b|\bimage:|image via|"
    r"\bphoto:|\bphoto by\b|photograph:|\(photo|photo credit|\bcredit:|reuters/|/reuters|afp/|/afp|"
    r"\bin this (?:\w+ )?(?:photo|picture|image|handout|file)|this (?:photo|picture|image) (?:shows|was taken)|"
    r"\b(?:is|are) seen\b|\bposes? for\b|\bcaption\b|\((?:left|right|center|centre)\)|, (?:left|right|center|"
    r"centre),|\bfrom left\b|\bsecond (?:from )?(?:left|right)\b|\bh/t\b|"
    r"\bcontributed (?:to this report|reporting)\b|\b(?:reporting|editing|additional reporting) by\b", re.I)
BYLINE = re.compile(r"\bStaff (?:Reporter|Writer|Photographer)\b|\bAssociated Press Writer\b|"
                    r"\bBy [A-Z][a-z]+ [A-Z][a-z]+(?: [A-Z][a-z]+)?\s*(?:[-–—|]|$|Staff)")
EMBED_WORDS = re.compile(
    r"watch (?:it |the video |this )?below|video below|watch the video|\bclick (?:here|image|to|the)\b|sign up|"
    r"\bsubscribe\b|follow us|autoplay|copy this code|^embed\b|\bread more\b|view comments|pic\.twitter\.com|"
    r"https?://|\bwww\.|download the app|\bnewsletters?\b|your browser|enable javascript|\bcookies\b|"
    r"all rights reserved|©|\bcopyright\b|may not be published, broadcast|story continues|continue reading|"
    r"^advertisement|\b1-800-|suicide prevention lifeline|^page \d+ of \d+$|\bshare this\b|"
    r"(?:tweet|add) (?:with )?a location|location (?:information|history)|your tweets", re.I)
ARCHIVE_WORDS = re.compile(
    r"\bcrawl(?:s|ed|er|ing)?\b|internet archive|wayback|archive (?:the )?pages|\barchived pages\b|inter-domain|"
    r"alexa internet|no more 404|the seed for|\burls\b|heritrix|\bcaptures? of\b", re.I)
TWEET_END = re.compile(rf"[—–]\s*(?:[A-Z@][\w.'’-]*\s?){{1,4}}(?:\(@\w+\)\s*)?(?:{MONTH} \d{{1,2}}, \d{{4}})?\s*$")
UI_WORD = re.compile(r"^(?:CLOSE|SHARE|WATCH|PLAY|VIDEO|PHOTOS|GALLERY|ADVERTISEMENT|EMBED|RELATED|MORE|READ)\b")
BULLET = re.compile(r"^\s*(?:[•►▶■●*]|-{1,2}\s)")
FILE_NAME = re.compile(r"^(?:doc|file|source|untitled|page|item)?[ _-]?\d+$|\.(?:txt|md|html?|pdf|json)$", re.I)

NUMBER_WORDS = set("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds
thousand thousands million millions billion billions trillion dozen dozens half third quarter twice double
triple percent""".split())

STOP = set("""a an the of to in on for and or but by with from as at is are was were be been it its this that
these those their they them he she his her we our us not no than then also has have had would could should will
may might can do does did which who whom whose what when where why how into over under about after before during
against between among such any all more most other some very said says year years old new first last time day
days january february march april may june july august september october november december jan feb mar apr jun
jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split())
