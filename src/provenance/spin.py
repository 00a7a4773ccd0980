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

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
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


def plain(text: str) -> str:
    """Lowercase ASCII text with one kind of apostrophe and editorial brackets removed.

    >>> plain("Not me, not Bill [Clinton], nobody — Calderón’s “wall”")
    "not me, not bill  , nobody   calderon's  wall "
    """
    text = _BRACKETS_RE.sub(" ", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'").replace("''", '"')
    text = text.replace("“", " ").replace("”", " ").replace('"', " ").replace("—", " ").replace("–", " ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
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


def words(text: str) -> list[str]:
    """Lowercase words with contractions expanded and possessives dropped (no synonym folding).

    >>> words("It’s depressing that Armenia’s membership didn’t deter them")
    ['it', 'is', 'depressing', 'that', 'armenia', 'membership', 'did', 'not', 'deter', 'them']
    """
    out: list[str] = []
    for token in _TOKEN_RE.findall(plain(text)):
        out.extend(_expand(token))
    return [w for w in out if w]


def fold(tokens: list[str]) -> list[str]:
    """Replace every synonym-group member (longest phrase first) by its representative.

    >>> fold(words("It's miserable, informed the assembly, in the battle"))
    ['it', 'is', 'depressing', 'told', 'the', 'meeting', 'in', 'the', 'war']
    """
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        for size in range(min(_LONGEST, n - i), 0, -1):
            head = FOLD.get(tuple(tokens[i : i + size]))
            if head is not None:
                out.append(head)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def folded_words(text: str) -> list[str]:
    """``fold(words(text))``: the form every matching key and score is computed on."""
    return fold(words(text))


def same_after_folding(a: str, b: str) -> bool:
    """True when two word runs differ only by spin synonyms or contractions.

    >>> same_after_folding("depressing", "miserable"), same_after_folding("war", "peace")
    (True, False)
    """
    return fold(words(a)) == fold(words(b))
