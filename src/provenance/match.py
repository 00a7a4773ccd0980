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
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq, Levenshtein

from .spin import FOLD, STOPWORDS, fold, same_after_folding, words

_BRACKETED = re.compile(r"\[[^\]]{0,40}\]")
SHINGLE = 3  # words per shingle key
MAX_BUCKET = 2_000  # 3-gram/LSH keys shared by more quotes are too common to be evidence
CANDIDATE_WEIGHT = 3  # shared 3-grams that make a candidate; one exact or LSH key suffices (≤ 3: packed in 2 bits)
LSH_WEIGHT = 2  # one shared LSH band is not enough on its own: it also needs a second band or a shared 3-gram
PAIRS_PER_PARTITION = 12_000_000  # bounds candidate_pairs' memory (~0.3 GB per partition)
WIDE_BUCKET = 64  # above this, bucket members pair only with their next neighbour
WINDOW = 6  # within a key's bucket, each quote pairs with its next WINDOW members
NUM_PERM = 36
BANDS, ROWS = 9, 4  # LSH: 9 bands of 4 rows: candidate chance 44% at Jaccard 0.5, 92% at 0.7, 99.6% at 0.8
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


@dataclass(slots=True)
class Prepared:
    """A quote's folded words and the string rapidfuzz compares."""

    tokens: tuple[str, ...]
    folded: str
    content: tuple[str, ...]  # distinct non-stopwords (a tuple: sets cost ~1 KB per quote)


def prepare(text: str) -> Prepared:
    """Fold a quote for matching.

    >>> prepare("It’s miserable that X didn’t act").folded
    'it is depressing that x did not act'
    """
    tokens = tuple(fold(words(text)))
    return Prepared(tokens, " ".join(tokens), tuple(dict.fromkeys(t for t in tokens if t not in STOPWORDS)))


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
    ends = np.cumsum(lengths)
    starts = ends - lengths
    # Whole sets in chunks of about 200k words bound memory (200k × NUM_PERM × 8 bytes each).
    first = 0
    while first < n:
        last = int(np.searchsorted(ends, (ends[first - 1] if first else 0) + 200_000, side="right"))
        last = max(last, first + 1)
        lo, hi = int(starts[first]), int(ends[last - 1])
        nonempty = np.flatnonzero(lengths[first:last]) + first
        if hi > lo:
            hashed = (flat[lo:hi, None] * _PERM_A[None, :] + _PERM_B[None, :]) & np.uint64(_MASK61)
            signatures[nonempty] = np.minimum.reduceat(hashed, starts[nonempty] - lo, axis=0)
        first = last
    return signatures


class _Vocabulary(dict):
    """word → stable 32-bit hash, computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode())
        return value


_VOCAB = _Vocabulary()
_STOP_ARRAY = np.array(sorted(zlib.crc32(w.encode()) for w in STOPWORDS), dtype=np.uint64)
_P1, _P2 = np.uint64(0x9E3779B1), np.uint64(0x85EBCA77)


def quote_keys(prepared: Sequence[Prepared], block: int = 50_000) -> tuple[np.ndarray, np.ndarray]:
    """All blocking keys as two parallel arrays (key uint64, quote index int32), and each
    quote's number of informative 3-grams.

    Key families sit in the top two bits: 0 = exact folded text, 1 = word 3-gram (not all
    stopwords), 2 = LSH band of a MinHash over the folded content words. Computed in blocks of
    quotes so temporaries stay small at a million quotes.
    """
    key_parts, owner_parts, gram_parts = [], [], []
    for lo in range(0, len(prepared), block):
        keys, owners, grams = _block_keys(prepared[lo : lo + block])
        key_parts.append(keys)
        owner_parts.append((owners + lo).astype(np.int32))
        gram_parts.append(grams)
    if not key_parts:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int32)
    return np.concatenate(key_parts), np.concatenate(owner_parts), np.concatenate(gram_parts)


def _block_keys(prepared: Sequence[Prepared]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(prepared)
    exact = np.fromiter(
        ((zlib.crc32(p.folded.encode()) << 20) | (len(p.tokens) & 0xFFFFF) for p in prepared), dtype=np.uint64, count=n
    )
    lengths = np.fromiter((len(p.tokens) for p in prepared), dtype=np.int64, count=n)
    total = int(lengths.sum())
    lookup = _VOCAB.__getitem__
    hashes = np.fromiter((h for p in prepared for h in map(lookup, p.tokens)), dtype=np.uint64, count=total)
    stop = np.isin(hashes, _STOP_ARRAY)
    owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
    key_parts, owner_parts = [exact], [np.arange(n, dtype=np.int64)]
    grams = np.zeros(n, dtype=np.int32)
    if total >= SHINGLE:
        # 3-gram at position k covers tokens k..k+2, valid when all three belong to one quote
        keep = (owner[:-2] == owner[2:]) & ~(stop[:-2] & stop[1:-1] & stop[2:])
        gram = (hashes[:-2] * _P1 * _P1 + hashes[1:-1] * _P1 + hashes[2:] * _P2) & np.uint64((1 << 62) - 1)
        key_parts.append(gram[keep] | np.uint64(1 << 62))
        owner_parts.append(owner[:-2][keep])
        grams = np.bincount(owner[:-2][keep], minlength=n).astype(np.int32)
        del gram, keep
    lsh_owner = [i for i, p in enumerate(prepared) if len(p.content) >= MIN_CONTENT_FOR_LSH]
    if lsh_owner:
        signatures = minhash_signatures([list(map(lookup, prepared[i].content)) for i in lsh_owner])
        owners_lsh = np.array(lsh_owner, dtype=np.int64)
        for band in range(BANDS):
            rows = signatures[:, band * ROWS : (band + 1) * ROWS]
            mixed = np.zeros(len(rows), dtype=np.uint64)
            for r in range(ROWS):
                mixed = (mixed * np.uint64(0x100000001B3) + rows[:, r]) & np.uint64((1 << 56) - 1)
            key_parts.append(np.uint64(2 << 62) | (np.uint64(band) << np.uint64(56)) | mixed)
            owner_parts.append(owners_lsh)
    return np.concatenate(key_parts), np.concatenate(owner_parts), grams


_KEY_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it mixes every key bit into the top bits


def candidate_pairs(keys: np.ndarray, owners: np.ndarray, grams: np.ndarray | None = None,
                    restrict_to: np.ndarray | None = None) -> np.ndarray:
    """Index pairs (i < j) that share keys: one exact or LSH key, or ``CANDIDATE_WEIGHT``
    3-grams (a shared run of five words) — fewer when one of the two has fewer (``grams``).

    Within a key's bucket (members in index order) each quote pairs with its next ``WINDOW``
    members, so a bucket costs O(size) however popular the key: a quote copied by 500 outlets
    still chains together, and appending new quotes never changes the pairs among old ones
    (incremental = rebuild). 3-gram and LSH buckets above ``MAX_BUCKET`` are skipped as
    uninformative ("going to be", a boilerplate band).

    ``restrict_to`` (a boolean mask over quote indexes) keeps only pairs touching a marked
    quote: incremental matching of new quotes against everything stored.
    """
    empty = np.empty((0, 2), dtype=np.int64)
    if len(keys) == 0:
        return empty
    # Buckets come from one plain sort of a uint64 per key: its family (2 bits), a hash of the
    # key, then its position (``bits``), which keeps each bucket in index order (quote_keys lists
    # holders in index order). That sort is ~10x faster than a stable argsort of the keys at a
    # million quotes. Two distinct keys with equal hashes (about n^2 / 2^(63 - bits): some
    # thousands among 25M keys) share a bucket: a few extra candidates for verification to judge.
    bits = max(1, (len(keys) - 1).bit_length())
    hashed = (keys * _KEY_MIX) >> np.uint64(bits + 2) << np.uint64(bits)
    packed = keys >> np.uint64(62) << np.uint64(62)
    packed |= hashed
    del hashed
    packed |= np.arange(len(keys), dtype=np.uint64)
    packed.sort()
    owners = owners[(packed & np.uint64((1 << bits) - 1)).astype(np.int64)]
    keys = packed >> np.uint64(bits)  # family and hash: equal for the members of a bucket
    del packed
    keep = np.ones(len(keys), dtype=bool)  # a quote repeating a 3-gram counts once
    keep[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    keys, owners = keys[keep], owners[keep]
    new_bucket = np.ones(len(keys), dtype=bool)
    new_bucket[1:] = keys[1:] != keys[:-1]
    bucket = (np.cumsum(new_bucket) - 1).astype(np.int32)
    del new_bucket
    sizes = np.bincount(bucket)
    family = (keys >> np.uint64(62 - bits)).astype(np.int8)
    del keys
    usable = (family == 0) | (sizes[bucket] <= MAX_BUCKET)
    weight_of = np.choose(family, [CANDIDATE_WEIGHT, 1, LSH_WEIGHT]).astype(np.int8)
    del family
    # Buckets above WIDE_BUCKET only chain neighbours (step 1): a popular key still links a
    # reprinted quote's copies, without emitting WINDOW pairs per member.
    narrow = sizes[bucket] <= WIDE_BUCKET
    steps = []
    for step in range(1, WINDOW + 1):
        same = (bucket[:-step] == bucket[step:]) & (usable[:-step] if step == 1 else narrow[:-step])
        if restrict_to is not None:
            same &= restrict_to[owners[:-step]] | restrict_to[owners[step:]]
        steps.append(same)
    del bucket, usable, narrow, sizes
    emitted = sum(int(np.count_nonzero(same)) for same in steps)
    if not emitted:
        return empty
    # Pairs are counted in partitions of the smaller quote index, so memory stays bounded
    # however many pairs the window emits (a million quotes can emit ~10^8).
    partitions = max(1, -(-emitted // PAIRS_PER_PARTITION))
    # Each step's emitted pairs, compressed once (9 bytes a pair), then split by partition.
    emitted_pairs = []
    for step, same in enumerate(steps, start=1):
        a, b = owners[:-step][same], owners[step:][same]
        emitted_pairs.append((np.minimum(a, b), np.maximum(a, b), weight_of[:-step][same]))
        del a, b
    del steps, owners, weight_of
    found = []
    for part in range(partitions):
        # One uint64 per emitted pair: (lo << 31 | hi) << 2 | weight (1 or 3). A plain in-place
        # sort then groups each pair's emissions, with no index array and no second sort.
        tagged_parts = []
        for lo, hi, weight in emitted_pairs:
            mine = lo % partitions == part if partitions > 1 else slice(None)
            tagged_parts.append(((lo[mine].astype(np.uint64) << np.uint64(31) | hi[mine].astype(np.uint64))
                                 << np.uint64(2)) | weight[mine].astype(np.uint64))
        tagged = np.concatenate(tagged_parts)
        del tagged_parts
        tagged.sort()
        codes = tagged >> np.uint64(2)
        first = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1]))) if len(codes) else np.empty(0, dtype=np.int64)
        totals = np.add.reduceat((tagged & np.uint64(3)).astype(np.int32), first) if len(first) else np.empty(0, dtype=np.int32)
        unique = codes[first].astype(np.int64)
        del tagged, codes
        needed = CANDIDATE_WEIGHT
        if grams is not None:  # a quote with only one or two informative 3-grams needs only those
            lo, hi = unique >> 31, unique & ((1 << 31) - 1)
            needed = np.clip(np.minimum(grams[lo], grams[hi]), 1, CANDIDATE_WEIGHT)
        found.append(unique[totals >= needed])
    unique = np.sort(np.concatenate(found))
    return np.stack([unique >> 31, unique & ((1 << 31) - 1)], axis=1)


# ---------------------------------------------------------------- verifying


def verify(a: Prepared, b: Prepared, same_article: bool = False) -> tuple[float, str] | None:
    """Score a candidate pair; None when they are not the same words.

    >>> verify(prepare("not me, not Bill [Clinton], nobody more qualified than Hillary"),
    ...        prepare("not me, not Bill, nobody more qualified than Hillary"))
    (100.0, 'exact')
    >>> verify(prepare("We will build a great wall"), prepare("Mexico will pay for the wall")) is None
    True
    """
    return verify_many([a, b], np.array([[0, 1]]), np.array([same_article])).get(0)


def verify_many(prepared: Sequence[Prepared], pairs: np.ndarray, same_article: np.ndarray) -> dict[int, tuple[float, str]]:
    """``verify`` for many index pairs at once: rapidfuzz's ``cpdist`` scores them in C.

    Rules, in order: the shorter needs ≥ MIN_WORDS words (one within an article); equal folded
    text → exact; the shorter needs half its content words in the longer; ``ratio`` ≥ WHOLE_RATIO → whole;
    the shorter inside the longer (``partial_ratio`` ≥ PARTIAL_RATIO, or its words verbatim
    within one article) → partial; ≥ EDIT_COVERAGE of the shorter's words in order in a
    compact stretch → edited (dropped clause, inserted aside); ``token_sort_ratio`` ≥
    REORDER_RATIO on similar lengths → reorder.
    """
    results: dict[int, tuple[float, str]] = {}  # pair number → (score, how), accepted pairs only
    alive, shorts, longs = [], [], []
    for n, (i, j) in enumerate(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist())):
        a, b = prepared[i], prepared[j]
        short, long_ = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
        if len(short.tokens) < (1 if same_article[n] else MIN_WORDS):
            continue  # one word ("disaster", "rigged") in two articles is no evidence of one quote
        if a.folded == b.folded:
            results[n] = (100.0, "exact")
            continue
        if not short.content:
            continue
        if len(set(short.content).intersection(long_.content)) < 0.5 * len(short.content):
            continue  # cheap reject: most candidates end here
        alive.append(n)
        shorts.append(short)
        longs.append(long_)
    if not alive:
        return results
    short_text = [p.folded for p in shorts]
    long_text = [p.folded for p in longs]
    whole = process.cpdist(short_text, long_text, scorer=fuzz.ratio, workers=1)
    partial = process.cpdist(short_text, long_text, scorer=fuzz.partial_ratio, workers=1)
    for k, n in enumerate(alive):
        short, long_ = shorts[k], longs[k]
        ns, nl = len(short.tokens), len(long_.tokens)
        if whole[k] >= WHOLE_RATIO and ns >= 3:
            results[n] = (round(float(whole[k]), 2), "whole")
            continue
        if ns < nl and (ns >= PARTIAL_MIN_WORDS or same_article[n]):
            if partial[k] >= 99.99 and _contains_words(long_.tokens, short.tokens):
                results[n] = (99.0, "partial")
                continue
            if partial[k] >= PARTIAL_RATIO and ns >= PARTIAL_MIN_WORDS:
                results[n] = (round(float(partial[k]), 2), "partial")
                continue
        if ns >= EDIT_MIN_WORDS:
            coverage = _ordered_coverage(short.tokens, long_.tokens)
            if coverage >= EDIT_COVERAGE:
                results[n] = (round(100 * coverage, 2), "edited")
                continue
        if ns >= 4 and nl - ns <= 2:
            reordered = fuzz.token_sort_ratio(short.folded, long_.folded)
            if reordered >= REORDER_RATIO:
                results[n] = (round(float(reordered), 2), "reorder")
    return results


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
    ka, kb = [FOLD_ONE(w, w) for w in a], [FOLD_ONE(w, w) for w in b]
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
        if a[i1:i2] == b[j1:j2]:
            emit("equal", a[i1:i2], b[j1:j2])
            continue
        for offset in range(i2 - i1):  # equal after folding: a spin synonym shows as replace
            x, y = a[i1 + offset], b[j1 + offset]
            emit("equal" if x == y else "replace", [x], [y])
    return ops


FOLD_ONE = {k[0]: v for k, v in FOLD.items() if len(k) == 1}.get


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
    pairs rejected only because their known speakers differ.

    Copies collapse first: quotes of ``PARTIAL_MIN_WORDS``+ words with the same folded text are
    one *text group*, and only one member per text (plus every short quote) gets keys and
    candidates. Within a group, each speaker's copies join their earliest copy by an exact
    link; a verified pair of texts links the earliest copy of each speaker's version. A quote
    syndicated to 500 outlets thus costs 499 links, not the ~3,000 its windows would emit.
    """
    prepared = prepared if prepared is not None else [prepare(r.text) for r in rows]
    new_mask = None
    if new_ids is not None:
        new_mask = np.fromiter((r.id in new_ids for r in rows), dtype=bool, count=len(rows))
    groups, first_of = _text_groups(prepared)
    units = np.unique(first_of)
    unit_mask = touched = None
    if new_mask is not None:  # a text is looked at again when any copy of it is new
        touched = np.unique(first_of[new_mask])
        unit_mask = np.isin(units, touched, assume_unique=True)
        touched = set(touched.tolist())
    # keys passed unnamed so candidate_pairs can free them as soon as it has sorted them
    unit_pairs = units[candidate_pairs(*quote_keys([prepared[u] for u in units]), restrict_to=unit_mask)]
    speaker_reps, star = _speaker_copies(rows, groups, new_mask)
    # Most texts have one speaker's version: their pairs stand as they are; the rest expand.
    several = np.zeros(len(rows), dtype=bool)
    several[[i for i, reps in speaker_reps.items() if len(reps) > 1]] = True
    plain = ~(several[unit_pairs[:, 0]] | several[unit_pairs[:, 1]])
    expanded = [(a, b) for i, j in unit_pairs[~plain].tolist()
                for a in speaker_reps.get(i, (i,)) for b in speaker_reps.get(j, (j,))]
    for i, reps in speaker_reps.items():  # the same words under two speakers: verified, then sorted out
        if len(reps) > 1 and (touched is None or i in touched):
            expanded.extend((a, b) for n, a in enumerate(reps) for b in reps[n + 1:])
    expanded.extend(_short_quote_pairs(rows, prepared, new_mask))
    ends = np.concatenate([unit_pairs[plain], np.array(expanded, dtype=np.int64).reshape(-1, 2)])
    codes = np.unique(ends.min(axis=1) * (1 << 31) + ends.max(axis=1))
    pair_array = np.stack([codes >> 31, codes & ((1 << 31) - 1)], axis=1)
    links, conflicts = [], []
    article = np.fromiter((r.article_id for r in rows), dtype=np.int64, count=len(rows))
    same_article = article[pair_array[:, 0]] == article[pair_array[:, 1]]
    accepted = verify_many(prepared, pair_array, same_article)
    firsts, seconds = pair_array[:, 0], pair_array[:, 1]
    for n, result in sorted(accepted.items()):
        i, j = int(firsts[n]), int(seconds[n])
        ra, rb = rows[i], rows[j]
        score, how = result
        if min(len(prepared[i].tokens), len(prepared[j].tokens)) < PARTIAL_MIN_WORDS and (
            ra.speaker_id is None or ra.speaker_id != rb.speaker_id
        ):
            continue  # a word or two in quotes joins only its own speaker's longer quote
        if how == "partial" and (ra.speaker_id is None) != (rb.speaker_id is None):
            short_row, long_row = (ra, rb) if len(prepared[i].tokens) <= len(prepared[j].tokens) else (rb, ra)
            if long_row.speaker_id is not None and _inside_nested_quote(short_row.text, long_row.text):
                continue  # Clinton quoting Trump's slogan: an unattributed slogan is not her words
        link = Link(min(ra.id, rb.id), max(ra.id, rb.id), round(score, 2), how)
        if ra.speaker_id is not None and rb.speaker_id is not None and ra.speaker_id != rb.speaker_id:
            conflicts.append(link)
        else:
            links.append(link)
    links.extend(Link(min(rows[a].id, rows[b].id), max(rows[a].id, rows[b].id), 100.0, "exact") for a, b in star)
    return links, conflicts


def _text_groups(prepared: Sequence[Prepared]) -> tuple[dict, np.ndarray]:
    """Folded text → indexes of the quotes that read so (in index order), and each quote's
    group's first index. A short quote (under ``PARTIAL_MIN_WORDS`` words) is a group of its
    own, since whether it joins depends on its article and speaker."""
    groups: dict = {}
    firsts = []
    for index, p in enumerate(prepared):
        members = groups.setdefault(p.folded if len(p.tokens) >= PARTIAL_MIN_WORDS else index, [])
        members.append(index)
        firsts.append(members[0])
    return groups, np.array(firsts, dtype=np.int64)


def _speaker_copies(rows, groups, new_mask) -> tuple[dict[int, tuple[int, ...]], list[tuple[int, int]]]:
    """For each text group of 2+ copies: its first member → the earliest copy per speaker
    (unknown speaker counts as one), and the (earliest copy, later copy) exact links to make
    (only those touching a new quote when ``new_mask`` is given)."""
    reps: dict[int, tuple[int, ...]] = {}
    star: list[tuple[int, int]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        first_of: dict = {}
        for m in members:
            speaker = rows[m].speaker_id
            if speaker not in first_of:
                first_of[speaker] = m
            elif new_mask is None or new_mask[m] or new_mask[first_of[speaker]]:
                star.append((first_of[speaker], m))
        reps[members[0]] = tuple(sorted(first_of.values()))
    return reps, star


# A nested quotation: an opening mark, then anything but marks (an apostrophe inside a word,
# "Let’s", is allowed), then a closing mark not followed by a letter.
_NESTED = re.compile(r"[‘\"“]((?:[^‘’\"“”]|’(?=\w))+?)[’\"”](?!\w)")


def _inside_nested_quote(short: str, long_: str) -> bool:
    """The short quote's words sit inside quotation marks nested in the long quote.

    >>> _inside_nested_quote("Let’s make America great again.",
    ...     "When Donald Trump says ‘Let’s make America great again,’ that is code for going back")
    True
    """
    target = " ".join(fold(words(short)))
    for match in _NESTED.finditer(long_):
        inner = " ".join(fold(words(match.group(1))))
        if target and (target in inner or inner in target) and len(inner.split()) >= 2:
            return True
    return False


def _short_quote_pairs(rows, prepared, mask) -> set[tuple[int, int]]:
    """Short partial quotes ("ineffective") against every other quote of their own article by
    the same known speaker: too short for any key, they may only join such a longer quote."""
    by_speaker_in_article: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.speaker_id is not None:
            by_speaker_in_article[(row.article_id, row.speaker_id)].append(index)
    pairs = set()
    for index, p in enumerate(prepared):
        if len(p.tokens) >= PARTIAL_MIN_WORDS or not p.content or rows[index].speaker_id is None:
            continue
        for other in by_speaker_in_article[(rows[index].article_id, rows[index].speaker_id)]:
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
    described: dict[tuple[str, str], tuple[str, str | None, str]] = {}  # copies repeat text pairs
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
            key = (first.text, row.text)
            if key not in described:
                kind, detail, diff = describe(first.text, row.text)
                described[key] = (kind, detail, json.dumps(diff, ensure_ascii=False))
            kind, detail, diff_json = described[key]
            variants.append(QuoteVariant(row.id, first.id, kind, detail, diff_json, best_score.get(row.id, 0.0)))
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
    n_words: dict[str, int] = {}  # syndicated quotes repeat: count each distinct text once
    for r in rows:
        if r.text not in n_words:
            n_words[r.text] = len(words(r.text))
        if n_words[r.text] > 3:
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
    spun_cache: dict[tuple[str, str], bool] = {}  # syndicated copies repeat the same text pairs

    def spun_pair(original: str, variant: str) -> bool:
        key = (original, variant)
        if key not in spun_cache:
            spun_cache[key] = original != variant and _spun(original, variant)
        return spun_cache[key]

    for (article_id, source_article), matches in sorted(tally.items()):
        matched = len(matches)
        if matched < min_quotes or min(1.0, matched / max(1, substantive[article_id])) < min_score:
            continue  # cannot be flagged whatever the spin count (the score is at most this)
        spun = sum(1 for qid, source in matches.items() if spun_pair(source.text, by_id[qid].text))
        score = min(1.0, matched / max(1, substantive[article_id]) * (0.5 + 0.5 * spun / matched))
        if matched >= min_quotes and spun >= 1 and score >= min_score:
            if article_id not in best or score > best[article_id].score:
                best[article_id] = SpunCopy(article_id, source_article, round(score, 3), matched, spun)
    return sorted(best.values(), key=lambda c: c.article_id)


def _spun(original: str, variant: str) -> bool:
    return any(op[0] == "replace" and is_spin_replacement(op[1], op[2]) for op in word_diff(original, variant))
