"""Word normalisation for matching: contractions, spin synonyms and translation variants. Pure.

Article spinners (and machine re-translation) swap words for thesaurus synonyms: seed 002 is
a spun copy of a Guardian story ("depressing" → "miserable", "war" → "battle", "fresh" →
"contemporary", "told the meeting" → "informed the assembly"). Folding every member of a
synonym group to one representative makes the spun and the original wording compare equal
before any fuzzy scoring, and lets MinHash/LSH put them in the same bucket.

The groups are deliberately small and concrete (seen in spun copies or in translations of
the same statement); a broad thesaurus would fold different quotes together.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

# Each group: words or phrases that spinners / translators swap for one another.
# The first entry is the representative every member folds to.
SYNONYM_GROUPS: list[tuple[str, ...]] = [
    ("depressing", "miserable", "saddening"),
    ("war", "battle", "warfare"),
    ("fresh", "contemporary", "new", "recent", "latest", "newest"),
    ("told", "informed", "advised"),
    ("meeting", "assembly", "gathering"),
    ("said", "mentioned", "stated"),
    ("foreign", "external", "overseas", "international"),
    ("in", "within", "inside"),
    ("countries", "international locations", "nations"),
    ("country", "nation"),
    ("soldiers", "troopers", "troops"),
    ("region", "area"),
    ("position", "place"),
    ("role", "function"),
    ("agreement", "settlement", "deal"),
    ("against", "in opposition to"),
    ("traditional", "standard", "conventional"),
    ("fruitless", "inconsequential", "futile"),
    ("last", "final"),
    ("decades", "a long time"),
    ("controlled", "managed"),
    ("population", "inhabitants"),
    ("majority", "bulk"),
    ("cost", "value"),
    ("gruesome", "ugly", "grisly"),
    ("images", "photos", "pictures"),
    ("including", "together with"),
    ("naked", "unadorned", "bare"),
    ("female", "feminine"),
    ("cut", "lower"),
    ("accept", "settle for"),
    ("attitude", "perspective", "angle"),
    ("process", "course of"),
    ("under", "below", "beneath"),
    ("asked", "requested"),
    ("comments", "feedback", "remarks"),
    ("ready", "prepared", "willing"),
    ("help", "assist", "aid"),
    ("broker", "dealer"),
    ("further", "additional", "extra"),
    ("eastern", "jap"),
    ("increasing", "growing", "rising"),
    ("influence", "affect", "sway"),
    ("immediate", "quick", "instant"),
    ("institutions", "establishments"),
    ("through", "via"),
    ("soft", "comfortable"),
    ("power", "energy"),
    ("real", "true", "actual"),
    ("hard", "arduous", "tough"),
    ("exposed", "uncovered"),
    ("trend", "pattern"),
    ("still", "nonetheless", "nevertheless"),
    ("kind", "type", "sort"),
    ("partners", "companions"),
    ("supposed", "meant"),
    ("concerned", "anxious", "worried"),
    ("lived up to", "lived as much as"),
    ("general", "basic"),
    ("university", "college"),
    ("studies", "research"),
    ("trying", "making an attempt", "attempting"),
    ("light", "gentle"),
    ("weakness", "weak spot"),
    ("deadly", "lethal", "fatal"),
    ("looking for", "in search of", "seeking"),
    ("closer", "nearer"),
    ("approach", "method"),
    ("increasingly", "more and more"),
    ("failed", "unsuccessful"),
    ("called", "known as"),
    ("leave", "go away"),
    ("indicate", "point out"),
    ("perception", "notion"),
    ("become", "grown", "turn into", "turns into"),
    ("always", "all the time"),
    ("present", "current"),
    ("among", "amongst"),
    ("show", "indicate"),
    ("needs", "wants"),
    ("guarantees", "ensures"),
    ("promises", "pledges"),
    ("mean", "imply"),
    ("negative", "adverse"),
    ("result", "results"),
    ("because of", "as a result of", "due to"),
    ("big", "large", "huge"),
    ("important", "vital", "essential"),
    ("problem", "issue", "drawback"),
    ("challenge", "problem to"),
    ("sign", "signal"),
    ("back", "again"),
    ("immediately", "instantly"),
    ("stop", "cease", "halt"),
    ("begin", "start", "commence"),
    ("people", "individuals", "folks"),
    ("think", "assume", "suppose"),
    ("want", "need", "wish"),
    ("very", "extremely", "really"),
    ("many", "lots of", "numerous"),
    ("help", "assist"),
    ("buy", "purchase"),
    ("world", "globe"),
    ("children", "youngsters", "kids"),
    ("job", "work"),
    ("also", "additionally", "as well"),
    ("about", "roughly", "approximately"),
    ("whole", "complete", "entire", "total"),
    ("happy", "glad", "pleased"),
    ("fight", "combat", "struggle"),
    ("great", "nice", "excellent"),
    ("strong", "robust", "sturdy"),
    ("terrible", "horrible", "awful"),
    ("security", "safety"),
    ("system", "mechanism"),
    ("protecting", "defending", "safeguarding"),
    ("ineffective", "inefficient", "ineffectual"),
    ("proved", "proven", "turned out"),
    ("involved", "concerned in"),
]

# Contractions expanded before folding, so "did not" and "didn't" compare equal.
CONTRACTIONS = {
    "won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not",
    "ain't": "is not", "it's": "it is", "that's": "that is", "there's": "there is",
    "here's": "here is", "what's": "what is", "he's": "he is", "she's": "she is",
    "who's": "who is", "let's": "let us",
}
SUFFIXES = {"n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'m": " am", "'d": " would"}
STOPWORDS = frozenset(
    "a an the and or but of to in on at for by with from as is are was were be been being it its "
    "this that these those i you he she we they me him her us them my your his our their not no "
    "do does did have has had will would can could shall should may might must so if then than "
    "there here what which who whom whose when where why how all any some just very about also "
    "am up out over into".split()
)

_COMBINING = re.compile(r"[\u0300-\u036f]")
_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")  # any script's letters and digits
_BRACKETS_RE = re.compile(r"\[[^\]]{0,40}\]|\{[^}]{0,40}\}")


def _build_fold_table() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    for group in SYNONYM_GROUPS:
        head = group[0].replace(" ", "_")
        for member in group:
            key = tuple(member.split())
            table.setdefault(key, head)
    return table, max(len(k) for k in table)


FOLD, _LONGEST = _build_fold_table()
_SINGLE = {k[0]: v for k, v in FOLD.items() if len(k) == 1}
_PHRASE_STARTS = frozenset(k[0] for k in FOLD if len(k) > 1)
# Multi-word members, longest first, matched on whole words; their representative is one
# token ("a long time" → "decades"; a phrase head like "because of" becomes "because_of").
_PHRASE_HEAD = {" ".join(k): v for k, v in FOLD.items() if len(k) > 1}
_PHRASE_RE = re.compile(
    r"(?<![\w'])(?:" + "|".join(re.escape(p) for p in sorted(_PHRASE_HEAD, key=len, reverse=True)) + r")(?![\w'])"
)


def plain(text: str) -> str:
    """Lowercase ASCII text with one kind of apostrophe and editorial brackets removed.

    >>> plain("Not me, not Bill [Clinton], nobody — Calderón’s “wall”")
    "not me, not bill  , nobody   calderon's  wall "
    """
    text = _BRACKETS_RE.sub(" ", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'").replace("''", '"')
    text = text.replace("“", " ").replace("”", " ").replace('"', " ").replace("—", " ").replace("–", " ")
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text.lower()


@lru_cache(maxsize=200_000)
def _expand(token: str) -> tuple[str, ...]:
    """One token → its expanded words: "didn't" → ("did", "not"), "isis's" → ("isis",)."""
    if token in CONTRACTIONS:
        return tuple(CONTRACTIONS[token].split())
    for suffix, expansion in SUFFIXES.items():
        if token.endswith(suffix) and len(token) > len(suffix):
            stem = token[: -len(suffix)]
            return (stem, *expansion.split()) if suffix != "n't" else (stem, "not")
    if token.endswith("'s"):
        return (token[:-2],)
    return (token.strip("'"),)


@lru_cache(maxsize=4_096)
def _words(text: str) -> tuple[str, ...]:
    # Interned: a million quotes share one string object per distinct word.
    tokens = list(map(sys.intern, _TOKEN_RE.findall(plain(text))))
    if "'" not in text and "’" not in text:
        return tuple(tokens)  # nothing to expand: the common case, kept fast
    out: list[str] = []
    for token in tokens:
        if "'" in token:
            out.extend(_expand(token))
        else:
            out.append(token)
    return tuple(w for w in out if w)


def words(text: str) -> list[str]:
    """Lowercase words with contractions expanded and possessives dropped (no synonym folding).

    >>> words("It’s depressing that Armenia’s membership didn’t deter them")
    ['it', 'is', 'depressing', 'that', 'armenia', 'membership', 'did', 'not', 'deter', 'them']
    """
    return list(_words(text))


def fold(tokens: list[str]) -> list[str]:
    """Replace every synonym-group member (longest phrase first) by its representative.

    >>> fold(words("It's miserable, informed the assembly, in the battle"))
    ['it', 'is', 'depressing', 'told', 'the', 'meeting', 'in', 'the', 'war']
    """
    if _PHRASE_STARTS.isdisjoint(tokens):
        return [_SINGLE.get(t, t) for t in tokens]
    text = _PHRASE_RE.sub(lambda m: _PHRASE_HEAD[m.group(0)], " ".join(tokens))
    return [_SINGLE.get(t) or sys.intern(t) for t in text.split()]


def same_after_folding(a: str, b: str) -> bool:
    """True when two word runs differ only by spin synonyms or contractions.

    >>> same_after_folding("depressing", "miserable"), same_after_folding("war", "peace")
    (True, False)
    """
    return fold(words(a)) == fold(words(b))
