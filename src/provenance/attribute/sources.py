"""Source phrases: who stands next to a cue verb. Token walks, no backtracking regexes.

``source_before(text, end)`` reads the noun phrase that ends where a cue begins
("independent analyst Hakob Badalyan", "Tom de Waal, a senior fellow with Carnegie Europe,",
"a campaign spokesman", "he"); ``source_after(text, start)`` reads the one after an inverted
cue ("…,” said independent analyst Hakob Badalyan"). Both return a :class:`Source` with the
offsets of the phrase and of the person's name inside it, or None.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .. import speakers as names
from .text import skip

# "*+" (possessive): nothing follows a word token, so the engine keeps no backtracking state.
TOKEN_RE = re.compile(r"[A-Za-z0-9À-ÿ][\w’'\-\.&]*+|[,;:()“”\"«»—–]")
# Words that may sit between a subject and its cue: "has also repeatedly said".
AUX = frozenset(
    "has have had also later then again previously repeatedly often recently publicly privately "
    "reportedly once would will could may might should can did does do is was were are been be "
    "not never still already even just only now long frequently flatly openly quickly simply "
    "further first initially subsequently ultimately finally apparently allegedly angrily bluntly "
    "earlier herself himself themselves itself went always hasn't hadn't haven't didn't doesn't "
    "don't won't wouldn't isn't wasn't can't couldn't hasn’t hadn’t haven’t didn’t doesn’t don’t "
    "won’t wouldn’t isn’t wasn’t can’t couldn’t "
    "clearly quietly loudly frankly sometimes".split()
)
# Speech verbs that cannot open a role before a name ("said Army Capt. Christian Pardo").
SPEECH_VERBS = frozenset(
    "said says told tells wrote writes added adds asked asks explained stated declared insisted argued "
    "replied responded tweeted recalled warned claimed continued concluded".split()
)
DETERMINERS = frozenset(
    "the a an his her their its our some many several most other another one two three four five "
    "both all these those this each every few any no such multiple numerous top senior".split()
)
PRONOUNS = {"he": "m", "she": "f", "they": None, "it": None}
FIRST_PERSON = frozenset({"i", "we", "you"})
SUBJECT_PRONOUNS = {
    "he": "he", "she": "she", "they": "they", "he’s": "he", "she’s": "she", "he's": "he", "she's": "she",
    "they’re": "they", "they're": "they", "he’d": "he", "she’d": "she", "he'd": "he", "she'd": "she",
}
CONTRACTED = frozenset("s d ve re ll m".split())


def contracted_pronoun(word: str) -> str | None:
    """The pronoun of a pronoun contraction ("She’d told", "We’ve seen"), or None.

    >>> contracted_pronoun("She’d"), contracted_pronoun("we've"), contracted_pronoun("Trump’s")
    ('She', 'we', None)
    """
    if "’" not in word and "'" not in word:
        return None
    base, _, rest = word.replace("'", "’").partition("’")
    if rest.lower() in CONTRACTED and (base.lower() in PRONOUNS or base.lower() in FIRST_PERSON):
        return word[:len(base)]
    return None


QUANTIFIERS = frozenset(
    "some many others several most few both someone somebody everyone everybody nobody none all".split()
)
# Adjectives met right before a cue word that is a noun there: "a strong showing", "a clear
# reference to", "in the broadest terms", "a very different view" (a subject never ends on one).
ADJECTIVES = frozenset(
    "strong stronger strongest clear clearer clearest different new big bigger biggest broad "
    "broader broadest great greater greatest good better best firm staunch vocal fierce harsh "
    "sharp concrete serious real true full whole public private political personal "
    "common similar particular specific special certain major key huge large larger largest "
    "small smaller smallest little long short high low wide widest deep early late recent "
    "positive negative favorable unfavorable passionate outspoken enthusiastic grassroots "
    "popular bipartisan public-facing poor weak solid disappointing impressive surprising dismal "
    "narrow decisive lackluster stunning modest dominant decrepit".split()
)
# Modifiers whose noun is the cue word when nobody owns it: "an implicit caution", "A simple call".
MODIFIERS = frozenset("simple implicit explicit direct indirect quick informal occasional blunt subtle stark dire".split())


def _compound_adjective(word: str) -> bool:
    """A hyphenated modifier, never a noun phrase's head: "a 60-day notice", "the
    fast-evolving", "Trump's over-the-top comments" (but "the 43-year-old said").

    >>> _compound_adjective("fast-evolving"), _compound_adjective("60-day"), _compound_adjective("43-year-old")
    (True, True, False)
    """
    last = word.rsplit("-", 1)[-1]
    return last != word and (last in COMPOUND_LASTS or len(last) > 3 and last.endswith(("ing", "ed")))  # not "op-ed"


COMPOUND_LASTS = frozenset("day week month year top term time style page".split())
# Words that end a noun phrase when walking backwards.
HARD_STOP = frozenset(
    "and or but nor because while when whereas as if than though although so yet that which whom "
    "whose where after before since until unless whether how why what in on into during over under "
    "about against between through among without within by to than not".split()
)
ROLE_PREPOSITIONS = frozenset({"for", "of", "at", "with", "from"})
# Heads that can speak with no determiner: "sources said", "Republicans fear", "polls show".
BARE_SOURCES = frozenset(
    "sources officials aides advisers advisors analysts experts critics supporters voters polls "
    "surveys reports democrats republicans people observers strategists lawmakers insiders "
    "economists historians scholars researchers investigators prosecutors police authorities "
    "witnesses residents officers diplomats leaders members activists conservatives liberals "
    "progressives evangelicals donors delegates candidates protesters reporters journalists "
    "documents records data studies statistics numbers figures estimates pollsters observers "
    "americans opponents allies backers advocates".split()
)
ORG_RE = re.compile(r"\b(?:from|with|of|at|for)\s+(?:the\s+)?(?P<org>[A-Z][\w&\-’']*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w&\-’']*)*)")


@dataclass
class Source:
    start: int  # phrase offsets in the text
    end: int
    phrase: str  # as written: "independent analyst Hakob Badalyan"
    kind: str  # name | pronoun | nominal | relative
    name: str | None = None  # person or body name inside the phrase, titles stripped
    role: str | None = None
    organisation: str | None = None
    # Named inside a relative clause ("Donald Trump, the nominee, who has called …"): a speaker
    # of that claim, but no referent for a later "he said".
    embedded: bool = False

    @property
    def gender(self) -> str | None:
        if self.kind == "pronoun":
            return PRONOUNS.get(self.phrase.lower())
        return names.guess_gender(self.phrase) or names.guess_gender(self.name) if self.name else None


_tokenised: list = [None, [], [], []]  # [text, matches, their starts, their ends]: the last article


def tokens(text: str, start: int, end: int) -> list[re.Match]:
    """Tokens of text[start:end]. The whole article is tokenised once and sliced after, so
    each source look-up costs two bisections instead of a regex pass. Tokens never overlap,
    so their ends are sorted too: those ending by ``end`` are the ones inside (a token cut by
    ``end`` is left out)."""
    if _tokenised[0] is not text:
        matches = list(TOKEN_RE.finditer(text))
        _tokenised[:] = [text, matches, list(map(re.Match.start, matches)), list(map(re.Match.end, matches))]
    _, matches, starts, ends = _tokenised
    lo = bisect.bisect_left(starts, start)
    return matches[lo:bisect.bisect_right(ends, end, lo)]


def _namey(word: str) -> bool:
    """A token that can belong to a capitalised name run (particles allowed)."""
    return (word[:1].isupper() and (word.lower().rstrip(".") not in names.NOT_PERSON or word == "May")
            and word.lower() not in WEEKDAYS) or word in names.PARTICLES  # "Theresa May"


NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred half".split()
)
TO_VERBS = frozenset(
    "continued continues continue on declined refused wanted wants want tried tries began begins "
    "started appeared seemed seems used need needs needed going able willing likely expected set "
    "ready decided chose plans planned hopes hoped promised vowed threatened pledged agreed "
    "rushed moved sought seeks would like wanted".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_SHORT_MONTHS = "jan feb mar apr jun jul aug sep sept oct nov dec".split()
MONTHS = frozenset(  # as tokens come: "Jan." keeps its period
    "january february march april may june july august september october november december".split()
    + _SHORT_MONTHS + [m + "." for m in _SHORT_MONTHS]
)
DIGITS = frozenset("0123456789")
YEAR = re.compile(r"(?:19|20)\d\d")
TIME_LEADS = frozenset("in on since during until early late earlier later last this next".split())
TIME_WORDS = WEEKDAYS | frozenset(
    "yesterday today tonight week night morning afternoon evening weekend on last this".split()
)


def _skip_aux_back(toks: list[re.Match], i: int) -> int:
    """Skip "has also", "on Tuesday", "last week" between a subject and its cue."""
    timed = False
    while i >= 0:
        word = toks[i].group()
        low = word.lower()
        if i >= 2 and low in ("past", "time") and toks[i - 1].group().lower() == "the" and toks[i - 2].group().lower() in ("in", "at"):
            i -= 3  # "who has in the past described", "said at the time"
            continue
        if i >= 2 and low in ("week", "month", "year", "weekend") and toks[i - 1].group().lower() == "past" and (
                toks[i - 2].group().lower() in ("this", "the")):
            i -= 3  # "the GOP chairman, this past week announced"
            if i >= 1 and toks[i].group().lower() in ("in", "over", "during"):
                i -= 1  # "none of the scholars I interviewed in the past week thought"
            continue
        if i >= 1 and (low in WEEKDAYS
                       or (low in MONTHS and (timed or toks[i - 1].group().lower() in TIME_LEADS))
                       or (low[:1] in DIGITS and low.isdigit()
                           and (YEAR.fullmatch(low) or toks[i - 1].group().lower() in MONTHS))):
            i -= 1  # "Gowdy earlier Thursday said", "Clinton in March said", "Trump in 2011 said"
            timed = True
            continue
        if timed and low in TIME_LEADS and i >= 1:
            i -= 1  # the "in", "late", "since" before that date
            continue
        if word[:1].isupper() and i >= 1 and toks[i - 1].group() not in ("“", '"', ":"):
            break  # "Will wrote": a capitalised word mid-sentence is a name, not "will"
        if low in AUX or (low in TIME_WORDS and i >= 1) or (low.endswith("ly") and len(low) > 4 and low.isalpha() and word[:1].islower()):
            i -= 1
            continue
        if word == "," and i >= 2:
            # "Legislative leaders in North Carolina, for instance, noted": a comma aside
            k = i - 1
            while k >= 0 and i - k <= 3 and toks[k].group() != ",":
                k -= 1
            if k >= 1 and toks[k].group() == "," and " ".join(t.group().lower() for t in toks[k + 1:i]) in ASIDES:
                # Keep the comma before the aside when an appositive may end there: "Brian
                # Murphy, the county chairman, for example, said".
                if any(t.group() == "," for t in toks[max(0, k - 12):k]):
                    return k
                i = k - 1
                continue
        if low == "to" and i >= 1 and toks[i - 1].group().lower() in TO_VERBS:
            # "Lewandowski continued to say", "he went on to say", "declined to say"
            i -= 2
            if i >= 0 and toks[i + 1].group().lower() == "on" and toks[i].group().lower() in ("went", "goes", "go"):
                i -= 1
            continue
        break
    return i


ASIDES = frozenset({"for instance", "for example", "however", "in turn", "too", "in fact", "of course",
                    "though", "in particular", "meanwhile", "likewise", "by contrast", "in response", "instead"})
FIRST_WORD = re.compile(r"[\w\-]+")


def _share_like(text: str, at: int) -> bool:
    """Whether the phrase at ``at`` opens with a number or share word, or follows "of"/"in"."""
    if text[at:at + 1].isdigit() or text.endswith((" of ", " in "), max(0, at - 4), at):
        return True
    word = FIRST_WORD.match(text, at)
    return word is not None and word.group().lower() in SHARE_FIRST


def source_before(text: str, start: int, end: int) -> Source | None:
    """The subject phrase ending at ``end`` (the cue's start), not reaching before ``start``.

    >>> t = "Tom de Waal, a senior fellow with the Carnegie Europe thinktank, said"
    >>> s = source_before(t, 0, t.index(" said")); (s.name, s.role, s.organisation)
    ('Tom de Waal', 'a senior fellow with the Carnegie Europe thinktank', 'Carnegie Europe')
    """
    toks = tokens(text, max(start, end - 300), end)
    i = _skip_aux_back(toks, len(toks) - 1)
    if i < 0:
        return None
    word = toks[i].group()
    lower = word.lower()
    if lower in NUMBER_WORDS or lower in SHARE_WORDS or lower[:1].isdigit():
        share = proportion(text, max(start, toks[i].end() - 120), toks[i].end())  # "about one in five"
        if share is not None:
            return share
    if word == ",":
        # "Just over a quarter, 26 percent, say": a share with its figure in commas.
        return proportion(text, max(start, toks[i].end() - 120), toks[i].end()) or _appositive(text, toks, i, start)
    if word in DASHES:
        return _dash_appositive(text, toks, i, start)
    if lower in PRONOUNS:
        return Source(toks[i].start(), toks[i].end(), word, "pronoun")
    pronoun = contracted_pronoun(word)
    if pronoun is not None:
        if pronoun.lower() in PRONOUNS and pronoun.lower() != "it":
            return Source(toks[i].start(), toks[i].start() + len(pronoun), pronoun, "pronoun")
        return None  # "We’ve seen", "I’d argue", "It’s been said": no one the article names
    if lower in QUANTIFIERS and (i == 0 or toks[i - 1].group() in (",", "“", "”") or toks[i - 1].group().lower() in HARD_STOP
                                 or toks[i - 1].group().lower() in ("not", "but", "while", "some", "and")):
        # "Some argue …", "Others say …", "Not everyone was claiming …"
        first = i - 1 if i >= 1 and toks[i - 1].group().lower() == "not" else i
        return Source(toks[first].start(), toks[i].end(), text[toks[first].start():toks[i].end()], "nominal")
    if lower == "that" and i >= 1 and _relative_that(toks[i - 1].group()):
        # "progressive groups that have endorsed him say": "that" opens a relative clause.
        antecedent = source_before(text, start, toks[i].start())
        if antecedent and antecedent.kind == "nominal" and antecedent.end == toks[i - 1].end() and (
                antecedent.phrase[:1].islower() or antecedent.phrase.split()[0].lower() in DETERMINERS):
            return antecedent  # not "Sanders highlighted polls": the phrase must be a noun phrase
        return None
    if lower in FIRST_PERSON or lower in DETERMINERS or lower in HARD_STOP or lower in ROLE_PREPOSITIONS:
        return None
    if i == len(toks) - 1 and word[:1].islower() and (lower in ADJECTIVES or (
            (lower in MODIFIERS or _compound_adjective(lower)) and not (i and toks[i - 1].group().endswith(("’s", "'s"))))):
        # An owner before the modifier speaks: "Trump’s repeated calls", "Mr. Trump's wide-ranging comments".
        return None  # "a strong showing", "a clear reference to": the cue word is a noun here
    if lower in ("who", "which"):
        # "Trump, who said that …" / "a former spymaster who wrote about …": the antecedent.
        if i >= 1:
            end_at = toks[i - 1].start() if toks[i - 1].group() == "," else toks[i].start()
            antecedent = source_before(text, start, end_at)
            if antecedent and antecedent.kind == "nominal":
                return _named_by_appositive(text, start, antecedent) or antecedent
            if antecedent and antecedent.kind == "name":
                return antecedent
            if antecedent is None and toks[i - 1].group().lower() in GROUP_ANTECEDENTS:
                # "those who say …", "anyone who believes …"
                return Source(toks[i - 1].start(), toks[i - 1].end(), toks[i - 1].group(), "nominal")
        return None
    source = _noun_phrase(text, toks, i)
    if source is not None and (
            (source.kind == "nominal" and _share_like(text, source.start))
            or (source.kind != "pronoun" and (text[source.start].isdigit()
                                              or text.endswith((" of ", " in "), max(0, source.start - 4), source.start)))):
        # "Seven in 10 Republicans" (read as "10 Republicans"), "half of white women" (read
        # as "white women"): a share of a group is the source.
        share = proportion(text, max(start, source.end - 120), source.end)
        if share is not None:
            return share
    if source is not None and source.kind == "nominal":
        source = _issuer(text, start, toks, source) or source
    if source is not None and source.kind == "name" and names.is_place(source.phrase):
        source = _placed_subject(text, start, source) or source
    if source is not None and source.kind in ("name", "nominal"):
        return _subject_before_setting(text, start, toks, source) or source
    return source


def _placed_subject(text: str, start: int, place: Source) -> Source | None:
    """The person a state ends the place of: "Stacy Baker of Columbia, South Carolina says" is
    Stacy Baker's, not South Carolina's.

    >>> t = "Stacy Baker of Columbia, South Carolina says"
    >>> s = source_before(t, 0, t.index(" says")); (s.name, s.organisation)
    ('Stacy Baker', 'Columbia, South Carolina')
    """
    comma = text.rfind(",", start, place.start)
    if comma < 0 or text[comma + 1:place.start].strip():
        return None
    placed = source_before(text, start, comma)
    if placed is None or placed.end != comma or not re.search(r" (?:of|in|from) ", placed.phrase):
        return None
    placed.organisation = f"{placed.organisation}, {place.phrase}" if placed.organisation else placed.organisation
    placed.phrase = text[placed.start:place.end]
    placed.end = place.end
    return placed


def _named_by_appositive(text: str, start: int, role: Source) -> Source | None:
    """The name that a described antecedent is the appositive of: in "Diana Orrock, an RNC
    committeewoman who supports Trump" the supporter is Diana Orrock.

    >>> t = "Diana Orrock, an RNC committeewoman from Nevada who supports"
    >>> s = source_before(t, 0, t.index(" supports")); (s.name, s.role)
    ('Diana Orrock', 'an RNC committeewoman from Nevada')
    """
    before = text[max(start, role.start - 3):role.start]
    if not before.rstrip().endswith(","):
        return None
    comma = text.rindex(",", start, role.start)
    name = source_before(text, start, comma)
    if name is None or name.kind != "name" or name.end != comma or role.phrase.split()[0].lower() not in ("a", "an", "the"):
        return None
    name.role = role.phrase if not name.role else f"{name.role}, {role.phrase}"
    name.organisation = name.organisation or role.organisation
    name.embedded = True
    return name


# Prepositions of a setting between a subject and its cue: "Clinton in Iowa said", "Sanders
# on CNN said", "Ryan in a statement Friday said" (not "of/for", whose owner speaks for a body).
SETTING_PREPOSITIONS = frozenset("in on at during with via".split())


def _subject_before_setting(text: str, start: int, toks: list[re.Match], place: Source) -> Source | None:
    """The subject before a setting phrase that ``place`` ends: "Clinton in an interview with
    CNN said" → "Clinton", not "an interview with CNN"; chains too ("Clinton at a rally in
    Iowa said").

    >>> t = "Hillary Clinton at a rally in Iowa said"; source_before(t, 0, t.index(" said")).name
    'Hillary Clinton'
    >>> t = "Officials in Iowa said"; source_before(t, 0, t.index(" said")).phrase
    'Officials'
    """
    if place.kind == "name" and place.role:
        return None  # "on Saturday -- Senator Sanders claimed": a role and a name are a person
    k = len(toks) - 1
    while k >= 0 and toks[k].start() >= place.start:  # the place ends the list: a short walk
        k -= 1
    if k < 1 or (toks[k].group() not in SETTING_PREPOSITIONS and toks[k].group() not in ("to", "with")):
        return None
    if k >= 2 and (toks[k - 1].group().lower(), toks[k].group()) in CLOSE_TO:
        # "People close to Trump say", "a source familiar with the talks said": not Trump.
        who = _body_speaker(source_before(text, start, toks[k - 1].start()))
        if who is not None and who.kind == "nominal" and who.end == toks[k - 2].end():
            phrase = text[who.start:place.end]
            return Source(who.start, place.end, phrase, "nominal", name=None, organisation=place.phrase)
        return None
    if toks[k].group() not in SETTING_PREPOSITIONS:
        return None
    # The nearest subject before this setting, or before one more ("at a rally in Iowa").
    for m in range(k, max(0, k - 6), -1):
        if toks[m].group() not in SETTING_PREPOSITIONS or (m < k and not toks[m + 1].group().islower()):
            continue
        earlier = source_before(text, start, toks[m].start())
        if earlier is not None and earlier.end == toks[m - 1].end() and speaker_like(earlier) and (
                earlier.kind != "nominal" or m == k):
            return earlier
    return None


CLOSE_TO = frozenset({("close", "to"), ("familiar", "with"), ("allied", "with"), ("loyal", "to"),
                      ("aligned", "with"), ("connected", "to"), ("friendly", "to"), ("tied", "to"),
                      ("involved", "in")})
# Capitalised nouns for one member of a party or people: a person, never a name.
MEMBER_NOUNS = frozenset(
    "democrat republican independent conservative liberal progressive libertarian american "
    "evangelical catholic muslim christian latino hispanic".split()
)


# A document that someone put out, and the verbs that put it out: in "Trump and Ryan issued a
# statement describing …" the statement carries Trump and Ryan's words.
DOCUMENTS = frozenset(
    "statement statements release releases email emails e-mail letter letters tweet tweets post op-ed "
    "column memo message note video ad ads advertisement editorial essay appeal".split()
)
PUBLISHING_VERBS = frozenset(
    "issued issues issue released releases release wrote writes write sent sends send posted posts post "
    "published publishes penned pens tweeted put circulated circulates aired airs ran runs launched "
    "launches unleashed unleashes fired".split()
)


def _issuer(text: str, start: int, toks: list[re.Match], document: Source) -> Source | None:
    """Who put out ``document`` when it is the object of a publishing verb: the verb's subject.

    >>> t = "Trump's campaign issued a statement saying"
    >>> source_before(t, 0, t.index(" saying")).phrase
    "Trump's campaign"
    >>> t = "The statement said"; source_before(t, 0, t.index(" said")).phrase
    'The statement'
    """
    if document.phrase.split()[-1].lower() not in DOCUMENTS:
        return None
    i = bisect.bisect_left([t.start() for t in toks], document.start) - 1
    if i >= 1 and toks[i].group().lower() == "out":  # "sent out", "put out"
        i -= 1
    if i < 0 or toks[i].group().lower() not in PUBLISHING_VERBS or not toks[i].group()[:1].islower():
        return None
    issuer = source_before(text, start, toks[i].start())
    if issuer is None or issuer.kind not in ("name", "nominal", "pronoun"):
        return None
    return issuer


# A digit or a share word near the end of a source phrase: only then is PROPORTION_RE tried.
SMALL_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
SHARE_WORDS = frozenset("half third thirds quarter quarters majority plurality two-thirds three-quarters most".split())
SHARE_FIRST = SHARE_WORDS | NUMBER_WORDS | frozenset("about nearly almost roughly more less fewer".split())
# "Seven in 10 Republicans", "about one in five", "More than half of white women", "A third of
# independents, 33%,", "Two-thirds": a share of a group speaks for it (polls). The share must
# open its clause.
PROPORTION_RE = re.compile(
    r"(?:^|(?<=[,;:—–(])\s*|(?<=[.!?]\s)|(?<=\n)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bwhile\s)|(?<=\bthat\s)|(?<=\bwhereas\s))"
    r"(?P<share>(?:(?:about|nearly|almost|roughly|around|only|just|some|over|under|more than|less than|fewer than|at least|barely|well over)\s+)*"
    rf"(?:{SMALL_NUMBER}\s+(?:in|out of)\s+{SMALL_NUMBER}|(?:a|one)\s+(?:third|quarter|fifth)|two-thirds|three-quarters|"
    r"half|(?:a|the)\s+(?:majority|plurality)|\d+(?:\.\d+)?\s*(?:%|percent))"
    r"(?:\s+(?:of\s+)?(?:the\s+|those\s+|all\s+)?(?:[\w’'\-]+\s+){0,3}?[\w’'\-]+)??)"
    r"(?:\s*,\s*\d+(?:\.\d+)?\s*(?:%|percent)\s*,)?\s*$",
    re.IGNORECASE,
)


# What every PROPORTION_RE match holds: a digit, or a share or number word standing alone.
# Looking for it first is one quick scan; the full pattern is tried at every position.
SHARE_CORE_RE = re.compile(
    r"\d|\b(?:half|third|quarter|fifth|majority|plurality|one|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)
SHARE_MODIFIERS = frozenset("about nearly almost roughly around only just some over under barely".split())
NOT_IN_SHARE = AUX | SPEECH_VERBS | frozenset(SUBJECT_PRONOUNS) | frozenset(
    "say need needs want wants think thinks believe believes i we you it".split())


def proportion(text: str, start: int, end: int) -> Source | None:
    """A share of a group as the source ending at ``end``.

    >>> t = "Seven in 10 Republicans say"; proportion(t, 0, t.index(" say")).phrase
    'Seven in 10 Republicans'
    >>> t = "Voters split, but about one in five said"; proportion(t, 0, t.index(" said")).phrase
    'about one in five'
    """
    if SHARE_CORE_RE.search(text, start, end) is None:
        return None
    match = PROPORTION_RE.search(text, start, end)
    if match is None:
        return None
    words = match.group("share").split()
    if any(w.lower() in HARD_STOP and w.lower() not in ("in", "out", "of", "than", "about", "over", "under") for w in words):
        return None
    last = words[-1].lower().strip(",")
    if last in AUX or (last.endswith("ly") and len(last) > 4) or (last in DETERMINERS and last not in NUMBER_WORDS):
        return None
    if any(w.lower() in NOT_IN_SHARE for w in words[1:] if w.lower() not in SHARE_MODIFIERS) or (
            words[0].lower() in NOT_IN_SHARE and words[0].lower() not in SHARE_MODIFIERS):
        return None  # "47% say the United States should commit": a clause, not a group
    a, b = match.span("share")
    return Source(a, b, text[a:b], "nominal", name=None)


GROUP_ANTECEDENTS = frozenset("those many some others anyone everyone people few all".split())


def _relative_that(previous: str) -> bool:
    """Whether "that" after ``previous`` can open a relative clause: a plural noun head
    ("groups that"), not a verb or a word that takes a "that" clause ("said that", "so that").

    >>> _relative_that("groups"), _relative_that("said"), _relative_that("so")
    (True, False, False)
    """
    low = previous.lower()
    return plural_noun(low) and low not in SPEECH_VERBS and low not in AUX and low not in HARD_STOP and previous[:1].islower()


def _noun_phrase(text: str, toks: list[re.Match], i: int, lo: int = 0) -> Source | None:
    """The noun phrase whose last token is toks[i]."""
    last = i
    word = toks[i].group()
    if word == ")" and i >= 2:  # "Rep. Patrick J. Tiberi (R-Ohio) said"
        j = i
        while j >= lo and toks[j].group() != "(":
            j -= 1
        if j <= 0:
            return None
        i = j - 1
        word = toks[i].group()
    lone_month = word == "May" and not (i - 1 >= lo and _namey(toks[i - 1].group()))  # "In May, …"
    # "one Democrat", "a veteran Republican": a member of a group, read as a lowercase head.
    lone_member = word.lower().rstrip(".") in MEMBER_NOUNS and not (i - 1 >= lo and _namey(toks[i - 1].group()))
    if _namey(word) and word not in names.PARTICLES and not lone_month and not lone_member:
        j = i
        while j - 1 >= lo and _namey(toks[j - 1].group()) and not toks[j - 1].group().endswith(("’s", "'s")):
            j -= 1  # a possessive ends the run: "Pennsylvania's Patrick J. Toomey"
        if toks[j].group() == "May" and j < i:
            j += 1  # the month: "In May Clinton said" (a surname only last: "Theresa May")
        verb = next((k for k in range(j + 1, i + 1) if _headline_verb(toks[k].group())), None)
        if verb is not None:
            # A title-case headline runs its verb into the name: "Mike Huckabee Makes Sexist
            # Wife Joke", "GOP Candidates Resoundingly Reject": the subject ends before it.
            i = last = verb - 1
        name_start = j
        # "Mujtaba Rahman of the Eurasia Group", "a spokesman for Donald Trump",
        # "Republican members of Congress": the run after of/for/at/with/from is an
        # organisation or employer, not the speaker.
        p = name_start - 1
        if p >= lo + 1 and toks[p].group().lower() in ("the", "The"):
            p -= 1
        if p >= lo + 1 and toks[p].group() in ("of", "for", "at", "with", "from"):
            organisation = text[toks[p + 1].start():toks[i].end()]
            organisation = re.sub(r"^(?:the|The)\s+", "", organisation)
            before_word = toks[p - 1].group()
            title_of = before_word.lower().rstrip(".") in names.TITLES and before_word[:1].isupper()  # "Secretary of State John Kerry"
            owner = None if title_of or before_word in (",", ")", "(") else _noun_phrase(text, toks, p - 1, lo)
            if owner is not None and owner.kind == "name" and owner.name and len(owner.name.split()) == 1 and owner.name.endswith("s") \
                    and not names.guess_gender(owner.name):
                owner.kind, owner.name = "nominal", None  # "Supporters of Sanders", "Executives for Mondelez"
            if owner is not None and owner.kind in ("name", "nominal") and owner.end == toks[p - 1].end():
                owner.end = toks[last].end()
                owner.phrase = text[owner.start:owner.end]
                owner.organisation = owner.organisation or organisation
                if owner.kind == "nominal":
                    owner.name = None
                return owner
        # Role words before the name: "independent Armenian analyst", "Kremlin spokesperson".
        k = j
        while k - 1 >= lo and i - (k - 1) < 10:
            prev = toks[k - 1].group()
            low = prev.lower()
            if prev in (",", "(", ")", "“", "”", '"', ":", ";", "—", "–") or low in HARD_STOP or low in AUX or low in SPEECH_VERBS \
                    or low in WEEKDAYS:
                break  # "…,” said Army Capt. Christian Pardo, who …": "said" is no part of the role
            k -= 1
            if low in DETERMINERS:
                break
        phrase_start = toks[k].start()
        run = text[toks[name_start].start():toks[i].end()]
        role = text[phrase_start:toks[name_start].start()].strip() or None
        run_tokens = run.split()
        cut = 0
        # "the State Department": no title to take off an institution's name (not "Department").
        for position, token in enumerate([] if names.is_institution(run) else run_tokens[:-1]):
            low = token.lower().rstrip(",")
            if low in names.TITLES or low.rstrip(".") in names.TITLES or low in ("capt.", "cmdr.", "sgt.", "lt.", "col.", "adm.", "maj."):
                cut = position + 1
        # "Committee Chairman Rep. Jason Chaffetz": everything up to the last title is role.
        stripped = " ".join(run_tokens[cut:]) if cut else names.strip_titles(run)
        if stripped != run and stripped:
            # Titles in the capital run go to the role: "Sen. Bernie Sanders" (not "Mr.").
            title = run[: len(run) - len(stripped)].strip()
            if title.lower().rstrip(".") not in ("mr", "mrs", "ms", "miss", "dr", "sir", "dame"):
                role = f"{role} {title}".strip() if role else title
        first_word = run.split()[0].lower()
        if first_word == "the" or (role and role.split()[0].lower() == "the" and len(run.split()) == 1 and not names.guess_gender(run)):
            # "The New York Post", "the Trump campaign": a body, kept as written.
            phrase = text[phrase_start:toks[last].end()]
            return Source(phrase_start, toks[last].end(), phrase, "nominal", name=re.sub(r"^(?:the|The)\s+", "", phrase))
        return Source(phrase_start, toks[last].end(), text[phrase_start:toks[last].end()], "name",
                      name=stripped or run, role=role, organisation=_organisation(role))
    # A lowercase head: "the source", "a spokesman for the campaign", "sources", "polls".
    j = i
    det = None
    while j >= lo and i - j < 7:
        w = toks[j].group()
        low = w.lower()
        if low in DETERMINERS or low.endswith(("’s", "'s")):
            det = j
            if low in ("senior", "top", "other", "former") and j - 1 >= lo and toks[j - 1].group().lower() in DETERMINERS:
                det = j - 1  # "A senior official", "the top aide"
                break
            if low in ("senior", "top") and j - 2 >= lo and toks[j - 1].group().lower() in RANK_ADJECTIVES and (
                    toks[j - 2].group().lower() in DETERMINERS):
                det = j - 2  # "a former senior agency official", "one longtime top aide"
                break
            if low in DETERMINERS:
                break
        elif w in (",", "(", ")", "“", "”", '"', ":", ";", "—", "–") or low in HARD_STOP or low in AUX:
            break
        elif j != i and _finite_verb(toks, j, lo):
            break
        elif low in ROLE_PREPOSITIONS and det is None and j != i:
            pass
        j -= 1
    head = toks[last].group().lower().rstrip(".")
    if last - 1 >= lo and _verb_head(head, toks[last - 1].group()) and not _object_relative(toks, last - 1, lo):
        return None
    if det is None and head in ("percent", "%") and last >= 1 and (
            toks[last - 1].group()[:1].isdigit() or toks[last - 1].group().lower().rstrip("-") in NUMBER_WORDS
            or "-" in toks[last - 1].group()):
        det = last - 1  # "52 percent said", "Sixty-six percent said"
    if det is None:
        first = j + 1
        modified = last >= 1 and last - 1 > j and toks[last - 1].group()[:1].isupper()
        if head not in BARE_SOURCES and not plural_noun(head) and not (modified and (head in SINGULAR_SOURCES or head in PERSON_HEADS)):
            return None
        # Bare plural: only its own adjectives, stopping at prepositions.
        k = last
        while k - 1 >= first and toks[k - 1].group().lower() not in ROLE_PREPOSITIONS:
            k -= 1
        first = k
        if j >= lo and toks[j].group().lower() in AUX and toks[j].group()[:1].islower():
            # After "will", "also", "has", the next word is a verb: "they will hold banners
            # proclaiming", "Cruz also lacks support" (not a plural noun "lacks").
            if first == last and head not in BARE_SOURCES and head not in PERSON_PLURALS:
                return None
            if j + 2 <= last:
                first = max(first, j + 2)
    else:
        first = det
    if first > last:
        return None
    phrase = text[toks[first].start():toks[last].end()]
    if not _plausible_head(head):
        return None
    if det is not None and first - 2 >= lo and toks[first - 1].group().lower() in ROLE_PREPOSITIONS:
        # "The head of the agency", "A spokesman for the council", "Members of the board": the
        # person or group before the preposition speaks, for the body after it.
        owner = _body_speaker(_noun_phrase(text, toks, first - 2, lo))
        if owner is not None and owner.end == toks[first - 2].end():
            owner.end = toks[last].end()
            owner.phrase = text[owner.start:owner.end]
            owner.organisation = owner.organisation or re.sub(r"^(?:the|The)\s+", "", phrase)
            return owner
    return Source(toks[first].start(), toks[last].end(), phrase, "nominal", name=None,
                  organisation=_organisation(phrase))


def _headline_verb(word: str) -> bool:
    """A capitalised verb or adverb of a title-case headline.

    >>> _headline_verb("Makes"), _headline_verb("Resoundingly"), _headline_verb("Makes".lower()), _headline_verb("Kelly")
    (True, True, False, False)
    """
    if not word[:1].isupper():
        return False
    low = word.lower()
    return low in names.HEADLINE_VERBS or low.endswith(("ingly", "edly", "ously", "ively"))  # not "Schlafly"


def _finite_verb(toks: list[re.Match], j: int, lo: int) -> bool:
    """Whether toks[j], inside a noun phrase walked backwards, is the verb of an earlier
    clause: "and said allies wanted", "the Clinton operation disparaged women who
    complained". A participle after a determiner or an adverb is an adjective ("the alleged
    victim", "a widely respected pollster").

    >>> toks = list(TOKEN_RE.finditer("the Clinton operation disparaged women"))
    >>> _finite_verb(toks, 3, 0), _finite_verb(list(TOKEN_RE.finditer("the alleged victim")), 1, 0)
    (True, False)
    >>> _finite_verb(list(TOKEN_RE.finditer("and said allies")), 1, 0), _finite_verb(list(TOKEN_RE.finditer("of registered voters")), 1, 0)
    (True, False)
    """
    word = toks[j].group()
    low = word.lower()
    if word[:1].isupper() or not word.isalpha() or not (low in SPEECH_VERBS or (low.endswith("ed") and len(low) > 4)):
        return False
    if j - 1 < lo:
        return False
    previous = toks[j - 1].group()
    before = previous.lower()
    if before in DETERMINERS or before in PARTICIPLE_MODIFIERS or before.endswith(("ly", "’s", "'s")) or not previous.isalpha():
        return False
    if previous[:1].isupper() or before in HARD_STOP or before in ROLE_PREPOSITIONS:
        # "Trump said voters", "and said allies"; but "Democratic registered voters", "of
        # loved ones", "and registered voters"
        return low in SPEECH_VERBS and before not in ROLE_PREPOSITIONS and before not in PREPOSITION_STOPS
    return True


PREPOSITION_STOPS = frozenset("in on into during over under about against between through among without within by to".split())


# Words that make the participle after them an adjective: "a little known group".
PARTICIPLE_MODIFIERS = frozenset("most more less least well much so little long self best ill".split())


def _verb_head(head: str, previous: str) -> bool:
    """A "head" that is the verb of its own clause: a past tense after a name or noun ("the
    press ReganBooks announced plans"), or a present tense after a subject pronoun ("as he
    keeps talking"). After a determiner the word is a noun ("the accused", "the wounded").

    >>> _verb_head("announced", "ReganBooks"), _verb_head("keeps", "he"), _verb_head("accused", "the")
    (True, True, False)
    >>> _verb_head("surveyed", "voters"), _verb_head("interviewed", "I")
    (False, False)
    """
    low = previous.lower()
    if low in ("he", "she", "it"):
        return head.endswith("s") and not head.endswith("ss")
    # Not after a plural or "I": "the voters surveyed", "the experts I interviewed" are nouns.
    return (head.endswith("ed") and len(head) > 4 and head not in ("breed", "creed", "speed", "greed", "steed")
            and previous.isalpha() and previous[:1].isupper() and low not in DETERMINERS and low != "i")


def _object_relative(toks: list[re.Match], name_end: int, lo: int) -> bool:
    """Whether the capitalised run ending at toks[name_end] follows a document noun, so that
    the verb after it opens a relative clause: "a speech Mrs. Clinton delivered at …".

    >>> _object_relative(list(TOKEN_RE.finditer("a speech Mrs. Clinton delivered")), 3, 0)
    True
    """
    k = name_end
    while k - 1 >= lo and toks[k - 1].group()[:1].isupper():
        k -= 1
    return k - 1 >= lo and toks[k - 1].group().lower() in RELATIVE_NOUNS


RELATIVE_NOUNS = DOCUMENTS | frozenset("speech speeches interview interviews book lawsuit bill plan remarks".split())


# Words between a determiner and "senior"/"top": "a former senior official".
RANK_ADJECTIVES = frozenset("former longtime long-time current retired veteran".split())


# A share of a group before "of the …": "Most of the candidates", "some of her followers".
SHARE_OF = frozenset("some most all many none neither each one several few majority members member heads".split())


def _body_speaker(owner: Source | None) -> Source | None:
    """``owner`` (the phrase before "of/for/at … the X") when it can speak for X: a person's
    full name, or a person, role or share heading a noun phrase ("The head", "A spokesman",
    "Most", "Members"), not any words that happen to precede a preposition ("delivered
    decisions at")."""
    if owner is None:
        return None
    words = owner.phrase.split()
    head = words[-1].lower()
    group = head in PERSON_HEADS or head in SHARE_OF or head in BARE_SOURCES or head.rstrip("s") in PERSON_HEADS
    if owner.kind == "name" and len(words) == 1 and group:
        # "Members of the council": a group, capitalised because it opens the sentence.
        return Source(owner.start, owner.end, owner.phrase, "nominal", role=owner.role, organisation=owner.organisation)
    if owner.kind == "name":
        full_name = owner.name is not None and len(owner.name.split()) >= 2 and names.looks_like_person(owner.name)
        return owner if full_name else None
    return owner if owner.kind == "nominal" and group else None


# Singular heads that speak after a capitalised modifier: "Indiana governor endorses Cruz".
SINGULAR_SOURCES = frozenset(
    "governor senator campaign spokesman spokeswoman spokesperson official aide adviser advisor "
    "candidate nominee president committee administration government department agency office "
    "poll survey report study statement memo ad lawmaker leader chairman chair chief secretary".split()
)


LEADING_ADVERBIAL = re.compile(
    r"(?:In|On|At|After|Before|During|Since|With|Without|For|From|Despite|Following|Earlier|Later|"
    r"Then|Still|Last|This|Instead|Meanwhile|However|Yet|Now|Today|Yesterday|Asked|When|While|As|Here|There|"
    r"(?:Speak|Campaign|Address|Appear|Talk|Writ|Respond|Stand|Visit)ing)\b[^,;:“”\"]{0,80},\s*"
)
YEAR_AFTER_DATE = re.compile(r"(?:19|20)\d\d,\s*")
IN_TOWN = re.compile(r"\sin [A-Z][\w.]+,\s*$")
PLACE_AFTER_TOWN = re.compile(r"(?:[A-Z][\w.]+\s){0,2}[A-Z][\w.]+,\s*(?=[A-Z])")
IRREGULAR_PAST = frozenset(
    "hit told said made took gave put set sent spent won lost led left met ran saw went came got held "
    "kept brought thought felt wrote spoke began drew threw knew sought fought bought stood read cut "
    "let became".split()
)


def _verb_like(word: str) -> bool:
    """A lowercase word that can be a finite verb after a subject: "hit", "said", "wants", "has"."""
    low = word.lower()
    if not word[:1].islower() or low in names.PARTICLES or low in DETERMINERS or low in ROLE_PREPOSITIONS:
        return False
    if low in BARE_SOURCES or low in PERSON_PLURALS:
        return False  # "European leaders gathered": the name run is an adjective of the subject
    return low in AUX or low in IRREGULAR_PAST or (low.endswith(("ed", "s")) and not low.endswith("ss"))


def _participle_opening(toks: list[re.Match]) -> int | None:
    """The comma ending a participle clause that opens the sentence: "Rallying hundreds of
    workers, Clinton …" (not "Manning threw …", a name and its verb); None when there is none."""
    if len(toks) < 4:
        return None
    first, second = toks[0].group(), toks[1].group()
    if not (first[:1].isupper() and first.endswith("ing") and len(first) >= 7 and second[:1].islower()):
        return None
    if second.lower() in IRREGULAR_PAST or second.lower() in AUX or second.endswith("ed"):
        return None
    comma = next((k for k, t in enumerate(toks[:25]) if t.group() == ","), None)
    if comma is None or comma + 1 >= len(toks) or not toks[comma + 1].group()[:1].isupper():
        return None
    return comma


def sentence_subject(text: str, start: int, end: int) -> Source | None:
    """The subject opening a sentence, for cues that share it: "Reid caucused in Nevada and
    says …", "Azerbaijan’s president, Ilham Aliyev, cancelled the summit, accusing …".

    >>> t = "Reid caucused in Nevada on Saturday and says he voted."
    >>> sentence_subject(t, 0, t.index(" and says")).name
    'Reid'
    """
    at = skip(OPENER_RE, text, start, end)
    lead = LEADING_ADVERBIAL.match(text, at, end)
    if lead:
        at = skip(OPENER_RE, text, lead.end(), end)  # "On Tuesday, Sanders went further, …"
        at = skip(YEAR_AFTER_DATE, text, at, end)  # "On July 6, 2015, Sanders made …"
        if IN_TOWN.search(text, lead.start(), lead.end()):
            at = skip(PLACE_AFTER_TOWN, text, at, end)  # "… in Salem, New Hampshire, Trump went …"
    toks = tokens(text, at, min(end, at + 300))
    if toks and toks[0].group().lower() in SUBJECT_PRONOUNS:
        word = toks[0].group()
        return Source(toks[0].start(), toks[0].start() + (2 if word[:2].lower() == "he" else 3 if word[:3].lower() in ("she", "the") else 4), SUBJECT_PRONOUNS[word.lower()], "pronoun")
    run = 0
    while run < len(toks) and _namey(toks[run].group()):
        run += 1
    comma = _participle_opening(toks)
    if comma is not None:
        # "Rallying hundreds of workers, Hillary Clinton promised …": the subject follows the
        # participle's clause.
        return sentence_subject(text, toks[comma].end(), end)
    if run and run < len(toks) and _verb_like(toks[run].group()) and not toks[run - 1].group().endswith(("’s", "'s")):
        # "Rubio hit back again, saying …": a name run followed by its verb.
        source = _noun_phrase(text, toks, run - 1)
        if source is not None and source.kind == "name":
            return source
    for index, match in enumerate(toks[:30]):
        word = match.group()
        low = word.lower()
        if word in ("(", ":", ";", "“", "”", '"') or (low in HARD_STOP and low not in ROLE_PREPOSITIONS and index < 2):
            return None
        if index > 0 and (low in BARE_SOURCES or low in PERSON_PLURALS) and word[:1].islower():
            # "Black voters have formed …", "All of the GOP candidates oppose …": the head of
            # the subject, not its verb.
            source = source_before(text, at, match.end())
            if source is not None and source.start <= toks[0].start() + 1 and source.kind in ("name", "nominal"):
                return source
            return None
        if index > 0 and word[:1].islower() and low not in names.PARTICLES and low not in DETERMINERS and (
            low in AUX or low.endswith(("ed", "s")) and not low.endswith("ss")
        ) and toks[index - 1].group().lower() not in DETERMINERS and toks[index - 1].group().lower() not in HARD_STOP:
            source = source_before(text, at, match.start())
            if source is not None and source.start <= toks[0].start() + 1 and source.kind in ("name", "nominal"):
                return source
            return None
    return None




def speaker_like(source: Source) -> bool:
    """Whether a source phrase can be someone who speaks or writes: a name, a pronoun, or a
    noun phrase headed by a person, group or document ("the expert", "a campaign aide",
    "the report", "sources") — not "the scene" or "an option".

    >>> speaker_like(Source(0, 10, "an option", "nominal")), speaker_like(Source(0, 9, "the board", "nominal"))
    (False, True)
    >>> speaker_like(Source(0, 36, "the damaging summit optics for Putin", "nominal"))
    False

    A stretch of time never speaks: "a couple of years later, he recalled", "for the time being".

    >>> speaker_like(Source(0, 17, "a couple of years", "nominal"))
    False
    >>> speaker_like(Source(0, 28, "a CBS poll taken last week", "nominal"))
    True
    """
    if source.kind != "nominal":
        return True
    words = source.phrase.lower().split()
    if words[-1] in TIME_SPANS and not any(w in PERSON_HEADS or w in PERSON_PLURALS for w in words):
        return False  # but "a CBS poll taken last week" speaks
    # The head stands before any of/for/at/with/from attachment: "the optics for Putin" → "optics".
    core = re.split(r"\s(?:of|for|at|with|from)\s", source.phrase, maxsplit=1)[0]
    head = core.split()[-1].lower().strip(".,")
    return head not in NON_SPEAKERS


# Heads that never speak: "an option", "the scene", "the optics" (kept short: PolNeAR shows that
# "the state", "the race" or "52 percent" are often real sources).
NON_SPEAKERS = frozenset(
    "option way thing things fact case point idea reason question issue problem part lot number "
    "kind moment history situation end start side front top bottom rest area place life stage "
    "floor optics scene picture image mood atmosphere announcement population departure primary "
    "profits slogans".split()
)


TIME_SPANS = frozenset(
    "being hour hours day days week weeks month months year years decade decades".split()
)


PERSON_HEADS = frozenset(
    "expert analyst scholar professor researcher fellow specialist commentator observer academic "
    "minister premier president leader head spokesman spokeswoman spokesperson senator "
    "congressman congresswoman representative nominee contender governor billionaire mogul "
    "businessman developer tycoon secretary mayor source aide adviser advisor official critic "
    "study report poll survey statement memo letter filing website network newspaper paper "
    "magazine group party team campaign committee administration agency department office "
    "court judge ruling lawsuit complaint document analysis audit review data ad video tweet post "
    "friend wife husband son daughter mother father brother sister family commissioner "
    "director chairman chairwoman spokesman spymaster host anchor columnist editor strategist "
    "operative consultant pollster lawyer attorney organizer activist donor supporter staffer "
    "lobbyist economist historian officer diplomat insider ally correspondent manager counsel "
    "executive democrat republican".split()
)
PERSON_PLURALS = frozenset(head + "s" for head in PERSON_HEADS)  # "leaders", "officials"


def plural_noun(word: str) -> bool:
    """A plural noun head that may speak without a determiner: "security specialists say",
    "protest groups say"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous", "ics", "news"))


NON_HEADS = frozenset(
    "time way thing things fact case point day week year month night morning event "
    "idea reason question issue problem part lot number kind known following".split()
)


def _plausible_head(head: str) -> bool:
    return head not in NON_HEADS and head.replace("-", "").isalnum() and len(head) > 1  # "the 43-year-old"


APPOSITIVE_HEAD = re.compile(r"(?:a|an|the|who|whose|one|former|now|then|(?![a-z]+(?:ed|ing)\b)[a-z][\w\-]*|[A-Z][\w\-]*[’']s)\b")


OPENER_RE = re.compile(r"[\s,“”\"]*(?:(?:But|And|Yet|So|Still|Meanwhile|However|Now|Then|Also|Instead|Later|Earlier)\b[\s,]*)?")


DASHES = ("—", "–")


def _dash_appositive(text: str, toks: list[re.Match], dash: int, start: int) -> Source | None:
    """ "NAME — ROLE — said" (toks[dash] is the dash before the cue): the name, the role aside.

    >>> t = "Jason Miles — a teacher from Dover — says"
    >>> s = source_before(t, 0, t.index(" says")); (s.name, s.role)
    ('Jason Miles', 'a teacher from Dover')
    """
    j = dash - 1
    while j >= 0 and dash - j <= 20 and toks[j].group() not in DASHES:
        if toks[j].group() in (".", ";", ":", "“", "”", '"'):
            return None
        j -= 1
    if j <= 0 or toks[j].group() not in DASHES:
        return None
    head = source_before(text, start, toks[j].start())
    if head is None or head.kind != "name" or head.end > toks[j].start() or skip(OPENER_RE, text, start) < head.start:
        return None  # the name must open the sentence: "polls in New Hampshire — … — stressed" is not New Hampshire's
    role = text[toks[j].end():toks[dash].start()].strip()
    head.role = role if not head.role else f"{head.role}, {role}"
    head.organisation = head.organisation or _organisation(role)
    return head


QUOTE_TOKENS = frozenset("“”\"«»")
QUOTE_MARK_RE = re.compile("[“”\"«»]")


def _appositive(text: str, toks: list[re.Match], comma: int, sentence_start: int = 0) -> Source | None:
    """ "NAME, ROLE, said" or "ROLE, NAME, said" (toks[comma] is the comma before the cue).

    >>> t = "Committee Chairman Rep. Jason Chaffetz, R-Utah, said"
    >>> source_before(t, 0, t.index(" said")).name
    'Jason Chaffetz'
    """
    if comma >= 1 and toks[comma - 1].group() == ")":
        # "Sen. Jack Reed (D-R.I.), said"
        head = _noun_phrase(text, toks, comma - 1)
        if head is not None and head.kind == "name":
            return head
    commas = [j for j in range(comma - 1, -1, -1) if toks[j].group() == ","]
    # An appositive never holds a quotation: in "“Oh, let him decide,” said Joe Biden, urging"
    # "Oh" is no name with a role.
    if QUOTE_MARK_RE.search(text, toks[0].start(), toks[comma].start()):
        marks = [j for j in range(comma - 1, -1, -1) if toks[j].group() in QUOTE_TOKENS]
        if len(marks) >= 2 and marks[0] - marks[-1] > 5:  # a short title in marks may: "“Going Viral,”"
            commas = [j for j in commas if j > marks[0]]
    # A name opening the sentence, then any appositive segments: "Lance Beebe, 49, a Navy
    # veteran who …, said", "Rep. Jason Chaffetz, R-Utah, said".
    opener_end = skip(OPENER_RE, text, sentence_start)
    for j in commas[:5]:
        if j >= 1 and (_namey(toks[j - 1].group()) or toks[j - 1].group() == ")"):
            head = _noun_phrase(text, toks, j - 1)
            body = head is not None and head.kind == "nominal" and any(w[:1].isupper() for w in head.phrase.split()[1:])
            if head and (head.kind == "name" or body) and opener_end >= head.start:
                role = text[toks[j].end():toks[comma].start()].strip()
                if body:
                    head.end = toks[j].start()  # "The Journal, citing internal documents, reported"
                    head.phrase = text[head.start:head.end]
                    return head
                head.role = role if not head.role else f"{head.role}, {role}"
                head.organisation = head.organisation or _organisation(role)
                head.end = toks[comma].start()
                head.phrase = text[head.start:head.end]
                return head
        # "The lawmaker, who represents a district in Albay, said": a described subject.
        if j >= 1 and j + 1 < comma and toks[j + 1].group().lower() in ("who", "whose") and toks[j - 1].group()[:1].islower():
            head = _noun_phrase(text, toks, j - 1)
            if head and head.kind == "nominal" and opener_end >= head.start:
                return head
    # Otherwise the nearest earlier comma preceded by a name
    # ("Emil Avdaliani, a professor at X, Georgia, and director of Y, said").
    for j in commas[:4]:
        if j == 0:
            break
        inner = toks[j + 1:comma]
        if not inner:
            continue
        before = toks[j - 1].group()
        inner_text = text[inner[0].start():inner[-1].end()]
        short_tag = len(inner) <= 3 and any(c.isdigit() or c == "-" for c in inner_text)  # "R-NY", "49"
        if _namey(before) and (short_tag or APPOSITIVE_HEAD.match(inner_text) and not _namey(inner[0].group())) or (
            _namey(before) and inner[0].group()[:1].isupper() and inner[0].group().endswith(("’s", "'s"))
        ):
            head = _noun_phrase(text, toks, j - 1)
            if head and head.kind == "name":
                role = inner_text
                head.role = role if not head.role else f"{head.role}, {role}"
                head.organisation = head.organisation or _organisation(role)
                head.end = toks[comma].start()
                head.phrase = text[head.start:head.end]
                return head
        # "Azerbaijan’s president, Ilham Aliyev, said": the name sits between the commas.
        if j == commas[0] and all(_namey(t.group()) for t in inner) and len(inner) >= 2:
            role_source = _noun_phrase(text, toks, j - 1) if j >= 1 else None
            name = names.strip_titles(text[inner[0].start():inner[-1].end()])
            start = role_source.start if role_source else inner[0].start()
            lead_role = role_source.phrase if role_source else None
            return Source(start, toks[comma].start(), text[start:toks[comma].start()], "name", name=name,
                          role=lead_role, organisation=_organisation(lead_role))
    return _subject_before_aside(text, toks, comma, sentence_start)


def _subject_before_aside(text: str, toks: list[re.Match], comma: int, sentence_start: int) -> Source | None:
    """The sentence's opening subject, then comma asides, then the cue (toks[comma] is the
    comma before the cue).

    >>> t = "Dairy farmers, many of them in debt, argue"
    >>> source_before(t, 0, t.index(" argue")).phrase
    'Dairy farmers'
    >>> t = "Port officials have, in fact, denied"
    >>> source_before(t, 0, t.index(" denied")).phrase
    'Port officials'
    """
    opener_end = skip(OPENER_RE, text, sentence_start)
    first = next((j for j in range(comma) if toks[j].group() == "," and toks[j].start() >= opener_end), None)
    if first is None or first > 12 and toks[first - 12].start() >= opener_end:
        return None  # a subject is short: more than 12 tokens before the first comma is a clause
    aside = toks[first + 1:comma]
    if not aside or len(aside) > 25 or any(t.group() in ("“", "”", '"', "(", ")", ":", ";") for t in aside):
        return None
    if len(aside) >= 2 and aside[-2].group() in ("and", "or") and aside[-1].group()[:1].isupper():
        return None  # "Clinton, Sanders and O'Malley said": a list, not an aside
    subject = source_before(text, opener_end, toks[first].start())
    if subject is None or subject.start > opener_end or subject.kind not in ("name", "nominal"):
        return None
    if subject.kind == "name" and not subject.role:
        subject.role = text[aside[0].start():aside[-1].end()]
    return subject


def _organisation(role: str | None) -> str | None:
    """The capitalised body a role names: "senior fellow with the Carnegie Europe thinktank" → "Carnegie Europe"."""
    if not role:
        return None
    match = ORG_RE.search(role)
    if match:
        return match.group("org")
    return None


def _abbreviation(word: str) -> bool:
    """ "Capt.", "Sen.", "J.": a period that does not end the sentence."""
    bare = word.rstrip(".")
    return len(bare) <= 4 and bare[:1].isupper() or bare.lower() in names.TITLES


def source_after(text: str, start: int, end: int) -> Source | None:
    """The phrase after an inverted cue, up to a comma, period or quote.

    >>> t = "said independent Armenian analyst Hakob Badalyan, interviewed by AFP."
    >>> s = source_after(t, 5, len(t)); (s.name, s.role)
    ('Hakob Badalyan', 'independent Armenian analyst')
    """
    toks = tokens(text, start, min(end, start + 300))
    stop = 0
    ended = len(toks) <= 14
    while stop < len(toks) and stop < 14:
        w = toks[stop].group()
        if w in (",", ";", ":", "“", "”", '"', "«", "»", "—", "–", "(") or w.endswith("."):
            if w.endswith(".") and len(w) > 1 and _abbreviation(w) and stop + 1 < len(toks) and toks[stop + 1].group()[:1].isupper():
                stop += 1
                continue
            if w.endswith(".") and len(w) > 1:
                stop += 1  # include the word, drop the period below
            ended = True
            break
        if (w.lower() in HARD_STOP or w.lower() == "who") and stop > 0 and (
                toks[stop - 1].group().lower(), w.lower()) not in CLOSE_TO:  # "one aide close to Trump"
            ended = True  # "said a party data expert who has worked for a rival": the relative clause is not the source
            break
        stop += 1
    if stop == 0 or not ended or toks[0].group().lower() in HARD_STOP:
        return None
    if 2 <= stop < len(toks) - 1 and toks[stop].group() == "as" and toks[stop - 1].group() in ("known", "identified", "named"):
        # "said the base chief known as Bob": Bob, the base chief
        k = stop + 1
        while k < len(toks) and _namey(toks[k].group()) and k - stop <= 3:
            k += 1
        if k > stop + 1:
            description = text[toks[0].start():toks[stop - 2].end()]
            name = text[toks[stop + 1].start():toks[k - 1].end()]
            return Source(toks[0].start(), toks[k - 1].end(), text[toks[0].start():toks[k - 1].end()], "name",
                          name=name, role=description)
    if stop > 1 and toks[0].group().lower() in SUBJECT_PRONOUNS:
        return None  # "…, said he expects Obama, Abe and Park to …": a reported clause, not a source
    if stop == 1 and toks[0].group().lower() in ("him", "her", "them", "it"):
        return Source(toks[0].start(), toks[0].end(), toks[0].group(), "pronoun")
    # Walk back over trailing lowercase words: the phrase ends at its last name or noun.
    last = stop - 1
    source = _noun_phrase(text, toks, last)
    if source is not None and source.start > toks[0].start():
        # "said one Democrat familiar with the discussion", "said a strategist for one of the
        # candidates": a head and what follows it, read as the subject before a cue would be.
        whole = source_before(text, toks[0].start(), toks[last].end())
        if whole is not None and whole.start == toks[0].start() and whole.end == toks[last].end():
            source = whole
    if source is None or source.start > toks[0].start():
        return None  # the whole stretch after the cue must be the source phrase
    if source.end > toks[last].end():
        return None
    if source.phrase.endswith("."):
        source.end -= 1
        source.phrase = source.phrase[:-1]
        if source.name and source.name.endswith(".") and not re.search(r"\b[A-Z][a-z]?\.$", source.name):
            source.name = source.name[:-1]
    # A role after the comma: "said Rep. Patrick J. Tiberi (R-Ohio), a senior member of …"
    if stop < len(toks) and toks[stop].group() == "," and source.kind == "name":
        rest = text[toks[stop].end():min(end, toks[stop].end() + 160)]
        role = re.match(r"\s*((?:a|an|the|from|of|at|with)\s[^,.;“”\"]{3,140})", rest)
        if role:
            source.role = f"{source.role}, {role.group(1)}" if source.role else role.group(1)
            source.organisation = source.organisation or _organisation(role.group(1))
    return source
