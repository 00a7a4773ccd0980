"""Speakers across articles: which stored speaker rows are one person. Pure: works on rows.

Names decide what *may* be merged; evidence decides what *is* merged:

- the surname (with particles: "de Waal") must be equal after titles and accents go;
- first names must be equal or nickname forms of each other ("Tom"/"Thomas"), or one side has
  no first name ("Mr. Obama" in an article that never says "Barack"). Different first names
  ("Bill"/"Hillary" Clinton) never merge;
- a nickname pair needs evidence: a shared organisation or role word, the same capitalised
  words around the name in both articles ("Carnegie Europe"), or a shared quote cluster;
- a surname-only speaker joins the one full-name speaker with that surname whose gender fits;
  when several fit (Bill and Hillary), only a shared quote or a role/organisation word decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .speakers import FEMALE_FIRST, HONORIFICS, MALE_FIRST, NOT_PERSON, PARTICLES, TITLES, guess_gender

NICKNAMES: list[set[str]] = [
    {"thomas", "tom", "tommy"}, {"william", "bill", "billy", "will"}, {"robert", "bob", "rob", "bobby"},
    {"michael", "mike"}, {"james", "jim", "jimmy"}, {"joseph", "joe"}, {"richard", "rick", "dick", "rich"},
    {"charles", "chuck", "charlie"}, {"edward", "ed", "ted", "eddie"}, {"theodore", "ted"},
    {"anthony", "tony"}, {"daniel", "dan", "danny"}, {"david", "dave"}, {"steven", "stephen", "steve"},
    {"christopher", "chris"}, {"matthew", "matt"}, {"andrew", "andy", "drew"}, {"benjamin", "ben"},
    {"jonathan", "jon"}, {"nicholas", "nick"}, {"alexander", "alex"}, {"alexandra", "alex"},
    {"elizabeth", "liz", "beth", "betsy"}, {"katherine", "catherine", "kate", "katie", "kathy"},
    {"margaret", "maggie", "peggy"}, {"patricia", "pat", "patty"}, {"jennifer", "jen", "jenny"},
    {"susan", "sue"}, {"deborah", "debbie", "deb"}, {"rebecca", "becky"}, {"samuel", "sam"},
    {"gregory", "greg"}, {"jeffrey", "jeff"}, {"kenneth", "ken"}, {"ronald", "ron"}, {"donald", "don"},
    {"lawrence", "larry"}, {"timothy", "tim"}, {"peter", "pete"}, {"mitchell", "mitch"},
    {"barack", "barry"}, {"bernard", "bernie"}, {"newton", "newt"}, {"rudolph", "rudy"},
    {"dmitry", "dmitri", "dmitriy"}, {"sergei", "sergey"}, {"vladimir", "vlad"},
]
_NICK = defaultdict(set)
for _group in NICKNAMES:
    for _name in _group:
        _NICK[_name] |= _group

CONTEXT_STOP = {
    "the", "a", "an", "he", "she", "it", "in", "on", "of", "said", "mr", "mrs", "ms", "but", "and",
    "this", "that", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "president", "minister", "prime",
}


@dataclass
class SpeakerRow:
    id: int
    name: str
    role: str | None = None
    organisation: str | None = None
    gender: str | None = None
    contexts: list[str] = field(default_factory=list)  # article text around each mention
    roles: set[str] = field(default_factory=set)  # role/organisation words seen with them
    context: set[str] = field(default_factory=set)  # filled by find_merges


@dataclass(frozen=True)
class NameParts:
    first: str | None
    surname: str
    gender: str | None
    middle: tuple[str, ...] = ()
    suffix: str | None = None  # jr, sr, ii, iii: "Donald Trump Jr." is not "Donald Trump"


SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


@dataclass
class Merge:
    alias_id: int  # the row that goes away
    speaker_id: int  # the row that stays
    evidence: str


NOT_NAME_WORDS = {
    "campaign", "team", "party", "news", "poll", "office", "committee", "department", "house", "group",
    "foundation", "campaigns", "times", "post", "press", "report", "aides", "allies", "supporters",
    "officials", "voters", "administration", "government", "council", "university", "institute",
    "cash", "debunks", "iraq", "scandal", "whenever", "says", "the", "and", "of", "for", "to", "in",
    "association", "chamber", "message", "about", "union", "agency", "bureau", "company", "inc",
}


def is_person_name(name: str) -> bool:
    """A name identity may reason about: capitalised words (particles allowed), no possessive,
    digit or description word. Descriptions the parser keeps as speakers stay out.

    >>> is_person_name("Thomas de Waal"), is_person_name("Mr. Obama"), is_person_name("The Clinton campaign")
    (True, True, False)
    >>> is_person_name("Clinton’s campaign"), is_person_name("some allies"), is_person_name("Hillary")
    (False, False, False)
    """
    if re.search(r"[’']s\b|\d|[/&]", name):
        return False
    tokens = [t.strip(",") for t in name.split()]
    while tokens and (tokens[0].lower() in TITLES or tokens[0].lower().rstrip(".") in TITLES) and len(tokens) > 1:
        tokens.pop(0)
    if not 1 <= len(tokens) <= 4:
        return False
    if any(t.lower() in NOT_NAME_WORDS or t.lower() in NOT_PERSON for t in tokens):
        return False
    if len(tokens) == 1 and (tokens[0].lower() in FEMALE_FIRST | MALE_FIRST or tokens[0].isupper()):
        return False  # a bare first name ("Hillary") or a dateline ("PARIS") is not a surname
    if any(t.endswith(".") and len(t.rstrip(".")) > 2 and t.lower() not in SUFFIXES for t in tokens):
        return False  # "Mexico. Ford": a sentence break, not a name
    return all(t[:1].isupper() or t in PARTICLES for t in tokens)


@lru_cache(maxsize=100_000)  # every matching run asks again for every speaker
def name_parts(name: str) -> NameParts | None:
    """First name, surname and a gender hint from a name as written.

    >>> name_parts("Mr. Obama").surname, name_parts("Mr. Obama").gender, name_parts("Thomas de Waal").surname
    ('obama', 'm', 'de waal')
    >>> name_parts("George H.W. Bush").middle, name_parts("Donald Trump Jr.").suffix
    (('hw',), 'jr')
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    tokens = [t.strip(",").lower() for t in text.replace("’s", "").replace("'s", "").split()]
    gender = None
    while tokens and (tokens[0] in TITLES or tokens[0].rstrip(".") in TITLES):
        gender = gender or HONORIFICS.get(tokens[0]) or HONORIFICS.get(tokens[0].rstrip("."))
        tokens.pop(0)
    suffix = next((t.rstrip(".") for t in tokens if t in SUFFIXES), None)
    tokens = [t for t in tokens if t not in SUFFIXES]
    if not tokens or not tokens[-1][:1].isalpha():
        return None
    surname_tokens = [tokens[-1]]
    i = len(tokens) - 2
    while i >= 1 and tokens[i] in PARTICLES:
        surname_tokens.insert(0, tokens[i])
        i -= 1
    rest = tokens[: i + 1] if len(surname_tokens) < len(tokens) else []
    first = rest[0].rstrip(".") if rest else None
    middle = tuple(m.replace(".", "") for m in rest[1:])
    return NameParts(first, " ".join(surname_tokens), gender, middle, suffix)


def first_names_compatible(a: str | None, b: str | None) -> str | None:
    """How two first names relate: "same", "nickname", "initial", "missing" or None (different).

    >>> first_names_compatible("tom", "thomas"), first_names_compatible("bill", "hillary")
    ('nickname', None)
    """
    if a is None or b is None:
        return "missing"
    if a == b:
        return "same"
    if b in _NICK.get(a, ()):
        return "nickname"
    if len(a) == 1 and b.startswith(a) or len(b) == 1 and a.startswith(b):
        return "initial"
    return None


@lru_cache(maxsize=8_192)  # a speaker's first few articles, asked twice in each matching run
def context_words(text: str, name: str, window: int = 80) -> frozenset[str]:
    """Capitalised words near each mention of ``name``'s surname, other than the name itself.

    >>> sorted(context_words("Tom de Waal, a fellow with the Carnegie Europe thinktank, said", "Tom de Waal"))
    ['carnegie', 'europe']
    """
    parts = name_parts(name)
    if parts is None:
        return frozenset()
    own = set(name.lower().split())
    found = set()
    for m in re.finditer(re.escape(parts.surname.split()[-1]), text, flags=re.IGNORECASE):
        around = text[max(0, m.start() - window) : m.end() + window]
        for word in re.findall(r"\b[A-Z][a-zA-Z\-]{2,}\b", around):
            low = word.lower()
            if low not in own and low not in CONTEXT_STOP and low not in TITLES:
                found.add(low)
    return frozenset(found)


def _role_words(row: SpeakerRow) -> set[str]:
    text = " ".join(x for x in (row.role, row.organisation, *row.roles) if x)
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in CONTEXT_STOP and w not in {"with", "from", "former"}}


def find_merges(rows: list[SpeakerRow], shared_quotes: set[tuple[int, int]] | None = None) -> list[Merge]:
    """Pairs of speaker rows that are one person, with the evidence.

    ``shared_quotes`` holds (speaker_id, speaker_id) pairs whose quotes matched.
    """
    shared_quotes = {tuple(sorted(p)) for p in (shared_quotes or set())}
    rows = [r for r in rows if is_person_name(r.name)]
    parsed = {r.id: name_parts(r.name) for r in rows}
    # Context words beside many people ("Clinton", "America") say nothing about identity.
    for row in rows:
        row.context = set().union(*[context_words(t, row.name) for t in row.contexts]) if row.contexts else set()
    frequency: dict[str, int] = defaultdict(int)
    for row in rows:
        for word in row.context:
            frequency[word] += 1
    common = {w for w, n in frequency.items() if n > max(2, len(rows) // 50)}
    for row in rows:
        row.context -= common
    by_surname: dict[str, list[SpeakerRow]] = defaultdict(list)
    for row in rows:
        if parsed[row.id]:
            by_surname[parsed[row.id].surname].append(row)
    merges: list[Merge] = []
    for surname, group in sorted(by_surname.items()):
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda r: r.id)
        full = [r for r in group if parsed[r.id].first]
        bare = [r for r in group if not parsed[r.id].first]
        parent = {r.id: r.id for r in group}
        by_id = {r.id: r for r in group}

        def root(x: int) -> int:
            while parent[x] != x:
                x = parent[x]
            return x

        members = {r.id: [r] for r in group}

        def join(keep: SpeakerRow, alias: SpeakerRow, evidence: str) -> None:
            a, b = root(keep.id), root(alias.id)
            if a == b:
                return
            # Every name of one set must fit every name of the other: "National Association"
            # must not bridge "National Education Association" and "National Rifle Association".
            for x in members[a]:
                for y in members[b]:
                    px, py = parsed[x.id], parsed[y.id]
                    if px.first and py.first and first_names_compatible(px.first, py.first) is None:
                        return
                    if not _middles_compatible(px, py) or _gender_clash(x, y, parsed):
                        return
            parent[b] = a
            members[a].extend(members.pop(b))
            merges.append(Merge(alias_id=alias.id, speaker_id=keep.id, evidence=evidence))

        for i, a in enumerate(full):
            for b in full[i + 1 :]:
                relation = first_names_compatible(parsed[a.id].first, parsed[b.id].first)
                if relation is None or _gender_clash(a, b, parsed) or not _middles_compatible(parsed[a.id], parsed[b.id]):
                    continue
                evidence = _evidence(a, b, shared_quotes)
                if parsed[a.id].suffix != parsed[b.id].suffix:
                    relation = "suffix"  # "Joseph R. Biden Jr." = "Joseph R. Biden", but Trump Jr. ≠ Trump
                if relation == "same":
                    join(*_keeper(a, b, parsed), "same name" + (f"; {evidence}" if evidence else ""))
                elif evidence:
                    join(*_keeper(a, b, parsed), f"{relation} first name; {evidence}")
        for b in bare:
            fits = [a for a in full if not _gender_clash(a, b, parsed)]
            roots = {root(a.id) for a in fits}
            # "Mexico" → "New Mexico" is no person: a bare surname joins a full name by
            # elimination only when that name starts with a known given name.
            if len(roots) == 1 and all(_known_given_name(parsed[a.id]) for a in fits):
                keeper = by_id[roots.pop()]
                gender = parsed[b.id].gender or b.gender
                join(keeper, b, f"only {surname} with a first name" + (f" and gender {gender}" if gender else ""))
                continue
            # Several candidates (Barack and Michelle Obama): only a shared quote or a shared
            # role/organisation word decides; words printed nearby are too weak here.
            with_evidence = [(a, _evidence(a, b, shared_quotes, context=_known_given_name(parsed[a.id]) and len(roots) == 1))
                             for a in fits]
            with_evidence = [(a, e) for a, e in with_evidence if e]
            if len({root(a.id) for a, _ in with_evidence}) == 1:
                join(with_evidence[0][0], b, with_evidence[0][1])
    return _flatten(merges)


def _middles_compatible(a: NameParts, b: NameParts) -> bool:
    """Middle names agree when either is absent or one is the other's initial.

    >>> _middles_compatible(name_parts("George W. Bush"), name_parts("George H.W. Bush"))
    False
    """
    if not a.middle or not b.middle:
        return True
    x, y = a.middle[0], b.middle[0]
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def _known_given_name(parts: NameParts) -> bool:
    return bool(parts.first) and (parts.first in FEMALE_FIRST or parts.first in MALE_FIRST or parts.first in _NICK)


def _keeper(a: SpeakerRow, b: SpeakerRow, parsed) -> tuple[SpeakerRow, SpeakerRow]:
    """(row that stays, row that goes): the formal first name ("Thomas"), else the older row."""
    fa, fb = parsed[a.id].first or "", parsed[b.id].first or ""
    if len(fb) > len(fa):
        return b, a
    return a, b


def _gender_clash(a: SpeakerRow, b: SpeakerRow, parsed) -> bool:
    ga = a.gender or parsed[a.id].gender or guess_gender(a.name)
    gb = b.gender or parsed[b.id].gender or guess_gender(b.name)
    return bool(ga and gb and ga != gb)


def _evidence(a: SpeakerRow, b: SpeakerRow, shared_quotes: set[tuple[int, int]], context: bool = True) -> str | None:
    if tuple(sorted((a.id, b.id))) in shared_quotes:
        return "shared quote"
    common_roles = _role_words(a) & _role_words(b)
    if common_roles:
        return "role/organisation: " + ", ".join(sorted(common_roles)[:3])
    if not context:
        return None
    common = a.context & b.context
    if len(common) >= 2:
        return "named beside: " + ", ".join(sorted(common)[:3])
    return None


def _flatten(merges: list[Merge]) -> list[Merge]:
    """Point every alias at the final surviving row (a→b, b→c becomes a→c, b→c)."""
    target = {m.alias_id: m.speaker_id for m in merges}

    def final(x: int) -> int:
        seen = set()
        while x in target and x not in seen:
            seen.add(x)
            x = target[x]
        return x

    return [Merge(m.alias_id, final(m.speaker_id), m.evidence) for m in merges]
