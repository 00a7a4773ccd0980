"""Claims: reported speech with its source, and the outlet's own check-worthy statements.

Each rule starts from one cue word found by a set lookup (never a big regex alternation) and
reads the source phrase and the content around it inside one sentence:

- ``reported_after_cue``: "Peskov said on Friday that Moscow was prepared to help."
- ``trailing_cue``: "Moscow was prepared to help, sources said."
- ``trailing_inverted``: "Moscow was prepared to help, said a Kremlin spokesman."
- ``participle``: "…, adding that the talks would go on." (the sentence's speaker)
- ``according_to_front`` / ``according_to_back``: "According to him, Russia would …"
- ``check_worthy_number``: an outlet statement with a number, amount or date (no speaker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..speakers import NOT_PERSON, TITLES, is_institution, looks_like_person
from .cues import LEMMA, NOUN_CUES, LISTENER_LEMMAS, PARTICIPLES, cues_between
from .sources import (BARE_SOURCES, PERSON_HEADS, PERSON_PLURALS, SINGULAR_SOURCES, SMALL_NUMBER, Source,
                      sentence_subject, source_after, source_before)
from .text import ABBREVIATIONS

# Digits, "%", or a number word (lowercase: a capitalised one opens a sentence and is rare).
NUMBER = re.compile(r"[0-9%]|\b(?:hundred|thousand|million|billion|trillion|percent|per cent|dozens?)\b")
WORD_RE = re.compile(r"[\w’'\-\.]+|[“”\"«»:;,()]")
# Words between a cue and its content that belong to neither: "said on Friday in a statement that".
LINK_WORDS = frozenset(
    "on in at during last this late early earlier later a an the to statement interview interviews "
    "speech rally meeting press conference reporters journalists him her them us me recently also "
    "monday tuesday wednesday thursday friday saturday sunday week weekend month year night morning "
    "afternoon evening today yesterday repeatedly publicly privately of with his her their its".split()
)
TRIM = " \t,.;:!?—–-"
MIN_WORDS = 3


@dataclass
class Found:
    start: int
    end: int
    source: Source
    cue: str
    sieve: str
    kind: str
    confidence: float


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


# Phrasal cues whose particle belongs to the cue: "pointed out that …", "pointed to …".
PARTICLES = {"point": ("out", "to")}
PARTICLE_RE = re.compile(r"\s+(\w+)\b")


def _past_particle(text: str, cue_end: int, s_end: int, word: str) -> int:
    """Skip the particle of a phrasal cue.

    >>> t = "pointed to the falling crime rate"; t[_past_particle(t, 7, len(t), "pointed"):]
    ' the falling crime rate'
    """
    particles = PARTICLES.get(LEMMA.get(word, ""))
    if particles:
        match = PARTICLE_RE.match(text, cue_end, s_end)
        if match and match.group(1).lower() in particles:
            return match.end()
    return cue_end


def _content_after(text: str, cue_end: int, s_end: int, word: str) -> int:
    """Where the content starts after a cue: past a listener, time words and "that".

    >>> t = "said on Friday that Moscow was ready."; t[_content_after(t, 4, len(t), "said"):].strip()
    'Moscow was ready.'
    """
    cue_end = _past_particle(text, cue_end, s_end, word)
    skipped = 0
    for match in WORD_RE.finditer(text, cue_end, min(s_end, cue_end + 90)):
        token = match.group()
        low = token.lower()
        if low == "that":
            return match.end()
        if skipped >= 7:
            break
        if low in LINK_WORDS or token == "," or token[:1].isupper() or token[:1].isdigit():
            skipped += 1
            continue
        break
    if LEMMA.get(word) in LISTENER_LEMMAS:
        # "told reporters …", "told CNN …", "assured local residents that …": the listener
        # is not the content.
        that = LISTENER_THAT.match(text, cue_end, s_end)
        if that:
            return that.end()
        position = cue_end
        for match in WORD_RE.finditer(text, cue_end, min(s_end, cue_end + 60)):
            token = match.group()
            if token.lower() in LISTENERS or token[:1].isupper():
                position = match.end()
                continue
            break
        return position
    time = TIME_AFTER_CUE.match(text, cue_end, s_end)
    return time.end() if time else cue_end


# "said Tuesday the polls were wrong", "said late Monday night it would": a time, not content.
TIME_AFTER_CUE = re.compile(
    r"\s*(?:(?:on|late|early|last|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today|tonight)(?![’'\w])(?:\s+(?:morning|afternoon|evening|night)\b)?,?"
)
LISTENER_THAT = re.compile(r"(?:\s+[\w’'\-]+){1,4}?\s+that\b")
LISTENERS = frozenset("reporters journalists him her them us me supporters voters".split())



def claim_at_cue(text: str, s_start: int, s_end: int, cue_start: int, cue_end: int, word: str,
                 sentence_source: Source | None = None) -> Found | None:
    """A reported-speech claim around the cue word text[cue_start:cue_end], or None.

    >>> t = "Kremlin spokesperson Dmitry Peskov said on Friday that Moscow was prepared to help."
    >>> f = claim_at_cue(t, 0, len(t), 35, 39, "said"); (f.sieve, f.source.name, t[f.start:f.end])
    ('reported_after_cue', 'Dmitry Peskov', 'Moscow was prepared to help')
    >>> t = "The talks will go on, sources said."
    >>> f = claim_at_cue(t, 0, len(t), 30, 34, "said"); (f.sieve, f.source.phrase, t[f.start:f.end])
    ('trailing_cue', 'sources', 'The talks will go on')
    """
    # Only the last stretch before the cue matters; a bounded slice keeps huge sentences linear.
    before_end = cue_start
    while before_end > s_start and text[before_end - 1].isspace():
        before_end -= 1
    before = text[max(s_start, before_end - 200):before_end]
    if before.endswith(",") and word not in PARTICIPLES and LEMMA.get(word) in INVERTING_LEMMAS:
        # "…, said an American official who …": try the inverted form first ("…, told
        # reporters" names a listener, not a source).
        inverted = source_after(text, cue_end, s_end)
        if inverted is not None and inverted.kind != "pronoun" and not _said_thing(inverted) and _ends_clause(text, inverted.end, s_end):
            c_start, c_end = _trim(text, s_start, before_end)
            if _words(text, c_start, c_end) >= MIN_WORDS:
                return Found(c_start, c_end, inverted, word, "trailing_inverted", "reported", 0.8)
    source = source_before(text, s_start, cue_start)
    # "…, and then said" → "…, and" (only needed when no subject stands before the cue)
    bare_before = AUX_TAIL.sub("", before[-80:]) if source is None else ""  # only its end is read
    if source is None and bare_before.endswith((" and", " but", ",", ",”", ",\"", ",''")) and (word in PARTICIPLES or bare_before.endswith((" and", " but"))):
        # "Reid caucused on Saturday and says …", "Sanders denounced them, saying …"
        shared = sentence_source or sentence_subject(text, s_start, cue_start)
        if shared is not None:
            c_start, c_end = _trim(text, _content_after(text, cue_end, s_end, word), s_end)
            if _words(text, c_start, c_end) >= MIN_WORDS:
                return Found(c_start, c_end, shared, word, "shared_subject", "reported", 0.75)
            return None
    if source is None and word in SPEECH_NOUNS and NOUN_CONTENT.match(text, cue_end):
        # "Okafor's claim that …", "Trump's pledge to …" (not "treating Clinton's remark as …")
        source = _possessive_owner(text, max(s_start, cue_start - 40), before_end)
    if source is not None and not _plausible(text, source, cue_start, word):
        return None
    if source is None:
        if before.endswith((",", "”", '"', "''")):
            if word in PARTICIPLES and sentence_source is not None:
                c_start, c_end = _trim(text, _content_after(text, cue_end, s_end, word), s_end)
                if _words(text, c_start, c_end) >= MIN_WORDS:
                    return Found(c_start, c_end, sentence_source, word, "participle", "reported", 0.7)
                return None
            inverted = None if word in PARTICIPLES or LEMMA.get(word) not in INVERTING_LEMMAS else source_after(text, cue_end, s_end)
            if inverted is not None and not _said_thing(inverted) and _ends_clause(text, inverted.end, s_end):
                c_start, c_end = _trim(text, s_start, before_end)
                if _words(text, c_start, c_end) >= MIN_WORDS:
                    return Found(c_start, c_end, inverted, word, "trailing_inverted", "reported", 0.8)
        return None
    if _after_quote(text, s_start, source.start) or (
            before[-1:] in CLOSING_MARKS and _long_quote_closes_before(text, s_start, before_end)):
        return None  # “…,” Rubio said at a rally / “…,'' said X: the quote sieves own this cue
    if PASSIVE_AGENT.match(text, cue_end) and PASSIVE_AUX.search(text, max(source.end, cue_start - 30), cue_start):
        return None  # "he was criticized by libertarians": the content is the agent
    lead = text[max(s_start, source.start - 12):source.start]
    if AS_LEAD.search(lead):
        # "As The Atlantic recently noted, trust in government is collapsing."
        comma = text.find(",", cue_end, s_end)
        if comma >= 0 and comma - cue_end < 40:
            c_start, c_end = _trim(text, comma + 1, s_end)
            if _words(text, c_start, c_end) >= MIN_WORDS:
                return Found(c_start, c_end, source, word, "as_cue", "reported", 0.85)
    first_after = text[cue_end:cue_end + 12].split(None, 1)[0].lower() if text[cue_end:cue_end + 12].strip() else ""
    if first_after in PREPOSITIONS and (
        _quote_closes_before(text, source.start)  # “…,” Slaughter wrote in a June email
        or (source.kind == "nominal" and word.endswith("ed") and not text[source.end:cue_start].strip())  # "data released Friday by"
    ):
        return None
    content_start = _content_after(text, cue_end, s_end, word)
    aside = ASIDE_RE.match(text, content_start, s_end)
    if aside:
        content_start = aside.end()  # "He believes, for example, that …"
    c_start, c_end = _trim(text, content_start, s_end)
    # "said, however, …" is no content; "said that, at the request of …, it has …" is.
    adverbial = text[content_start:c_start].strip().startswith(",") and text[content_start - 4:content_start].lower() != "that"
    if not adverbial and _words(text, c_start, c_end) >= MIN_WORDS and not _only_link_words(text, c_start, c_end):
        c_end = _before_next_attribution(text, c_start, c_end)
        return Found(c_start, c_end, source, word, "reported_after_cue", "reported", 0.85)
    # Nothing after the cue but time words: the content came first ("…, sources said.").
    c_start, c_end = _trim(text, s_start, source.start)
    tail = text[cue_end:s_end].lstrip()
    if tail.startswith(",") and _words(text, cue_end, s_end) >= MIN_WORDS and text[s_start:source.start].rstrip().endswith(","):
        # "Though the change was seamless, he said, replacing him would be harder.": both halves.
        c_end = _trim(text, s_start, s_end)[1]
        return Found(c_start, c_end, source, word, "parenthetical_cue", "reported", 0.75)
    if tail.startswith(":"):
        return None  # "After the debate, Cruz said:": what he said follows the colon
    if _words(text, c_start, c_end) >= MIN_WORDS and text[s_start:source.start].rstrip().endswith((",", "”", '"', "''")) and (
            not QUOTE_CREDIT.search(text, c_start, c_end)):
        # not "“…,” said Robin Maynard, half joking": the quote before is his, credited already
        return Found(c_start, c_end, source, word, "trailing_cue", "reported", 0.85)
    return None


QUOTE_CREDIT = re.compile(r"(?:”|\"|'')\s*,?\s+(?:said|says|added|asked|wrote|writes|told|explained|continued)\s")


def _said_thing(inverted: Source) -> bool:
    """An inverted "source" that is what was said, not who said it: in "Cruz, a candidate for
    president, tweeted a warning." the warning is the object. A speech noun with an indefinite
    article is never the source ("…, said a statement from the campaign" still is: its head is
    "campaign")."""
    if inverted.kind != "nominal":
        return False
    words = inverted.phrase.lower().split()
    return len(words) >= 2 and words[0] in ("a", "an") and words[-1].strip(".") in NOUNY


# Speech verbs that invert ("…, said a spokesman", "…, writes Smith"); stance verbs do not:
# in "Mukasey, the attorney general, criticized Clinton’s email use" the object follows.
INVERTING_LEMMAS = frozenset(
    "say add write note report state explain comment remark reply respond answer observe continue "
    "recall recount tweet post testify ask conclude declare announce insist claim assert argue "
    "contend maintain allege warn caution admit concede acknowledge confess predict estimate "
    "reckon suggest stress emphasize emphasise quip joke muse wonder whisper shout yell exclaim "
    "cry scream mutter snap thunder gush plead beg intone declaim opine retort counter "
    "reiterate repeat agree believe think fear hope complain lament".split()
)
AUX_TAIL = re.compile(
    r"(?:\s+(?:then|also|later|still|has|have|had|would|will|again|quickly|repeatedly|[a-z]+ly|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|last\s+(?:week|month|year)|this\s+week))+$"
)
ASIDE_RE = re.compile(r"\s*,\s*(?:[\w’'\-]+\s+){0,3}[\w’'\-]+\s*,\s*(?:that\s+)?")
AS_LEAD = re.compile(r"(?:^|,\s*|\b)(?:[Jj]ust\s+)?[Aa]s\s+$")  # "…, as The Times reported on Saturday, …"
PREPOSITIONS = frozenset(
    "in at after before during on while when by as with from into over through since until amid "
    "despite".split()
)
# Cue forms that are just as often nouns: "his home state", "Comey’s remarks", "a new report".
NOUNY = frozenset(
    "state states report reports note notes remark remarks comment comments post posts answer "
    "answers question questions charge charges claim claims promise promises pledge pledges call "
    "calls reply replies fear fears hope hopes worry estimate estimates reporting repeat counter "
    "joke jokes quip boast lament vow vows find finds show shows know feel concern praise "
    "criticism statement statements warning warnings response responses".split()
) | frozenset(NOUN_CUES)


# Cue forms that end noun compounds: "the new tax plan", "a press release", "the peace talks".
COMPOUND_HEADS = frozenset("plan plans release releases talks".split())
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}


SPEECH_NOUNS = frozenset(
    "claim claims pledge pledges promise promises call calls remark remarks comment comments "
    "warning warnings charge charges answer answers response responses reply replies vow vows "
    "note notes statement statements question questions assertion assertions".split()
) | frozenset(NOUN_CUES)


NOUN_CONTENT = re.compile(r"\s+(?:that|to|for)\b")
POSSESSIVE_BEFORE = re.compile(r"(?:\b(?P<pronoun>[Hh]is|[Hh]er|[Tt]heir)|(?P<name>[A-Z][\w\-]+)(?:’s|'s))$")


def _possessive_owner(text: str, start: int, end: int) -> Source | None:
    """The owner right before a speech noun: "Okafor's claim" → "Okafor", "her accusation"
    → "she". The caller asks for it only when "that", "to" or "for" follows the noun: "his
    comments" with no content after them was a wrong speaker too often (51 of 53 right on
    train with the content word, 164 of 197 without).

    >>> t = "Okafor's claim"; _possessive_owner(t, 0, 8).name
    'Okafor'
    """
    match = POSSESSIVE_BEFORE.search(text, start, end)
    if match is None:
        return None
    if match.group("pronoun"):
        a, b = match.span("pronoun")
        return Source(a, b, POSSESSIVE_PRONOUNS[match.group("pronoun").lower()], "pronoun")
    a, b = match.span("name")
    return Source(a, b, match.group("name"), "name", name=match.group("name"))


def _owner_speaks(source: Source) -> bool:
    """Turn a nominal source into the owner its first word names, when it names one:
    "his recent claim" → "he", "Trump's pledge" → "Trump". False when there is no owner."""
    first = source.phrase.split()[0]
    if first.lower() in POSSESSIVE_PRONOUNS:
        source.phrase, source.kind, source.end = POSSESSIVE_PRONOUNS[first.lower()], "pronoun", source.start + len(first)
        return True
    if first.endswith(("’s", "'s")) and first[:1].isupper():
        source.name = first[:-2]
        source.phrase, source.kind, source.end = first, "name", source.start + len(first)
        return True
    return False


def _plausible(text: str, source: Source, cue_start: int, word: str) -> bool:
    """Turn a noun use of a speech cue into its owner ("his recent claim that …" → "he",
    "Trump's pledge to …" → "Trump"); reject other noun uses with no owner ("a new report")
    and gerunds ("Trump finding common ground … is")."""
    if word in PARTICIPLES and source.kind == "name" and not text[source.end:cue_start].strip():
        return False
    if source.kind == "nominal" and word in COMPOUND_HEADS and not text[source.end:cue_start].strip():
        # "the new tax plan as …", "the jetty plan": a noun compound, unless its head speaks.
        head = source.phrase.split()[-1].lower()
        if head not in BARE_SOURCES and head not in SINGULAR_SOURCES and head not in PERSON_HEADS:
            return _owner_speaks(source)  # "his tax plan" → "he", "Clinton's tax plans" → "Clinton"
    if _adjectives_only(source) and not text[source.end:cue_start].strip():
        return False  # "a personally signed tweet that …": the cue word is the noun they describe
    if source.kind != "nominal" or word not in NOUNY:
        return True
    if word in SPEECH_NOUNS and not (word in NOUN_CUES and source.phrase.split()[0].lower() == "its") and _owner_speaks(source):
        return True  # "its prediction" is left out: "it" rarely resolves to the right body
    head = source.phrase.split()[-1].lower()
    return head in BARE_SOURCES or head in SINGULAR_SOURCES or head in PERSON_HEADS or head in PERSON_PLURALS or (
        head in EVIDENCE_HEADS)


# Records that "show" or "find" (PolNeAR attributes them): "The FEC filings show that …",
# "The most recent polling in Florida shows …".
EVIDENCE_HEADS = frozenset("polling files file tallies tally searches".split())


def _adjectives_only(source: Source) -> bool:
    """A short lowercase phrase of an article and adjectives ending in a participle: "a
    personally signed", "an impassioned", "a detailed" — no one who speaks.

    >>> _adjectives_only(Source(0, 19, "a personally signed", "nominal")), _adjectives_only(Source(0, 11, "a spokesman", "nominal"))
    (True, False)
    """
    words = source.phrase.split()
    return (source.kind == "nominal" and len(words) <= 3 and words[0].lower() in ("a", "an")
            and source.phrase.endswith("ed") and " ".join(words[1:]).islower())


PASSIVE_AGENT = re.compile(r"\s*by\s")
PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:[a-z]+ly\s+)?$")


def _quote_closes_before(text: str, at: int) -> bool:
    """Whether a closing quote mark sits right before ``at``: “…,” Slaughter wrote."""
    before = text[max(0, at - 4):at].rstrip(" ,")
    return before.endswith(("”", "''", "»")) or (before.endswith('"') and not before.endswith(' "'))


CLOSING_MARKS = frozenset("”'\"»,")


def _long_quote_closes_before(text: str, s_start: int, at: int) -> bool:
    """Whether a quotation of six words or more closes right before ``at`` (a short quoted
    title in an appositive, "the host of ''Today,'' reminded", does not count).

    >>> t = "''We will not build the bridge this year,'' said"
    >>> _long_quote_closes_before(t, 0, t.index(" said")), _long_quote_closes_before("the host of ''Today,''", 0, 22)
    (True, False)
    """
    if not _quote_closes_before(text, at):
        return False
    close = at
    while close > s_start and text[close - 1] in " ,":
        close -= 1
    mark = "''" if text[close - 2:close] == "''" else text[close - 1]
    opener = {"”": "“", "''": "''", '"': '"', "»": "«"}.get(mark, mark)
    opened = text.rfind(opener, s_start, close - len(mark))
    inside = text[opened + len(opener):close - len(mark)] if opened >= 0 else text[s_start:close - len(mark)]
    return len(inside.split()) >= 6


def _after_quote(text: str, s_start: int, at: int) -> bool:
    """Whether the only thing before ``at`` in its sentence is a quotation."""
    opening = text[s_start:s_start + 2].lstrip()[:1]
    if opening not in ("“", '"', "'", "«"):
        return False
    before = text[max(s_start, at - 10):at].rstrip(" ,")
    return before.endswith(("”", '"', "''", "»"))


CLAUSE_TAIL = re.compile(
    r"\s*(?:[.!?”\"]*\s*$|[,(]\s*(?:a|an|the|who|whose|which|and|in|on|at|during|according|referring|"
    r"adding|noting|speaking|told|when|after|before|[A-Z0-9])|\s+(?:in|at|of|from|on|during|after|before|when|while)\s[^,]{1,60}[.!?]?[”\"]?\s*$)"
)


def _ends_clause(text: str, at: int, s_end: int) -> bool:
    """Whether an inverted source ends its clause: "…, said Jane Smith." / "…, said Jane Smith, a …"
    / "…, said Robert Egge, executive director of …".

    >>> t = "It is no issue, said Robert Egge, executive director of the group."
    >>> _ends_clause(t, t.index(", exec"), len(t)), _ends_clause(t, t.index(" is"), len(t))
    (True, False)
    """
    if CLAUSE_TAIL.match(text, at, s_end) is not None:
        return True
    role = ROLE_AFTER_COMMA.match(text, at, s_end)
    return role is not None and role.group(1).lower() in ROLE_WORDS


ROLE_AFTER_COMMA = re.compile(r",\s*([a-z][\w\-]*)")
ROLE_WORDS = PERSON_HEADS | frozenset(TITLES) | frozenset(
    "executive senior former longtime veteran deputy associate assistant co-founder founder".split())


def _before_next_attribution(text: str, start: int, end: int) -> int:
    """Cut content where another speaker's attribution begins in the same sentence:
    "After Trump argued that Medicare should grow, Rubio said only that …" → "Medicare should grow".

    >>> t = "that Medicare should grow, Rubio said only that it was wrong."
    >>> t[5:_before_next_attribution(t, 5, len(t))]
    'Medicare should grow'
    """
    for cue_start, _, _ in cues_between(text, start, end):
        comma = text.rfind(",", start, cue_start)
        if comma < 0 or cue_start - comma > 80:
            continue
        source = source_before(text, comma + 1, cue_start)
        if source is not None and source.kind in ("name", "pronoun") and not text[comma + 1:source.start].strip():
            cut = comma
            while cut > start and text[cut - 1] in TRIM:
                cut -= 1
            if _words(text, start, cut) >= MIN_WORDS:
                return cut
    return end


def _only_link_words(text: str, start: int, end: int) -> bool:
    return all(w.lower().strip(".,") in LINK_WORDS for w in text[start:end].split()[:6]) and _words(text, start, end) <= 6


def according_to(text: str, s_start: int, s_end: int, at: int) -> Found | None:
    """ "According to X, CONTENT", "CONTENT, according to X" or "…, according to X, CONTENT"
    (``at`` is where "According" starts). Any noun phrase can follow "according to".

    >>> t = "According to him, Russia would be punishing Pashinyan."
    >>> f = according_to(t, 0, len(t), 0); (f.source.phrase, t[f.start:f.end])
    ('him', 'Russia would be punishing Pashinyan')
    >>> t = "Turnout rose by a third, according to Federal Election Commission filings."
    >>> f = according_to(t, 0, len(t), t.index("according")); (f.source.phrase, t[f.start:f.end])
    ('Federal Election Commission filings', 'Turnout rose by a third')
    """
    after = at + len("according to ")
    source = source_after(text, after, s_end)
    source_end = _source_end(text, after, s_end)
    while source_end > after and text[source_end - 1] in TRIM:
        source_end -= 1
    if source is None or source.end < source_end - 1:
        # "according to polling by the A.F.L.-C.I.O.": keep the whole phrase as the source.
        phrase = text[after:source_end]
        if len(phrase.split()) > 14:
            # "according to early results of the exit poll conducted by Edison Research for …"
            cut = SOURCE_TAIL.search(phrase)
            phrase = phrase[:cut.start()] if cut else ""
        if not phrase or len(phrase.split()) > 14:
            return None
        source = Source(after, after + len(phrase), phrase, "nominal", name=None)
        source = _author(text, source) or source
    if text[s_start:at].strip(TRIM + "“”\"") == "" or at - s_start < 3:
        comma = text.find(",", source.end - 1, s_end)
        if comma < 0:
            return None
        c_start, c_end = _trim(text, comma + 1, s_end)
        sieve = "according_to_front"
    else:
        c_start, c_end = _trim(text, s_start, at)
        sieve = "according_to_back"
        tail_start, tail_end = _trim(text, source_end, s_end)
        if text[source_end:source_end + 1] == "," and _words(text, tail_start, tail_end) > _words(text, c_start, c_end):
            # "He crossed the border after, according to him, Televisa censured his report."
            c_start, c_end = tail_start, tail_end
    if _words(text, c_start, c_end) < MIN_WORDS:
        return None
    return Found(c_start, c_end, source, "according to", sieve, "according_to", 0.85)


def _source_end(text: str, after: int, s_end: int) -> int:
    """Where the phrase after "according to" ends: at a comma, a clause word or a period,
    but not an abbreviation's period ("according to Mr. Sanders's campaign").

    >>> t = "It fell, according to Mr. Sanders's campaign. Then"
    >>> t[t.index("Mr"):_source_end(t, t.index("Mr"), len(t))]
    "Mr. Sanders's campaign"
    """
    stop = SOURCE_END.search(text, after, s_end)
    while stop and stop.group() == ".":
        word_start = max(after, text.rfind(" ", after, stop.start()) + 1)
        if text[word_start:stop.start()].lower() not in ABBREVIATIONS:
            break
        stop = SOURCE_END.search(text, stop.end(), s_end)
    return stop.start() if stop else s_end


def _author(text: str, work: Source) -> Source | None:
    """The person behind "calculations by Amy Glasmeier of MIT": a full name after "by",
    the work kept as the role.

    >>> t = "according to calculations by Amy Glasmeier of the Massachusetts Institute of Technology"
    >>> s = _author(t, Source(13, len(t), t[13:], "nominal")); (s.name, s.role, s.organisation)
    ('Amy Glasmeier', 'calculations', 'Massachusetts Institute of Technology')
    """
    match = AUTHOR_RE.match(work.phrase)
    if match is None or not looks_like_person(match.group("name")) or is_institution(match.group("name")):
        return None
    a = work.start + match.start("name")
    b = work.start + match.end("name")
    organisation = match.group("org")
    return Source(a, b, match.group("name"), "name", name=match.group("name"), role=match.group("work"),
                  organisation=organisation)


AUTHOR_RE = re.compile(
    r"(?:(?:the|a|an|new)\s+)?(?P<work>(?:[a-z\-]+\s+){0,2}(?:calculations?|analysis|analyses|estimates?|research|"
    r"study|studies|count|tally|review|projections?|data|book|memoir))\s+by\s+"
    r"(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){1,2})(?:\s+(?:of|at)\s+(?:the\s+)?(?P<org>[A-Z][^,;]*))?$"
)


# Where a long "according to" source can end: before a participle or relative clause about it.
SOURCE_TAIL = re.compile(r"(?<=\w)\s+(?:conducted|released|published|taken|obtained|reviewed|cited|compiled|that|which|who)\s")
POLL_HEAD_RE = re.compile(r"poll(?:s|ing)?\b|survey(?:s)?\b")
IN_POLL_RE = re.compile(
    r"\b[Ii]n[ \t]+((?:(?:the|a|an|one|another|this|that|its|their|his|her|our|every)[ \t]+)?"
    r"(?:[\w’'\-/&]+[ \t]+){0,7})$"
)
# Words that make "in … polls" something other than a named poll: "going to the polls",
# "states where exit polls …".
NOT_IN_POLL = frozenset("to where when which who that whose of-the head heads going went".split())
SPECIFIC_POLL = frozenset("latest new recent same earlier exit national statewide".split())
POLL_TAIL_RE = re.compile(r"(?:\s+(?:released|conducted|taken|published|out)\b[^,;.]{0,40})?")


def poll_mentions(text: str) -> list[tuple[int, int]]:
    """(start of "in", end of the head) of every "in <…> poll(s)/survey(s)" in the text: the
    poll is the source of what the sentence reports.

    >>> t = "In a Harbour Gazette poll last week, Okafor led by ten points."
    >>> [t[a:b] for a, b in poll_mentions(t)]
    ['In a Harbour Gazette poll']
    """
    found = []
    for head_start, head_end in _poll_heads(text):
        window = max(0, head_start - 90)
        at = max(text.rfind(" in ", window, head_start) + 1, text.rfind("In ", window, head_start))
        lead = IN_POLL_RE.match(text, at, head_start) if at > 0 or text.startswith("In ") else None
        if lead is None:
            continue
        words = lead.group(1).split()
        if any(w.lower() in NOT_IN_POLL or w.endswith("ing") for w in words):
            continue
        # A poll the sentence names ("a Des Moines Register poll", "the latest polls"), not
        # the generic "in the polls".
        if any(w[:1].isupper() or w[:1].isdigit() or w.lower() in SPECIFIC_POLL for w in words):
            found.append((lead.start(), head_end))
    found.sort()
    return found


def _poll_heads(text: str):
    """(start, end) of "poll", "polls", "polling", "survey", "surveys" as words: str.find
    skips through the text in C, the word check runs only on hits."""
    for stem in ("poll", "survey"):
        at = text.find(stem)
        while at >= 0:
            head = POLL_HEAD_RE.match(text, at)
            if head and not (at and text[at - 1].isalnum()):
                yield at, head.end()
            at = text.find(stem, at + 1)


def in_poll(text: str, s_start: int, s_end: int, at: int, head_end: int) -> Found | None:
    """ "In a Des Moines Register poll, Cruz led by ten points": the poll that opens the
    sentence is the source, the rest of the sentence the content. A poll at the end
    ("Okafor leads in the Iowa polls") is left alone: on the training split such sentences
    were mostly the outlet's own campaign report (precision 0.6), the opening form 14 of 14.

    >>> t = "In a Harbour Gazette poll last week, Okafor led Lindqvist by ten points."
    >>> f = in_poll(t, 0, len(t), 0, t.index(" last")); (f.source.phrase, t[f.start:f.end])
    ('a Harbour Gazette poll', 'Okafor led Lindqvist by ten points')
    >>> t = "Okafor has a clear lead in the latest polls."
    >>> in_poll(t, 0, len(t), t.index("in the"), t.index(".")) is None
    True
    """
    phrase_start = at + 3
    tail = POLL_TAIL_RE.match(text, head_end, s_end)
    phrase_end = tail.end() if tail else head_end
    source = Source(phrase_start, head_end, text[phrase_start:head_end], "nominal", name=None)
    if not text[s_start:at].strip(TRIM + "“”\""):
        comma = text.find(",", phrase_end, s_end)
        if comma < 0 or comma - phrase_end > 60:
            return None
        c_start, c_end = _trim(text, comma + 1, s_end)
    else:
        return None  # "… leads in the Iowa polls": too often a campaign report, not the poll's finding
    if _words(text, c_start, c_end) < MIN_WORDS:
        return None
    return Found(c_start, c_end, source, "in", "in_poll", "reported", 0.75)


# "To many, …", "To Ms. Gil, …", "In his view, …", "In Trump's mind, …", "In the eyes of X, …"
VIEW_RE = re.compile(
    r"(?:To[ \t]+(?P<to>(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.[ \t]+)?[A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+){0,3}"
    r"|him|her|them|many|some|others|critics|supporters|opponents|conservatives|liberals|progressives|voters)"
    r"|In[ \t]+(?P<owner>his|her|their|its|[A-Z][\w\-]+(?:[ \t]+[A-Z][\w\-]+){0,2}(?:’s|'s))[ \t]+(?:view|opinion|estimation|eyes|mind|words|telling|account)"
    r"|In[ \t]+the[ \t]+(?:view|opinion|eyes|estimation)[ \t]+of[ \t]+(?P<of>[^,]{2,60}))[ \t]*,[ \t]*"
)
NOT_VIEW_NAMES = frozenset("date be this that these those what which win make get see".split())


def in_view(text: str, s_start: int, s_end: int) -> Found | None:
    """A sentence opened by whose view it is: "To many, X is a provocateur", "In his view, …".

    >>> t = "To many, the ferry is a lifeline for the island."
    >>> f = in_view(t, 0, len(t)); (f.source.phrase, t[f.start:f.end])
    ('many', 'the ferry is a lifeline for the island')
    >>> in_view("To date, the ferry has run late.", 0, 32) is None
    True
    """
    match = VIEW_RE.match(text, s_start, s_end)
    if match is None:
        return None
    group = next(name for name in ("to", "owner", "of") if match.group(name))
    phrase = match.group(group)
    if phrase.lower() in NOT_VIEW_NAMES or (phrase[:1].isupper() and phrase.split()[0].lower() in NOT_PERSON):
        return None
    a, b = match.span(group)
    if group == "owner":
        if phrase.lower() in POSSESSIVE_PRONOUNS:
            source = Source(a, b, POSSESSIVE_PRONOUNS[phrase.lower()], "pronoun")
        else:
            source = Source(a, b - 2, phrase[:-2], "name", name=phrase[:-2])
    elif phrase.lower() in ("him", "her", "them"):
        source = Source(a, b, phrase, "pronoun")
    elif phrase[:1].isupper():
        source = Source(a, b, phrase, "name", name=phrase)
    else:
        source = Source(a, b, phrase, "nominal", name=None)
    c_start, c_end = _trim(text, match.end(), s_end)
    if _words(text, c_start, c_end) < MIN_WORDS:
        return None
    return Found(c_start, c_end, source, "to", "in_view", "reported", 0.75)


NOT_COLON_SPEAKERS = frozenset(
    "q a update updated note editor photo video watch read related also see source sources breaking "
    "exclusive analysis opinion correction clarification bottom line why what how the".split()
)


def colon_speaker(text: str, match: re.Match, paragraph_end: int) -> Found | None:
    """A paragraph opened by a name and a colon: a headline quote or a transcript turn.

    >>> t = "Trump: Clinton should have congratulated me."
    >>> import re; m = re.match("(Trump): ", t)
    >>> f = colon_speaker(t, m, len(t)); (f.source.name, t[f.start:f.end])
    ('Trump', 'Clinton should have congratulated me')
    """
    name = match.group(1)
    if name.split()[0].lower().rstrip(".") in NOT_COLON_SPEAKERS or len(name) < 3:
        return None
    c_start, c_end = _trim(text, match.end(), paragraph_end)
    if _words(text, c_start, c_end) < MIN_WORDS:
        return None
    shown = name.title() if name.isupper() else name  # "FALLIN" → "Fallin"
    source = Source(match.start(1), match.end(1), name, "name", name=shown)
    return Found(c_start, c_end, source, ":", "colon_speaker", "reported", 0.7)


SOURCE_END = re.compile(r",|[.;:!?](?=\s|$)|\s(?:who|which|that|even|but|and then)\s")


# A digit, "%" or a number word, wherever it starts (also inside "percentage", "dozens").
# Spelled as one-character alternatives (not "[0-9%]") so that every branch opens with a
# literal: the engine then skips, in C, every character that cannot start a match.
NUMBER_START = re.compile("|".join("0123456789%") + "|hundred|thousand|million|billion|trillion|percent|per cent|dozen")
LONGEST_NUMBER_WORD = len("thousand")


def has_number(text: str, start: int, end: int) -> bool:
    """Whether a digit, "%" or a number word starts inside text[start:end] (the word may run
    past ``end``): a cheap test before the check-worthy rule reads a sentence.

    >>> t = "It cost a million. He left."
    >>> has_number(t, 0, 18), has_number(t, 19, len(t))
    (True, False)
    """
    found = NUMBER_START.search(text, start, end + LONGEST_NUMBER_WORD)
    return found is not None and found.start() < end


def is_check_worthy(sentence: str) -> bool:
    """An outlet statement worth checking: it states a number, amount or date.

    >>> is_check_worthy("Violence in September cost the lives of 207 Armenian and 80 Azerbaijani soldiers.")
    True
    >>> is_check_worthy("Russia occupies a central position in this conflict.")
    False
    """
    return bool(NUMBER.search(sentence)) and len(sentence.split()) >= 6


_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMBER = (rf"(?:\d+(?:\.\d+)?|{_TENS}(?:-{_UNITS})?|{_UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|"
           r"sixteen|seventeen|eighteen|nineteen)")
# Verbs whose subject, a share of those polled, states a preference or opinion: "56 percent
# would vote for Clinton", "54 percent of Democrats held a favorable opinion of him".
SHARE_VERBS = (
    "vote|voted|choose|chose|prefer|preferred|prefers|favor|favored|favors|back|backed|approve|approved|"
    "approves|disapprove|disapproved|disapproves|hold|held|holds|rate|rated|rates|trust|"
    "trusted|trusts|like|liked|likes|dislike|disliked|dislikes|pick|picked|picks|select|selected|name|"
    "named|identify|identified|cite|cited|rank|ranked|give|gave|gives|view|viewed|views|see|saw|sees|"
    "consider|considered|considers|oppose|opposed|opposes|support|supported|supports|want|wanted|wants|"
    "agree|agreed|agrees|disagree|disagreed|disagrees|say|said|says|believe|believed|believes|think|"
    "thought|thinks|call|called|calls|expect|expected|expects|feel|felt|feels|worry|worried"
)
SHARE_CLAIM_RE = re.compile(
    r"(?P<share>(?:(?:about|nearly|almost|roughly|around|only|just|over|under|more than|less than|fewer than|"
    r"at least|barely|a paltry|a mere|some)\s+)*"
    rf"(?:{_NUMBER}\s*(?:%|percent)|{SMALL_NUMBER}\s+(?:in|out of)\s+{SMALL_NUMBER}|(?:a|one)\s+(?:third|quarter|fifth)|"
    r"two-thirds|three-quarters|half|(?:a|the)\s+(?:majority|plurality))"
    r"(?:\s+of\s+(?:(?:the|those|all)\s+)?(?:[A-Za-z][\w’'\-]*\s+){0,4}?[A-Za-z][\w’'\-]*)?)"
    rf"\s+(?:(?:would|will|also|still|now|strongly|somewhat|generally|overwhelmingly)\s+){{0,2}}"
    rf"(?P<verb>(?:{SHARE_VERBS})(?:\s+(?:for|against|with|in\s+favor\s+of))?)\b",
    re.IGNORECASE,
)
SHARE_CONTENT_END = re.compile(r"[;!?\n]|,\s+(?:while|but|and|compared|followed|up|down)\b|\s(?:while|whereas)\s|,?\s+according to\b")


def share_mentions(text: str) -> list[re.Match]:
    """Every "<share> [would] <verb>" that opens a clause: a poll's finding about a group.

    >>> t = "Among Democrats, 56 percent would vote for Clinton, while four percent chose O’Malley."
    >>> [(m.group("share"), m.group("verb")) for m in share_mentions(t)]
    [('56 percent', 'vote for'), ('four percent', 'chose')]
    """
    found: list[re.Match] = []
    # The full pattern is tried only at the few word starts just before a share word: tried
    # at every position it took a third of all extraction time.
    for anchor in _share_anchors(text):
        if found and anchor < found[-1].end():
            continue
        for word in WORD_START_RE.finditer(text, max(0, anchor - 40), anchor + 1):
            match = SHARE_CLAIM_RE.match(text, word.start())
            if match is not None and match.end("share") > anchor and _opens_clause(text, word.start()):
                found.append(match)
                break
    return found


# Words that every share holds; found with str.find (a regex alternation scanning every
# position cost 0.4 ms an article).
SHARE_ANCHORS = ("percent", "%", "half", "Half", "majority", "Majority", "plurality", "third", "quarter",
                 "fifth", " in 10 ", " in 5 ", " in 4 ", " in 3 ", " in ten ", " in five ", " in four ", " in three ",
                 " out of ")


def _share_anchors(text: str) -> list[int]:
    found = []
    for word in SHARE_ANCHORS:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + len(word))
    found.sort()
    return found


def _opens_clause(text: str, at: int) -> bool:
    """Whether a clause can start at ``at``: the text's or a sentence's start, after a comma,
    semicolon, colon or dash, or after "and", "while", "when", "but", "whereas"."""
    before = text[max(0, at - 12):at].rstrip()
    return (not before or before[-1] in ".!?,;:—\n”\"" or text[at - 1:at] == "\n"
            or before.endswith((" and", " while", " when", " but", " whereas")))


WORD_START_RE = re.compile(r"(?<![\w’'\-])\w")




def share_claim(text: str, s_start: int, s_end: int, match: re.Match) -> Found | None:
    """The rest of the clause after the verb of ``share_mentions``: what the share chose or holds.

    >>> t = "Among Republicans, 27 percent would vote for Trump, followed by Cruz."
    >>> m = share_mentions(t)[0]; f = share_claim(t, 0, len(t), m); (f.source.phrase, t[f.start:f.end])
    ('27 percent', 'Trump')
    """
    a, b = match.span("share")
    end = SHARE_CONTENT_END.search(text, match.end(), s_end)
    c_start, c_end = _trim(text, match.end("verb"), end.start() if end else s_end)
    if c_end <= c_start or c_end - c_start > 300:
        return None
    source = Source(a, b, text[a:b], "nominal", name=None)
    return Found(c_start, c_end, source, " ".join(match.group("verb").lower().split()), "share_of_group", "reported", 0.7)

