"""Speaker sieves for quotes: small rules, most precise first; each fills only what earlier
ones left empty (after Stanford CoreNLP's quote attribution).

Every sieve takes a :class:`QuoteContext` and returns a :class:`Mention` (the source phrase
next to the quote, with its cue) or None. ``resolve`` then turns the phrase into a speaker:
a full name through the article's name index, a pronoun or "the expert" through the people
seen so far in document order, or an organisation / anonymous source kept as written.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from .. import speakers as names
from .cues import PARTICIPLES, QUOTE_FORMS
from .sources import PRONOUNS, Source, sentence_subject, source_after, source_before
from .text import skip

PUNCTUATION_GAP = re.compile(r"[\s,.;:!?—–\-’'”\"»]*")


@dataclass
class Mention:
    source: Source
    cue: str | None
    sieve: str
    confidence: float


@dataclass
class QuoteContext:
    text: str
    open_at: int
    close_at: int | None
    start: int
    end: int
    sentence_start: int  # start of the sentence the quote opens in
    clause_end: int  # end of the clause after the closing mark (next quote, period or paragraph end)
    cues: list  # (start, end, word) cue hits of the whole article, sorted (no speech-act nouns)
    cue_starts: list


@dataclass
class ArticleState:
    """What attribution remembers while walking an article in document order."""

    index: names.NameIndex
    text: str
    # (offset, name, gender, role): named speakers and sentence subjects, in order.
    people: list[tuple[int, str, str | None, str | None]] = field(default_factory=list)
    people_offsets: list[int] = field(default_factory=list)  # their offsets, non-decreasing
    bodies: list[tuple[int, str]] = field(default_factory=list)  # (offset, "the campaign")
    organisations: dict[str, str] = field(default_factory=dict)  # name → organisation
    titles: dict[str, str | None] = field(default_factory=dict)  # "prime minister" → name, cached
    sentences: list[tuple[int, int]] = field(default_factory=list)
    subjects: dict[int, tuple | None] = field(default_factory=dict)  # sentence → (offset, name, gender, None)

    def subject(self, s_index: int):
        """A person name opening a sentence: the likeliest referent of a later "he"/"she".
        Computed only when a pronoun needs it."""
        if s_index not in self.subjects:
            self.subjects[s_index] = _sentence_subject_name(self, s_index)
        return self.subjects[s_index]

    def candidates(self, at: int, sentences_back: int = 10):
        """People before offset ``at``, nearest first: speakers so far and the subjects of the
        last ``sentences_back`` sentences (a speaker before a subject at the same offset).

        A generator: callers stop at the first fit, so older sentence subjects are often
        never computed."""
        # People are remembered in document order, so those before ``at`` are a prefix.
        people = sorted(self.people[:bisect.bisect_left(self.people_offsets, at)], key=_offset, reverse=True)
        taken = 0
        s_index = bisect.bisect_right(self.sentence_starts, at) - 1 if self.sentences else -1
        for index in range(s_index, max(-1, s_index - sentences_back), -1):
            start = self.sentence_starts[index]  # a subject's offset is its sentence's start
            while taken < len(people) and people[taken][0] >= start:
                yield people[taken]
                taken += 1
            if start < at:
                subject = self.subject(index)
                if subject:
                    yield subject
        yield from people[taken:]

    @functools.cached_property
    def sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    @functools.cached_property
    def lower(self) -> str:
        return self.text.lower()

    def remember(self, at: int, name: str, gender: str | None, role: str | None, organisation: str | None = None) -> None:
        self.people.append((at, name, gender, role))
        self.people_offsets.append(at)
        if organisation:
            self.organisations.setdefault(name, organisation)



SUBJECT_RE = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?[A-Z][\w’'\-]+(?:[ \t]+(?:de[ \t]+|van[ \t]+|von[ \t]+)?[A-Z][\w’'\-]+){0,3}(?=[ \t]+[a-z]|,)"
)
# Capitalised words that make a sentence-opening run a body, not a person.
BODY_WORDS = frozenset(
    "republican republicans democrat democrats democratic party department committee police "
    "house senate court university college news times post campaign council agency office "
    "bureau company group network journal press commission service board union ministry "
    "administration government state states city county american americans national federal".split()
)


def _offset(person) -> int:
    return person[0]


def _sentence_subject_name(state: "ArticleState", s_index: int):
    s_start, s_end = state.sentences[s_index]
    match = SUBJECT_RE.match(state.text, s_start, s_end)
    if not match:
        return None
    mention = names.strip_titles(match.group(0))
    tokens = mention.split()
    if not tokens or tokens[0].lower() in names.NOT_PERSON or tokens[-1].lower() in names.NOT_PERSON:
        return None
    if any(token.lower() in BODY_WORDS for token in tokens):
        return None
    full = state.index.resolve(mention)
    if len(full.split()) < 2 and not match.group(0).startswith(("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen")):
        return None
    title = match.group(0)[: len(match.group(0)) - len(mention)].strip() or None  # "Analyst"
    return (s_start, full, state.index.gender_of(full), title)


def _cues_between(ctx: QuoteContext, start: int, end: int):
    lo = bisect.bisect_left(ctx.cue_starts, start)
    hi = bisect.bisect_left(ctx.cue_starts, end)
    return ctx.cues[lo:hi]


def after_quote_inverted(ctx: QuoteContext) -> Mention | None:
    """Cue right after the closing mark, speaker after the cue.

    “…,” said independent Armenian analyst Hakob Badalyan → "independent Armenian analyst Hakob Badalyan";
    …leave the CSTO'”considered the expert → "the expert"
    """
    if ctx.close_at is None:
        return None
    gap = skip(PUNCTUATION_GAP, ctx.text, ctx.close_at + 1)
    hits = _cues_between(ctx, gap, gap + 1)
    confidence = 0.95
    if not hits:
        # “…” in the face of the protest movement, said analyst Hakob Badalyan: a short
        # tail of the sentence, a comma, then the inverted cue.
        comma = ctx.text.find(",", gap, min(ctx.clause_end, gap + 80))
        if comma < 0 or any(mark in ctx.text[gap:comma] for mark in "“”\"«»"):
            return None
        after_comma = skip(PUNCTUATION_GAP, ctx.text, comma + 1)
        hits = _cues_between(ctx, after_comma, after_comma + 1)
        if not hits:
            return None
        confidence = 0.85
    _, cue_end, word = hits[0]
    if word in PARTICIPLES:
        return None  # “…”, citing its age: the object of a participle is not its speaker
    source = source_after(ctx.text, cue_end, ctx.clause_end)
    if source is None:
        return None
    return Mention(source, word, "after_quote_inverted", confidence)


def _sentence_ends_inside(ctx: QuoteContext) -> bool:
    """“… in “Trainwreck.” The critics agreed": a period inside the closing mark, then a new
    sentence, whose subject and cue are not the quote's (“…!” and “…?” are left alone: “We
    will win!” Cruz shouted)."""
    close = ctx.close_at
    if close is None:
        return False
    return ctx.text[ctx.end - 1:ctx.end] == "." and ctx.text[close + 1:close + 2] == " " and (
        ctx.text[close + 2:close + 3].isupper() and ctx.text[ctx.open_at - 1:ctx.open_at] not in ("", "\n"))


def after_quote_direct(ctx: QuoteContext) -> Mention | None:
    """Speaker then cue right after the quote.

    “…,” Pashinyan declared → "Pashinyan"; “…,” he added → "he";
    “…” Tom de Waal, a senior fellow with Carnegie Europe, said → "Tom de Waal"
    """
    if ctx.close_at is None or _sentence_ends_inside(ctx):
        return None
    gap = skip(PUNCTUATION_GAP, ctx.text, ctx.close_at + 1)
    for cue_start, cue_end, word in _cues_between(ctx, gap, ctx.clause_end)[:2]:
        source = source_before(ctx.text, gap, cue_start)
        if source is None:
            continue
        if COLON_AFTER.match(ctx.text, cue_end):
            return None  # “We are not terrorists.” Mr. Zahed said: “…”: he introduces the next one
        between = ctx.text[gap:source.start]
        # “…” for criminal behavior, she said: a short tail of the sentence may sit between;
        # “…,” Trump's senior adviser Jason Miller said: the adviser's owner may too.
        if source.start <= gap + 1 or (between.rstrip().endswith(",") and len(between.split()) <= 8) or OWNER_BEFORE.fullmatch(between):
            return Mention(source, word, "after_quote_direct", 0.95 if source.start <= gap + 1 else 0.85)
    return None


COLON_AFTER = re.compile(r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|later))?\s*:")
BY_PARTICIPLE = re.compile(r"\b(?:by|after|while|before)\s+$")
OWNER_BEFORE = re.compile(r"(?:[A-Z][\w.\-]*\s+){0,2}[A-Z][\w.\-]*(?:’s|'s|’)\s+")
CLAUSE_PRONOUN = re.compile(r"(?:^|[,;]\s+)(he|she|they|He|She|They)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b")
AND_BEFORE = re.compile(r"\band(?:\s+(?:then|also|later|again|[a-z]+ly))?\s*$")


def before_quote(ctx: QuoteContext) -> Mention | None:
    """Speaker and cue right before the quote, colon or comma form.

    He said: “…” → "he"; Nikol Pashinyan told reporters, “…” → "Nikol Pashinyan"
    """
    hits = _cues_between(ctx, ctx.sentence_start, ctx.open_at)
    if not hits:
        return None
    cue_start, cue_end, word = hits[-1]
    if word in PARTICIPLES and (ctx.text[ctx.sentence_start:cue_start].rstrip().endswith(",")
                                or BY_PARTICIPLE.search(ctx.text, max(ctx.sentence_start, cue_start - 8), cue_start)):
        # "Obama punctuated his list by saying “Too many.”": the sentence's subject too.
        # "Aliyev cancelled the summit, accusing Macron of an “anti-Azerbaijan stance”"
        subject = sentence_subject(ctx.text, ctx.sentence_start, cue_start)
        return Mention(subject, word, "before_quote", 0.8) if subject else None
    between = ctx.text[cue_end:ctx.open_at]
    if len(between) > 60 or '"' in between or "“" in between or "”" in between:
        return None
    if not between.rstrip().endswith((":", ",")) and between.strip() not in ("", "that"):
        if len(between.split()) > 3:
            return None
    source = source_before(ctx.text, ctx.sentence_start, cue_start)
    if source is None and AND_BEFORE.search(ctx.text, max(ctx.sentence_start, cue_start - 40), cue_start):
        # "he looked into the camera, furrowed his brow and said, “…”": the sentence's subject
        source = sentence_subject(ctx.text, ctx.sentence_start, cue_start)
        if source is None:
            # "…, he looked into my camera, furrowed his brow and said": the last clause's pronoun.
            clause = None
            for clause in CLAUSE_PRONOUN.finditer(ctx.text, ctx.sentence_start, cue_start):
                pass
            if clause is not None:
                source = Source(clause.start(1), clause.end(1), clause.group(1), "pronoun")
        return Mention(source, word, "before_quote", 0.8) if source else None
    if source is None:
        return None
    return Mention(source, word, "before_quote", 0.9)


# A name (or two joined by "and") right before the colon, after the sentence start, a dash or
# "From": how digests and transcripts introduce a quotation.
NAME_COLON_RE = re.compile(
    r"(?:^|(?<=[-–—]\s)|(?<=[.!?]\s)|(?<=[.!?][”\"]\s)|(?<=\n))(?:(?:More\s+)?[Ff]rom\s+)?"
    r"(?P<name>(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w’'\-]*(?:\s+and\s+(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w’'\-]*)?)"
    r"\s*(?:\([^()\n]{1,20}\))?:$"
)
# Last words of labels that scraped pages put before a colon ("Editor’s Note:", "Wow:",
# "Transcript as follows:"): never a speaker.
PAGE_LABELS = frozenset(
    "note notes contributing revealed transcript update updates breaking exclusive video videos photo "
    "photos related correction corrections advertisement sponsored listen subscribe tags filed wow "
    "look".split()
)
NOT_COLON_NAMES = frozenset(
    "q a update updated note editor photo video watch read related also see source sources breaking "
    "exclusive analysis opinion correction clarification bottom line why what how the here this that "
    "it these those there".split()
)


def colon_subject(ctx: QuoteContext) -> Mention | None:
    """A quote after a colon with no cue verb: the subject of the introducing sentence,
    in the same paragraph or the one before.

    Hoff’s letter makes a libertarian case: “…” → "Hoff’s letter";
    Donald Trump issued the following statement:⏎“…” → "Donald Trump"
    """
    text = ctx.text
    end = ctx.open_at
    while end > ctx.sentence_start and text[end - 1].isspace():
        end -= 1
    start = ctx.sentence_start
    if end == ctx.sentence_start:
        # The quote opens its paragraph: look at the end of the previous one.
        end = text.rfind("\n", 0, ctx.open_at)
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end <= 0:
            return None
        period = text.rfind(". ", max(0, end - 400), end)
        start = max(text.rfind("\n", 0, end) + 1, period + 2 if period >= 0 else 0, end - 400)
    if end <= start or text[end - 1] != ":":
        return None
    hits = _cues_between(ctx, start, end)
    if hits and hits[-1][2] not in PARTICIPLES:
        # "…, Cruz called them on it:⏎“…”", "Breitbart News responded:⏎“…”": the cue's subject.
        cue_start, _, word = hits[-1]
        source = source_before(text, start, cue_start)
        if source is not None:
            return Mention(source, word, "colon_subject", 0.8)
    named = NAME_COLON_RE.search(text, max(start, end - 120), end)
    if named and named.group("name").split()[0].lower() not in NOT_COLON_NAMES:
        # "… - Jeffrey M. Jones: “…”", "Rep. Trey Gowdy (R-S.C.):“…”", "More from Jones: “…”",
        # "Stated Stone: “…”" (an inverted cue before the name)
        name_start = named.start("name")
        first = named.group("name").split()[0]
        cue = first.lower() if first.lower() in QUOTE_FORMS and len(named.group("name").split()) > 1 else None
        if cue:
            name_start = text.index(" ", name_start) + 1
        phrase = text[name_start:named.end("name")]
        return Mention(Source(name_start, named.end("name"), phrase, "name", name=names.strip_titles(phrase)),
                       cue, "colon_subject", 0.8)
    subject = sentence_subject(text, start, end)
    if subject is None or subject.phrase.split()[0].lower() in PAGE_LABELS:
        return None  # "Transcript as follows:": page furniture, no subject
    return Mention(subject, None, "colon_subject", 0.7)


def according_to(ctx: QuoteContext) -> Mention | None:
    """"According to X, … “…”" in the same sentence, or "“…,” according to X" right after.

    According to him, Russia would be punishing Pashinyan for his “pro-Western inclination” → "him"
    """
    if ctx.close_at is not None:
        gap = skip(PUNCTUATION_GAP, ctx.text, ctx.close_at + 1)
        if ctx.text.startswith("according to ", gap):
            source = source_after(ctx.text, gap + len("according to "), ctx.clause_end)
            if source is not None:
                return Mention(source, "according to", "according_to", 0.8)
    found = ctx.text.rfind("ccording to ", ctx.sentence_start, ctx.open_at)
    if found < 1:
        return None
    source = source_after(ctx.text, found + len("ccording to "), ctx.open_at)
    if source is None:
        return None
    return Mention(source, "according to", "according_to", 0.8)


def same_sentence(ctx: QuoteContext) -> Mention | None:
    """A partial quote inside a sentence whose subject speaks.

    Nikol Pashinyan described his country’s current alliances as “ineffective” → "Nikol Pashinyan"
    """
    for cue_start, _, word in reversed(_cues_between(ctx, ctx.sentence_start, ctx.open_at)):
        source = source_before(ctx.text, ctx.sentence_start, cue_start)
        if source is not None:
            return Mention(source, word, "same_sentence", 0.75)
    return None


# A credit line under a quote paragraph: a dash, then the speaker.
DASH_CREDIT_RE = re.compile(r"[ \t]*\n+[ \t]*[-—–]+[ \t]*(?=[A-Z])")


def dash_credit(ctx: QuoteContext) -> Mention | None:
    """A quote that is its own paragraph, credited on the next line with a dash.

    “I will look into it.” ¶ - Hillary Clinton. → "Hillary Clinton";
    “Great speech.” ¶ —President Obama, tweeting after the debate → "President Obama"
    """
    if ctx.close_at is None or (ctx.open_at > 0 and ctx.text[ctx.open_at - 1] != "\n"):
        return None
    credit = DASH_CREDIT_RE.match(ctx.text, ctx.close_at + 1)
    if credit is None:
        return None
    line_end = ctx.text.find("\n", credit.end())
    source = source_after(ctx.text, credit.end(), len(ctx.text) if line_end < 0 else line_end)
    if source is None or source.kind != "name":
        return None
    return Mention(source, "—", "dash_credit", 0.85)


QUOTE_SIEVES = (after_quote_inverted, after_quote_direct, before_quote, according_to, same_sentence, colon_subject,
                dash_credit)

OBJECT_PRONOUNS = {"him": "m", "her": "f", "them": None}
# "the expert" may stand for an earlier "analyst X": nouns that describe the same job.
ROLE_GROUPS = (
    {"expert", "analyst", "scholar", "professor", "researcher", "fellow", "specialist", "commentator", "observer",
     "academic", "economist", "historian", "strategist", "pollster", "scientist", "lawyer"},
    {"minister", "premier", "prime"},
    {"president", "leader", "head"},
    {"spokesman", "spokeswoman", "spokesperson", "spokesmen"},
    {"senator", "lawmaker", "congressman", "congresswoman", "representative"},
    {"candidate", "nominee", "contender"},
    {"governor"},
    {"billionaire", "mogul", "businessman", "developer", "tycoon"},
    {"secretary"},
    {"mayor"},
)
PERSON_NOUNS = set().union(*ROLE_GROUPS)


TITLE_NAME_AFTER = re.compile(r",?\s+((?:[A-Z][\w’'\-]+\s+)(?:(?:de|van|von|der|al|bin)\s+)?[A-Z][\w’'\-]+)")
NAME_TITLE_BEFORE = re.compile(
    r"((?:[A-Z][\w’'\-]+\s+)(?:(?:de|van|von|der|al|bin)\s+)?[A-Z][\w’'\-]+),\s+(?:the\s+)?(?:[\w’'\-]+\s+){0,2}$"
)


def _titled_name(state: "ArticleState", title: str) -> str | None:
    """The person a title names in the text: "prime minister, Nikol Pashinyan" or "Nikol
    Pashinyan, Armenian Prime Minister" → "Nikol Pashinyan". Tries shorter titles too
    ("armenian prime minister" → "prime minister"). One lowercase find per occurrence."""
    if title in state.titles:
        return state.titles[title]
    text, lower = state.text, state.lower
    found = None
    words = title.split()
    for cut in range(len(words)):
        candidate = " ".join(words[cut:])
        at = lower.find(candidate)
        while at >= 0 and found is None:
            after = TITLE_NAME_AFTER.match(text, at + len(candidate))
            before = NAME_TITLE_BEFORE.search(text, max(0, at - 80), at)
            for match in (after, before):
                if match:
                    name = names.strip_titles(match.group(1))
                    if names.looks_like_person(name) and len(name.split()) >= 2:
                        found = name
                        break
            at = lower.find(candidate, at + 1)
        if found:
            break
    state.titles[title] = found
    return found


def resolve(source: Source, state: ArticleState, at: int) -> tuple[str | None, str | None, str | None, str | None]:
    """(speaker, role, organisation, gender) for a source phrase at offset ``at``.

    A pronoun → the most recent compatible person before ``at``; "the expert" → the most
    recent speaker whose role fits; a name → the article's full name; an organisation or
    anonymous source ("sources", "The Post") → kept as written. Never a bare pronoun.
    """
    phrase = source.phrase.strip()
    lowered = phrase.lower()
    if lowered in ("i", "we", "you", "me", "us", "his", "hers", "its", "their", "theirs"):
        return None, None, None, None  # never a pronoun as a speaker
    if source.kind == "pronoun" or lowered in OBJECT_PRONOUNS or lowered in PRONOUNS:
        gender = PRONOUNS.get(lowered, OBJECT_PRONOUNS.get(lowered))
        if lowered in ("they", "them", "it"):
            for offset, body in reversed(state.bodies):
                if at - offset < 800:
                    return body, None, None, None
                break
            if lowered == "it":
                return None, None, None, None
        for offset, name, person_gender, role in state.candidates(at):
            if gender is None or person_gender in (None, gender):
                return name, role, state.organisations.get(name), person_gender or gender
        if gender is not None and hasattr(state.index, "names_before"):
            # Nobody has spoken yet: the nearest person the article named, of that gender.
            for offset, name in reversed(state.index.names_before(at)):
                if state.index.gender_of(name) == gender:
                    return name, None, None, gender
        return None, None, None, gender
    if source.kind == "nominal":
        words = lowered.split()
        head = words[-1]
        if words[0] in ("the", "this", "that") and head in PERSON_NOUNS and len(words) <= 4:
            group = next(g for g in ROLE_GROUPS if head in g)
            for offset, name, gender, role in reversed(state.people[-6:]):
                if offset < at and role and group & set(re.findall(r"[a-z]+", role.lower())):
                    return name, role, state.organisations.get(name), gender
            # "the prime minister" when the article says "Armenia’s prime minister, Nikol Pashinyan".
            titled = _titled_name(state, " ".join(words[1:]))
            if titled:
                full = state.index.resolve(titled)
                return full, " ".join(phrase.split()[1:]), None, state.index.gender_of(full)
            # "the expert" right after someone spoke or was introduced: that person.
            for offset, name, gender, role in state.candidates(at, sentences_back=3):
                if at - offset < 600:
                    return name, role, state.organisations.get(name), gender
                break
            if len(words) == 2:
                # An unresolved "the minister" is a bare title, never a speaker name;
                # "the Democratic nominee" or "the former top aide" stays a description.
                return None, phrase, None, None
        return phrase, None, source.organisation, None
    name = source.name or phrase
    honorific = phrase.split()[0].lower().rstrip(".") in ("mr", "mrs", "ms", "dr", "miss")
    if name.lower().rstrip(".") in names.NOT_PERSON or (name.lower() in names.TITLES and not honorific):
        return None, source.role, source.organisation, None
    # "Mrs. Clinton" keeps her honorific for the look-up: it tells Hillary from Bill.
    full = state.index.resolve(phrase if honorific and len(phrase.split()) == 2 else name)
    gender = state.index.gender_of(full) if hasattr(state.index, "gender_of") else names.guess_gender(full)
    return full, source.role, source.organisation, gender
