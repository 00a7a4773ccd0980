"""Score extraction against an annotated JSON-lines corpus (GUIDE §3, as GenderGapTracker).

- predictions: every quote and every claim that has a speaker;
- a gold attribution is *found* when one prediction covers ≥ 30 % of its characters
  (its content fragments when the corpus gives them: PolNeAR content split around the
  attribution, “A,” she said. “B.”, is two fragments, and the words "she said" between them
  are not content; ``use_fragments=False`` scores the single start–end span instead);
- a prediction is *right* when it covers ≥ 30 % of some gold attribution;
- speaker accuracy: over found gold attributions whose speaker is a name, the share whose
  best-covering prediction names the same person (same surname).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from .attribute import extract
from .model import Article
from .speakers import PRONOUNS, TITLES, surname_of

COVER = 0.30


@dataclass
class Score:
    docs: int = 0
    gold: int = 0
    found: int = 0
    predictions: int = 0
    right: int = 0
    named: int = 0
    named_right: int = 0
    seconds: float = 0.0
    by_kind: Counter = field(default_factory=Counter)
    by_kind_found: Counter = field(default_factory=Counter)
    by_sieve: Counter = field(default_factory=Counter)
    by_sieve_right: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.right / self.predictions if self.predictions else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.named_right / self.named if self.named else 0.0

    def as_dict(self) -> dict:
        return {
            "docs": self.docs, "gold": self.gold, "predictions": self.predictions,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_named_gold": self.named,
            "docs_per_second": round(self.docs / self.seconds, 1) if self.seconds else None,
            "recall_by_kind": {k: round(self.by_kind_found[k] / n, 4) for k, n in sorted(self.by_kind.items())},
            "precision_by_sieve": {
                k: [n, round(self.by_sieve_right[k] / n, 4)] for k, n in self.by_sieve.most_common()
            },
        }


def is_named(speaker: str | None) -> bool:
    """A gold speaker that is a name: not a pronoun, not a description like "the campaign".

    >>> is_named("Mr. Trump"), is_named("he"), is_named("The Post"), is_named("sources")
    (True, False, False, False)
    """
    if not speaker or not speaker.strip():
        return False
    words = speaker.split()
    first = words[0]
    return first[0].isupper() and first.lower() not in PRONOUNS and first.lower() not in ("the", "a", "an", "his", "her", "their", "its", "one", "two", "some", "many", "most", "several", "both", "all")


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


# "Trump’s campaign manager", "ABC's host": an owner, then lowercase role words.
ROLE_FIRST = re.compile(r"[A-Z][\w.\-]*[’']s(?:\s+[a-z][\w\-]*)+")
NAME_RUN = re.compile(r"(?:[A-Z][\w.\-’']*\s+){1,3}[A-Z][\w.\-’']*")


def gold_name(speaker: str) -> str:
    """The person's name inside a gold speaker span, which often carries an appositive.

    >>> gold_name("Craig Varoga, a D.C.-based Democratic strategist")
    'Craig Varoga'
    >>> gold_name("Mr. Kim, who was traveling in Europe"), gold_name("Rep. Gwen Graham (D-Fla.)")
    ('Mr. Kim', 'Rep. Gwen Graham')
    >>> gold_name("Sen. Jeff Merkley of Oregon"), gold_name("Secretary of State John Kerry")
    ('Sen. Jeff Merkley', 'Secretary of State John Kerry')
    >>> gold_name("Trump’s campaign manager, Corey Lewandowski, who has run races")
    'Corey Lewandowski'
    >>> gold_name("Another critic, Laurence H. Tribe,")
    'Laurence H. Tribe'
    >>> gold_name("Polls in New Hampshire"), gold_name("Democrats on the House Select Committee")
    ('Polls', 'Democrats')
    """
    parts = re.split(r",|\(| who | whose | - | — ", speaker, maxsplit=2)
    if len(parts) > 1 and (ROLE_FIRST.fullmatch(parts[0].strip()) or parts[0].startswith("Another ")) and (
            NAME_RUN.fullmatch(parts[1].strip())):
        # "Carter’s press secretary, Peter Cook", "Another critic, Laurence H. Tribe": the role comes first
        return parts[1].strip()
    name = parts[0].strip()
    # "Sen. Jeff Merkley of Oregon" → "Sen. Jeff Merkley" (not "Secretary of State John Kerry").
    head, of, _ = name.partition(" of ")
    if of and len([w for w in head.split() if w[:1].isupper()]) >= 2 and head.split()[-1].lower().rstrip(".") not in TITLES:
        name = head
    # "Polls in New Hampshire", "Partisans on both sides": the place or side is no part of who.
    setting = SETTING.search(name)
    if setting and setting.start() > 0:
        name = name[:setting.start()]
    return name or speaker


SETTING = re.compile(r" (?:in|on|at) (?=\S)")


def same_person(predicted: str | None, gold: str) -> bool:
    """Same surname as the gold speaker's name (the span minus any appositive)."""
    return bool(predicted) and surname_of(predicted) == surname_of(gold_name(gold))


def covers(span: tuple[int, int], parts: list[tuple[int, int]]) -> bool:
    """Whether ``span`` holds at least ``COVER`` of the characters of ``parts``."""
    inside, length = covered(span, parts)
    return inside >= COVER * length


def gold_parts(item: dict, use_fragments: bool = True) -> list[tuple[int, int]]:
    """The character ranges of one gold attribution's content."""
    fragments = item.get("fragments") if use_fragments else None
    if fragments:
        return [(int(a), int(b)) for a, b in fragments]
    return [(item["start"], item["end"])]


def covered(span: tuple[int, int], parts: list[tuple[int, int]]) -> tuple[int, int]:
    """(characters of ``parts`` inside ``span``, characters of ``parts``)."""
    return sum(overlap(span, part) for part in parts), max(1, sum(b - a for a, b in parts))


def score_records(records, score: Score | None = None, use_fragments: bool = True, model=None) -> Score:
    score = score or Score()
    for record in records:
        # Gold offsets index the corpus text as given, so it is scored uncleaned.
        article = Article(text=record["text"], outlet=record.get("outlet"), published=record.get("date"))
        started = time.perf_counter()
        extraction = extract(article, model=model)
        score.seconds += time.perf_counter() - started
        score_document(extraction, record.get("quotes", []), score, use_fragments)
        score.docs += 1
    return score


def score_document(extraction, gold_items: list[dict], score: Score, use_fragments: bool = True) -> None:
    predictions = [item for item in (*extraction.quotes, *extraction.claims) if item.speaker]
    gold = [gold_parts(g, use_fragments) for g in gold_items]
    score.predictions += len(predictions)
    for item in predictions:
        right = any(covers((item.start, item.end), parts) for parts in gold)
        score.right += right
        score.by_sieve[item.sieve or "?"] += 1
        score.by_sieve_right[item.sieve or "?"] += right
    for parts, item in zip(gold, gold_items):
        score.gold += 1
        kind = item.get("kind", "?")
        score.by_kind[kind] += 1
        covering = []
        for prediction in predictions:
            inside, length = covered((prediction.start, prediction.end), parts)
            if inside >= COVER * length:
                covering.append((inside, prediction))
        if not covering:
            continue
        score.found += 1
        score.by_kind_found[kind] += 1
        if is_named(item.get("speaker")):
            score.named += 1
            best = max(covering, key=lambda pair: pair[0])[1]
            score.named_right += same_person(best.speaker, item["speaker"])


def evaluate_file(path: str, limit: int | None = None, use_fragments: bool = True, model=None) -> Score:
    return score_records(corpus_records(path, limit), use_fragments=use_fragments, model=model)


def corpus_records(path: str, limit: int | None = None):
    """The annotated records of a JSON-lines corpus, one at a time (the first ``limit``
    lines); a bad line is a ValueError naming the file and the line."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and number > limit:
                break
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                for item in record.get("quotes", []):
                    if not 0 <= int(item["start"]) <= int(item["end"]) <= len(text):
                        raise ValueError(f"offsets {item['start']}–{item['end']} outside the text")
            except (ValueError, KeyError, TypeError) as error:
                problem = f"no {error} field" if isinstance(error, KeyError) else str(error)
                raise ValueError(f"{path}: line {number}: not an annotated record ({problem})") from None
            yield record
