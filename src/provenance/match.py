"""Cross-source quote matching: clusters, first appearance and typed variants. Pure: works on rows.

Method (docs/matching.md has the long version):

1. **Normalise** each quote: lowercase ASCII, editorial brackets dropped ("Bill [Clinton]"),
   contractions expanded, spin synonyms folded (``spin.fold``).
2. **Candidates**, never all pairs. Every quote gets keys; two quotes are candidates when they
   share a key. Keys: the exact folded text; word 3-grams of the folded text (finds truncated
   and edited copies: any shared 3-word run); MinHash/LSH bands over the folded content words
   (finds heavily spun copies whose runs are broken). Keys held by more than ``MAX_BUCKET``
   quotes are dropped as uninformative ("i do not", "going to be"). Grouping is done with numpy
   sorts, so candidate generation is near-linear.
3. **Verify** each candidate pair with rapidfuzz on the folded text: ``ratio`` for whole-quote
   copies, ``partial_ratio`` (the short one inside the long one) for truncations, and
   ``token_sort_ratio`` for reordered clauses. Pairs whose speakers are known and different
   never link.
4. **Cluster**: links in descending score join clusters unless the join would put two different
   known speakers in one cluster (constrained single-link, order-independent).
5. **Describe** each quote against its cluster's earliest version: identical, truncated,
   extended, replaced (words A→B, noting spin synonyms), reordered or edited, plus a word diff.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from .spin import FOLD, STOPWORDS, fold, same_after_folding, words

_BRACKETED = re.compile(r"\[[^\]]{0,40}\]")
SHINGLE = 3  # words per shingle key
MAX_BUCKET = 64  # keys shared by more quotes than this are too common to be evidence
NUM_PERM = 36
BANDS, ROWS = 12, 3  # LSH: 12 bands of 3 rows; ~50% candidate chance at Jaccard 0.45, ~93% at 0.6
MIN_CONTENT_FOR_LSH = 4  # content words a quote needs before MinHash says anything useful

# Verification thresholds (rapidfuzz scores 0–100), tuned on scripts/make_match_eval.py data.
WHOLE_RATIO = 84  # same quote, lightly edited or spun
PARTIAL_RATIO = 92  # the shorter quote sits inside the longer one
PARTIAL_MIN_WORDS = 5  # a truncation must keep at least this many words (across articles)
REORDER_RATIO = 92  # same words, clauses moved
EDIT_MIN_WORDS = 6  # dropped or inserted clauses: the shorter keeps this many words...
EDIT_COVERAGE = 0.9  # ...and this share of them, in order, in a compact stretch of the longer
MIN_WORDS = 2  # shorter quotes only match exactly or within their own article


@dataclass
class QuoteRow:
    """What matching needs of one stored quote."""

    id: int
    text: str
    article_id: int
    speaker_id: int | None = None
    published: str | None = None
    outlet: str | None = None
    start: int = 0

    @property
    def order_key(self) -> tuple:
        """Earliest first: publication date, then article, then position (undated last)."""
        return (self.published or "9999-99-99", self.article_id, self.start, self.id)


@dataclass
class Link:
    a: int
    b: int
    score: float
    how: str  # exact | whole | partial | reorder | within_article


@dataclass
class QuoteVariant:
    quote_id: int
    cluster_id: int
    variant: str  # original | identical | truncated | extended | replaced | reordered | edited
    detail: str | None  # "depressing→miserable; war→battle"
    diff: str  # JSON list of [op, old words, new words]
    score: float


@dataclass
class Cluster:
    id: int  # = id of its earliest quote, so rebuild and incremental runs agree
    quote_ids: list[int]
    canonical_text: str
    speaker_id: int | None
    first_quote_id: int
    first_article_id: int
    first_published: str | None
    n_quotes: int
    n_articles: int
    n_outlets: int


@dataclass
class MatchResult:
    clusters: list[Cluster] = field(default_factory=list)
    variants: list[QuoteVariant] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    speaker_conflicts: list[Link] = field(default_factory=list)  # same words, different speakers


# ---------------------------------------------------------------- normalising and keys


@dataclass
class Prepared:
    """A quote's folded words and the string rapidfuzz compares."""

    tokens: list[str]
    folded: str
    content: list[str]


def prepare(text: str) -> Prepared:
    """Fold a quote for matching.

    >>> prepare("It’s miserable that X didn’t act").folded
    'it is depressing that x did not act'
    """
    tokens = fold(words(text))
    return Prepared(tokens, " ".join(tokens), [t for t in tokens if t not in STOPWORDS])


def _stable_hash(token: str) -> int:
    """A 32-bit hash that is the same in every process (Python's ``hash`` is salted)."""
    return zlib.crc32(token.encode("utf-8"))


_MASK61 = (1 << 61) - 1
_RNG = np.random.default_rng(20240601)
_PERM_A = _RNG.integers(1, 1 << 31, size=NUM_PERM, dtype=np.uint64)
_PERM_B = _RNG.integers(0, 1 << 31, size=NUM_PERM, dtype=np.uint64)


def minhash_signatures(token_sets: Sequence[Sequence[int]]) -> np.ndarray:
    """MinHash signatures (n × NUM_PERM uint64) of hashed word sets, vectorised with numpy.

    Universal hashing ``(a·x + b) mod 2^61−1`` on 32-bit word hashes; empty sets get all-max
    rows, which never share a band with anything because the band key also mixes in emptiness.
    """
    n = len(token_sets)
    signatures = np.full((n, NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    lengths = np.fromiter((len(s) for s in token_sets), dtype=np.int64, count=n)
    if lengths.sum() == 0:
        return signatures
    flat = np.fromiter((h for s in token_sets for h in s), dtype=np.uint64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(n), lengths)
    chunk = 2_000_000  # bound memory: chunk × NUM_PERM × 8 bytes
    for lo in range(0, len(flat), chunk):
        x = flat[lo : lo + chunk, None]
        hashed = (x * _PERM_A[None, :] + _PERM_B[None, :]) & np.uint64(_MASK61)
        np.minimum.at(signatures, owner[lo : lo + chunk], hashed)
    return signatures


def quote_keys(prepared: Sequence[Prepared]) -> tuple[np.ndarray, np.ndarray]:
    """All blocking keys as two parallel arrays (key, quote index), keys as uint64.

    Key families are kept apart by their top bits: 0 = exact text, 1 = word 3-gram, 2 = LSH band.
    """
    keys: list[int] = []
    owners: list[int] = []
    lsh_sets: list[list[int]] = []
    lsh_owner: list[int] = []
    for index, p in enumerate(prepared):
        keys.append((0 << 62) | zlib.crc32(p.folded.encode()) << 20 | len(p.tokens) & 0xFFFFF)
        owners.append(index)
        toks = p.tokens
        if len(toks) >= SHINGLE:
            seen = set()
            for i in range(len(toks) - SHINGLE + 1):
                gram = " ".join(toks[i : i + SHINGLE])
                if gram in seen:
                    continue
                seen.add(gram)
                # skip 3-grams made only of stopwords: "it is not" is no evidence
                if all(t in STOPWORDS for t in toks[i : i + SHINGLE]):
                    continue
                keys.append((1 << 62) | zlib.crc32(gram.encode()))
                owners.append(index)
        content = sorted(set(p.content))
        if len(content) >= MIN_CONTENT_FOR_LSH:
            lsh_sets.append([_stable_hash(t) for t in content])
            lsh_owner.append(index)
    key_array = np.array(keys, dtype=np.uint64)
    owner_array = np.array(owners, dtype=np.int64)
    if lsh_sets:
        signatures = minhash_signatures(lsh_sets)
        band_keys = []
        for band in range(BANDS):
            rows = signatures[:, band * ROWS : (band + 1) * ROWS]
            mixed = np.zeros(len(rows), dtype=np.uint64)
            for r in range(ROWS):
                mixed = (mixed * np.uint64(0x100000001B3) + rows[:, r]) & np.uint64((1 << 56) - 1)
            band_keys.append((np.uint64(2 << 60) | (np.uint64(band) << np.uint64(56))) | mixed)
        key_array = np.concatenate([key_array, *band_keys])
        owner_array = np.concatenate([owner_array, np.tile(np.array(lsh_owner, dtype=np.int64), BANDS)])
    return key_array, owner_array


def candidate_pairs(keys: np.ndarray, owners: np.ndarray, restrict_to: np.ndarray | None = None) -> np.ndarray:
    """Index pairs (i < j) that share at least one key held by ≤ MAX_BUCKET quotes.

    ``restrict_to`` (a boolean mask over quote indexes) keeps only pairs touching a marked
    quote: incremental matching of new quotes against everything stored.
    """
    if len(keys) == 0:
        return np.empty((0, 2), dtype=np.int64)
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    # dedupe (key, owner) so a quote repeating a 3-gram counts once
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    keys, owners = keys[keep], owners[keep]
    boundaries = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [len(keys)]])
    sizes = ends - starts
    useful = (sizes >= 2) & (sizes <= MAX_BUCKET)
    pair_chunks = []
    # Emit pairs bucket size by bucket size, vectorised within each size.
    for size in np.unique(sizes[useful]):
        group_starts = starts[useful & (sizes == size)]
        members = owners[group_starts[:, None] + np.arange(size)[None, :]]
        ii, jj = np.triu_indices(size, k=1)
        a = members[:, ii].ravel()
        b = members[:, jj].ravel()
        pair_chunks.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    if not pair_chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(pair_chunks)
    if restrict_to is not None:
        pairs = pairs[restrict_to[pairs[:, 0]] | restrict_to[pairs[:, 1]]]
    codes = np.unique(pairs[:, 0].astype(np.int64) * (1 << 31) + pairs[:, 1])
    return np.stack([codes >> 31, codes & ((1 << 31) - 1)], axis=1)


# ---------------------------------------------------------------- verifying


def verify(a: Prepared, b: Prepared, same_article: bool = False) -> tuple[float, str] | None:
    """Score a candidate pair; None when they are not the same words.

    >>> verify(prepare("not me, not Bill [Clinton], nobody more qualified than Hillary"),
    ...        prepare("not me, not Bill, nobody more qualified than Hillary"))
    (100.0, 'exact')
    >>> verify(prepare("we will build a wall"), prepare("we will not build a wall")) is None
    False
    """
    if a.folded == b.folded:
        return (100.0, "exact") if a.folded else None
    short, long_ = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if len(short.tokens) < (1 if same_article else MIN_WORDS):
        return None
    if not short.content:
        return None
    whole = fuzz.ratio(a.folded, b.folded)
    if whole >= WHOLE_RATIO and len(short.tokens) >= 3:
        return whole, "whole"
    min_words = 1 if same_article else PARTIAL_MIN_WORDS
    if len(short.tokens) >= min_words and len(short.tokens) < len(long_.tokens):
        if _contains_words(long_.tokens, short.tokens):
            return 99.0, "partial"
        partial = fuzz.partial_ratio(short.folded, long_.folded)
        if partial >= PARTIAL_RATIO and len(short.tokens) >= PARTIAL_MIN_WORDS:
            return partial, "partial"
    if len(short.tokens) >= EDIT_MIN_WORDS:
        coverage = _ordered_coverage(short.tokens, long_.tokens)
        if coverage >= EDIT_COVERAGE:
            return round(100 * coverage, 2), "edited"
    if len(short.tokens) >= 4 and abs(len(a.tokens) - len(b.tokens)) <= 2:
        reordered = fuzz.token_sort_ratio(a.folded, b.folded)
        if reordered >= REORDER_RATIO:
            return reordered, "reorder"
    return None


def _ordered_coverage(short: list[str], long_: list[str]) -> float:
    """Share of the short quote's words found in order in a compact stretch of the long one
    (dropped clauses, inserted asides); 0 when the matched words are scattered.

    >>> _ordered_coverage("a man or a woman more qualified than her".split(),
    ...                   "a man or a woman not me not bill more qualified than her to serve".split())
    1.0
    """
    blocks = [b for b in LCSseq.opcodes(short, long_).as_list() if b[0] == "equal"]
    if not blocks:
        return 0.0
    matched = sum(i2 - i1 for _, i1, i2, _, _ in blocks)
    span = blocks[-1][4] - blocks[0][3]
    if span > 1.5 * len(short) + 3:
        return 0.0
    return matched / len(short)


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    """The needle's words appear as one contiguous run of the haystack's words."""
    n = len(needle)
    first = needle[0]
    for i in range(len(haystack) - n + 1):
        if haystack[i] == first and haystack[i : i + n] == needle:
            return True
    return False


# ---------------------------------------------------------------- clustering


class _Clusters:
    """Union-find whose sets remember their one known speaker."""

    def __init__(self, speakers: dict[int, int | None]):
        self.parent: dict[int, int] = {}
        self.speaker = dict(speakers)

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        sa, sb = self.speaker.get(ra), self.speaker.get(rb)
        if sa is not None and sb is not None and sa != sb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.speaker[ra] = sa if sa is not None else sb
        return True


def cluster(rows: Sequence[QuoteRow], links: Iterable[Link]) -> dict[int, int]:
    """quote id → root quote id, joining strongest links first, never two known speakers."""
    sets = _Clusters({r.id: r.speaker_id for r in rows})
    for link in sorted(links, key=lambda l: (-l.score, min(l.a, l.b), max(l.a, l.b))):
        sets.union(link.a, link.b)
    return {r.id: sets.find(r.id) for r in rows}


# ---------------------------------------------------------------- describing variants


def word_diff(original: str, variant: str) -> list[list]:
    """Word-level edit script from ``original`` to ``variant``: [op, old words, new words].

    Aligned on synonym-folded words, so a spun word lines up with the one it replaced; words
    are shown lowercased with contractions expanded.

    >>> word_diff("It is depressing that", "It's miserable that")
    [['equal', 'it is', 'it is'], ['replace', 'depressing', 'miserable'], ['equal', 'that', 'that']]
    """
    a, b = words(original), words(variant)
    ka, kb = [_fold_one(w) for w in a], [_fold_one(w) for w in b]
    ops: list[list] = []

    def emit(tag: str, old: list[str], new: list[str]) -> None:
        if ops and tag != "equal" and ops[-1][0] != "equal":
            tag = "replace"  # "indicate" → "point out" reads as one replacement, not insert + replace
            ops[-1][0] = tag
        if ops and ops[-1][0] == tag:
            ops[-1][1] = f"{ops[-1][1]} {' '.join(old)}".strip()
            ops[-1][2] = f"{ops[-1][2]} {' '.join(new)}".strip()
        else:
            ops.append([tag, " ".join(old), " ".join(new)])

    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(ka, kb).as_list():
        if tag != "equal":
            emit(tag, a[i1:i2], b[j1:j2])
            continue
        for offset in range(i2 - i1):  # equal after folding: a spin synonym shows as replace
            x, y = a[i1 + offset], b[j1 + offset]
            emit("equal" if x == y else "replace", [x], [y])
    return ops


def _fold_one(word: str) -> str:
    return FOLD.get((word,), word)


def describe(original: str, variant: str) -> tuple[str, str | None, list[list]]:
    """Typed difference of ``variant`` from ``original``: (type, detail, word diff).

    >>> describe("It is depressing that the war", "It's miserable that the battle")[:2]
    ('replaced', 'depressing→miserable; war→battle')
    >>> describe("a b c d e f", "c d e")[0], describe("c d e", "a b c d e f")[0]
    ('truncated', 'extended')
    """
    diff = word_diff(original, variant)
    wa, wb = words(original), words(variant)
    if wa == wb:
        inserted = [x for x in _BRACKETED.findall(variant) if x not in _BRACKETED.findall(original)]
        dropped = [x for x in _BRACKETED.findall(original) if x not in _BRACKETED.findall(variant)]
        if inserted or dropped:  # "not Bill [Clinton]": an editor's insertion, not the speaker's
            return "edited", "; ".join([f"+{x}" for x in inserted] + [f"−{x}" for x in dropped]), diff
        return "identical", None, diff
    fa, fb = fold(wa), fold(wb)
    if fa != fb and sorted(fa) == sorted(fb):
        return "reordered", None, diff
    if len(fb) < len(fa) and _contains_words(fa, fb):
        return "truncated", None, diff
    if len(fa) < len(fb) and _contains_words(fb, fa):
        return "extended", None, diff
    changes = [op for op in diff if op[0] != "equal"]
    replaced = [op for op in changes if op[0] == "replace"]
    if fa == fb or (replaced and len(replaced) == len(changes)):
        detail = "; ".join(f"{op[1]}→{op[2]}" for op in replaced) or None
        return "replaced", detail, diff
    edits = "; ".join(
        f"−{op[1]}" if op[0] == "delete" else f"+{op[2]}" if op[0] == "insert" else f"{op[1]}→{op[2]}"
        for op in changes[:8]
    )
    return "edited", edits or None, diff


def is_spin_replacement(old: str, new: str) -> bool:
    """A replaced word run that only a synonym table explains ("did not"→"didn't" is not spin)."""
    return same_after_folding(old, new) and words(old) != words(new)


# ---------------------------------------------------------------- the whole job


def find_links(
    rows: Sequence[QuoteRow], new_ids: set[int] | None = None, prepared: Sequence[Prepared] | None = None
) -> tuple[list[Link], list[Link]]:
    """Verified links among ``rows`` (only those touching ``new_ids`` when given), and the
    pairs rejected only because their known speakers differ."""
    prepared = prepared if prepared is not None else [prepare(r.text) for r in rows]
    keys, owners = quote_keys(prepared)
    mask = None
    if new_ids is not None:
        mask = np.fromiter((r.id in new_ids for r in rows), dtype=bool, count=len(rows))
    pairs = candidate_pairs(keys, owners, mask)
    pair_list = set(map(tuple, pairs.tolist())) | _short_quote_pairs(rows, prepared, mask)
    links, conflicts = [], []
    for i, j in sorted(pair_list):
        ra, rb = rows[i], rows[j]
        same_article = ra.article_id == rb.article_id
        result = verify(prepared[i], prepared[j], same_article)
        if result is None:
            continue
        score, how = result
        if min(len(prepared[i].tokens), len(prepared[j].tokens)) < PARTIAL_MIN_WORDS and (
            ra.speaker_id is None or ra.speaker_id != rb.speaker_id
        ):
            continue  # a word or two in quotes joins only its own speaker's longer quote
        link = Link(min(ra.id, rb.id), max(ra.id, rb.id), round(score, 2), how)
        if ra.speaker_id is not None and rb.speaker_id is not None and ra.speaker_id != rb.speaker_id:
            conflicts.append(link)
        else:
            links.append(link)
    return links, conflicts


def _short_quote_pairs(rows, prepared, mask) -> set[tuple[int, int]]:
    """Short partial quotes ("ineffective") against every other quote of their own article:
    too short for any key, they may only join a longer quote by the same speaker there."""
    by_article: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_article[row.article_id].append(index)
    pairs = set()
    for index, p in enumerate(prepared):
        if len(p.tokens) >= PARTIAL_MIN_WORDS or not p.content:
            continue
        for other in by_article[rows[index].article_id]:
            if other != index and (mask is None or mask[index] or mask[other]):
                pairs.add((min(index, other), max(index, other)))
    return pairs


def build_clusters(rows: Sequence[QuoteRow], links: Sequence[Link]) -> tuple[list[Cluster], list[QuoteVariant]]:
    """Clusters (only those with ≥ 2 quotes) and every member's typed variant."""
    roots = cluster(rows, links)
    members: dict[int, list[QuoteRow]] = defaultdict(list)
    for row in rows:
        members[roots[row.id]].append(row)
    best_score: dict[int, float] = {}
    for link in links:
        for q in (link.a, link.b):
            best_score[q] = max(best_score.get(q, 0.0), link.score)
    clusters, variants = [], []
    for group in members.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: r.order_key)
        # The reference version: the fullest quote of the earliest article ("ineffective" and
        # the whole sentence it comes from → the sentence).
        earliest = [r for r in group if r.article_id == group[0].article_id]
        first = max(earliest, key=lambda r: (len(r.text), -r.start, -r.id))
        group.remove(first)
        group.insert(0, first)
        speakers = {r.speaker_id for r in group if r.speaker_id is not None}
        cluster_row = Cluster(
            id=first.id,
            quote_ids=[r.id for r in group],
            canonical_text=first.text,
            speaker_id=next(iter(speakers)) if speakers else None,
            first_quote_id=first.id,
            first_article_id=first.article_id,
            first_published=first.published,
            n_quotes=len(group),
            n_articles=len({r.article_id for r in group}),
            n_outlets=len({r.outlet for r in group if r.outlet}),
        )
        clusters.append(cluster_row)
        for row in group:
            if row is first:
                variants.append(QuoteVariant(row.id, first.id, "original", None, "[]", 100.0))
                continue
            kind, detail, diff = describe(first.text, row.text)
            variants.append(
                QuoteVariant(row.id, first.id, kind, detail, json.dumps(diff, ensure_ascii=False), best_score.get(row.id, 0.0))
            )
    return clusters, variants


def match_quotes(rows: Sequence[QuoteRow]) -> MatchResult:
    """Cluster every quote in ``rows`` from scratch."""
    links, conflicts = find_links(rows)
    clusters, variants = build_clusters(rows, links)
    return MatchResult(clusters, variants, links, conflicts)


def affected_component(start: set[int], links: Iterable[Link]) -> set[int]:
    """Every quote reachable from ``start`` over ``links`` (the part an increment can change)."""
    neighbours: dict[int, list[int]] = defaultdict(list)
    for link in links:
        neighbours[link.a].append(link.b)
        neighbours[link.b].append(link.a)
    seen, stack = set(start), list(start)
    while stack:
        for other in neighbours[stack.pop()]:
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


@dataclass
class SpunCopy:
    article_id: int
    copy_of: int
    score: float  # share of the article's quotes that match the source, weighted by spin evidence
    n_matched: int
    n_spun: int


def spun_copies(rows: Sequence[QuoteRow], pairs: Iterable[tuple[int, int]], min_quotes: int = 2,
                min_score: float = 0.3) -> list[SpunCopy]:
    """Articles whose quotes largely reappear, with synonym swaps, in one earlier article.

    ``pairs`` are quote ids found to be the same words (links, including those whose speakers
    disagree: a copier's misattribution is still copying). For article X and each earlier
    article Y: matched = X's quotes paired with a quote of Y; spun = those whose wording differs
    from Y's by spin synonyms. Score = matched / X's quotes of 4+ words × (0.5 + 0.5·spun/matched);
    flagged when ≥ ``min_quotes`` match, ≥ 1 is spun and the score reaches ``min_score``.
    """
    by_id = {r.id: r for r in rows}
    substantive: dict[int, int] = defaultdict(int)
    for r in rows:
        if len(words(r.text)) > 3:
            substantive[r.article_id] += 1
    order = {r.article_id: (r.published or "9999-99-99", r.article_id) for r in rows}
    tally: dict[tuple[int, int], dict[int, QuoteRow]] = defaultdict(dict)
    for a, b in pairs:
        qa, qb = by_id.get(a), by_id.get(b)
        if qa is None or qb is None or qa.article_id == qb.article_id:
            continue
        copy, source = (qa, qb) if order[qa.article_id] > order[qb.article_id] else (qb, qa)
        tally[(copy.article_id, source.article_id)].setdefault(copy.id, source)
    best: dict[int, SpunCopy] = {}
    for (article_id, source_article), matches in sorted(tally.items()):
        matched = len(matches)
        spun = sum(1 for qid, source in matches.items() if _spun(source.text, by_id[qid].text))
        score = min(1.0, matched / max(1, substantive[article_id]) * (0.5 + 0.5 * spun / matched))
        if matched >= min_quotes and spun >= 1 and score >= min_score:
            if article_id not in best or score > best[article_id].score:
                best[article_id] = SpunCopy(article_id, source_article, round(score, 3), matched, spun)
    return sorted(best.values(), key=lambda c: c.article_id)


def _spun(original: str, variant: str) -> bool:
    return any(op[0] == "replace" and is_spin_replacement(op[1], op[2]) for op in word_diff(original, variant))
