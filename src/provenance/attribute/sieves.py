"""Speaker sieves for quotes: small rules, most precise first; each fills only what earlier
ones left empty (after Stanford CoreNLP's quote attribution).

Every sieve takes a :class:`QuoteContext` and returns a :class:`Mention` (who, as written,
with the cue) or None. ``resolve_mention`` then turns a mention into a full name using the
article's name index and the speakers seen so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import speakers as names
from .cues import CUE_PATTERN, stance

PRONOUN = r"(?:he|she|they|He|She|They)"
NOMINAL = r"(?:the|The|this|This|that|That)\s+(?:[a-z][\w\-]*\s+){0,2}(?:expert|analyst|minister|president|leader|official|spokesman|spokeswoman|spokesperson|candidate|nominee|senator|governor|professor|researcher|source|diplomat|author|lawmaker|businessman|billionaire|former\s+\w+|democrat|republican|mogul|strategist|chairman|adviser|advisor|aide|pollster|economist|historian|scholar|specialist|commentator|journalist|politician|secretary|ambassador|general|mayor|director|chief)"
NAME = r"(?:[A-Z][\w’'\-\.]*(?:[ \t]+(?:(?:de|van|von|der|al|bin|la|le|du|da|di|del)[ \t]+)*[A-Z][\w’'\-\.]*){0,4})"
WHO = rf"(?:{PRONOUN}|{NOMINAL}|{NAME})"
ROLE = r"(?:a|an|the|who|[A-Z]|[\w\-]+’s|[\w\-]+'s)[^,“”\"«»]{2,140}"
LEAD = r"^[\s,.:;—–\-]*"

AFTER_INVERTED = re.compile(
    LEAD + rf"(?P<cue>{CUE_PATTERN})\s+(?P<who>(?:[a-z][\w\-]*\s+){{0,6}}?(?:{NAME}|{NOMINAL}))(?P<rest>[^.;“”\"]*)",
)
AFTER_DIRECT = re.compile(
    LEAD + rf"(?P<who>{WHO})(?:\s*,\s*(?P<role>{ROLE}?),)?\s+(?P<cue>{CUE_PATTERN})",
)
BEFORE_CUE = re.compile(
    rf"(?P<who>{WHO})(?:\s*,\s*(?P<role>{ROLE}?),)?\s+(?P<cue>{CUE_PATTERN})"
    r"(?:\s+(?!that\b)[\w’'\-]+){0,5}?\s*[:,]?\s*$",
)
SAME_SENTENCE = re.compile(rf"(?P<who>{WHO})(?:\s*,\s*(?P<role>{ROLE}?),)?\s+(?P<cue>{CUE_PATTERN}|described|called|dubbed|labeled|labelled|termed|branded|accusing|accused|vowing|vowed|calling|describing)\b")
ACCORDING_TO = re.compile(rf"[Aa]ccording to (?P<who>{WHO})")
ORG_RE = re.compile(r"\b(?:from|with|of|at|for)\s+(?:the\s+)?(?P<org>[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*)*)")


@dataclass
class Mention:
    who: str  # as written: "he", "the expert", "independent analyst Hakob Badalyan"
    cue: str | None
    sieve: str
    confidence: float
    role: str | None = None


@dataclass
class QuoteContext:
    text: str
    open_at: int
    close_at: int | None
    start: int
    end: int
    before: str  # sentence text before the opening mark
    after: str  # text after the closing mark up to the next quote or the paragraph end
    paragraph: int


@dataclass
class ArticleState:
    """What the sieves remember while walking an article in order."""

    index: names.NameIndex
    text: str
    recent_speakers: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (name, gender, role)

    def remember(self, name: str, gender: str | None, role: str | None) -> None:
        self.recent_speakers.append((name, gender, role))


def after_quote_inverted(ctx: QuoteContext) -> Mention | None:
    """Cue right after the quote, speaker after the cue.

    “…,” said independent Armenian analyst Hakob Badalyan → "independent Armenian analyst Hakob Badalyan"
    """
    match = AFTER_INVERTED.match(ctx.after)
    if not match:
        return None
    return Mention(match.group("who") + match.group("rest"), match.group("cue"), "after_quote_inverted", 0.95)


def after_quote_direct(ctx: QuoteContext) -> Mention | None:
    """Speaker then cue right after the quote.

    “…,” Pashinyan declared → "Pashinyan"; “…,” he added → "he";
    “…” Tom de Waal, a senior fellow with Carnegie Europe, said → "Tom de Waal"
    """
    match = AFTER_DIRECT.match(ctx.after)
    if not match:
        return None
    return Mention(match.group("who"), match.group("cue"), "after_quote_direct", 0.95, match.group("role"))


def before_quote(ctx: QuoteContext) -> Mention | None:
    """Speaker and cue right before the quote, colon or comma form.

    He said: “…” → "he"; Nikol Pashinyan told reporters, “…” → "Nikol Pashinyan"
    """
    match = BEFORE_CUE.search(ctx.before)
    if not match:
        return None
    return Mention(match.group("who"), match.group("cue"), "before_quote", 0.9, match.group("role"))


def according_to(ctx: QuoteContext) -> Mention | None:
    """"According to X, … “…”" in the same sentence.

    According to him, Russia would be punishing Pashinyan for his “pro-Western inclination” → "him"
    """
    match = ACCORDING_TO.search(ctx.before)
    if not match:
        return None
    return Mention(match.group("who"), "according to", "according_to", 0.8)


def same_sentence(ctx: QuoteContext) -> Mention | None:
    """A partial quote inside a sentence whose subject speaks.

    Nikol Pashinyan described his country’s current alliances as “ineffective” → "Nikol Pashinyan"
    """
    found = list(SAME_SENTENCE.finditer(ctx.before))
    if not found:
        return None
    match = found[-1]
    return Mention(match.group("who"), match.group("cue"), "same_sentence", 0.75, match.group("role"))


QUOTE_SIEVES = (after_quote_inverted, after_quote_direct, before_quote, according_to, same_sentence)

HIM = {"him": "m", "her": "f", "them": None}


def split_role(phrase: str) -> tuple[str | None, str | None, str | None]:
    """Split a who-phrase into (name, role, organisation).

    >>> split_role("independent Armenian analyst Hakob Badalyan, interviewed by AFP")
    ('Hakob Badalyan', 'independent Armenian analyst', None)
    >>> split_role("Thomas de Waal, from the Carnegie Europe center")
    ('Thomas de Waal', None, 'Carnegie Europe')
    """
    head, _, tail = phrase.partition(",")
    head = head.strip()
    organisation = None
    org = ORG_RE.search(tail) or ORG_RE.search(head)
    if org:
        organisation = _org_name(org.group("org"))
        if org.start() < len(head) and ORG_RE.search(head):
            head = head[: ORG_RE.search(head).start()].strip()
    tokens = head.split()
    # The name is the trailing run of capitalised words (and particles) of the head.
    cut = len(tokens)
    while cut > 0 and (tokens[cut - 1][:1].isupper() or tokens[cut - 1] in names.PARTICLES):
        cut -= 1
    while cut < len(tokens) and tokens[cut] in names.PARTICLES:
        cut += 1
    name_tokens = tokens[cut:]
    role_tokens = tokens[:cut]
    # "Kremlin spokesperson Dmitry Peskov": title words in the capital run belong to the role.
    while len(name_tokens) > 1 and name_tokens[0].lower().rstrip(".") in names.TITLES:
        role_tokens.append(name_tokens.pop(0))
    name = " ".join(name_tokens) or None
    role = " ".join(role_tokens).strip() or None
    if role and role.lower().split()[0] in ("the", "a", "an") and not name:
        return None, role, organisation
    if role:
        role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.IGNORECASE) or None
    return name, role, organisation


def _org_name(org: str) -> str:
    # "Carnegie Europe center" → "Carnegie Europe"; keep the capitalised run only.
    words = []
    for word in org.split():
        if not word[:1].isupper():
            break
        words.append(word)
    return " ".join(words)


def resolve_mention(mention: Mention, state: ArticleState) -> tuple[str | None, str | None, str | None, str | None]:
    """(speaker full name, role, organisation, gender) for a mention, or Nones."""
    who = mention.who.strip().rstrip(",.")
    lowered = who.lower()
    if names.is_pronoun(lowered) or lowered in HIM:
        gender = names.pronoun_gender(lowered) if lowered not in HIM else HIM[lowered]
        for name, speaker_gender, role in reversed(state.recent_speakers):
            if gender is None or speaker_gender in (None, gender):
                return name, role, None, speaker_gender or gender
        return None, None, None, gender
    if re.match(r"(?i)(?:the|this|that)\s", who) and not re.search(r"[A-Z]\w+\s+[A-Z]", who):
        noun = lowered.split()[-1]
        for name, speaker_gender, role in reversed(state.recent_speakers):
            if role and noun in role.lower():
                return name, role, None, speaker_gender
        if state.recent_speakers:
            name, speaker_gender, role = state.recent_speakers[-1]
            return name, role, None, speaker_gender
        return None, who, None, None
    name, role, organisation = split_role(who)
    if role is None and mention.role:
        role_name, role, org2 = split_role(mention.role)
        organisation = organisation or org2
        role = role or (mention.role.strip() if not role_name else None)
    if not name or not names.looks_like_person(names.strip_titles(name)) and len(name.split()) > 1:
        return None, role, organisation, None
    if name.lower() in names.NOT_PERSON:
        return None, role, organisation, None
    full = state.index.resolve(name)
    gender = state.index.gender.get(full) or names.guess_gender(name) or names.guess_gender(full)
    return full, role, organisation, gender
