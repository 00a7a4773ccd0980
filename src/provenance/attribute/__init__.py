"""Attribution: a clean Article → quotes and claims with in-article speakers. Pure.

Order: find quoted spans → run the quote sieves in order of precision → continuation →
claims from the remaining sentences. A speaker, once found, is remembered so a later
"he added" or "the expert considered" can resolve to them.
"""

from __future__ import annotations

import bisect
import re

from .. import speakers as names
from ..model import Article, Claim, Extraction, Quote, Speaker
from . import claims as claim_rules
from .cues import stance
from .quotes import find_spans
from .sieves import QUOTE_SIEVES, ArticleState, Mention, QuoteContext, resolve_mention
from .text import paragraph_spans, sentence_spans

SCARE_MAX_WORDS = 3


def extract(article: Article) -> Extraction:
    """Quotes and claims of one article, offsets into ``article.text``."""
    text = article.text
    state = ArticleState(index=names.build_name_index(text), text=text)
    sentences = sentence_spans(text)
    sentence_starts = [a for a, _ in sentences]
    paragraphs = paragraph_spans(text)
    paragraph_starts = [a for a, _ in paragraphs]
    spans = find_spans(text)

    quotes: list[Quote] = []
    for number, span in enumerate(spans):
        next_open = spans[number + 1].open_at if number + 1 < len(spans) else len(text)
        p_index = max(0, bisect.bisect_right(paragraph_starts, span.open_at) - 1)
        p_start, p_end = paragraphs[p_index] if paragraphs else (0, len(text))
        s_index = max(0, bisect.bisect_right(sentence_starts, span.open_at) - 1)
        s_start = max(sentences[s_index][0] if sentences else 0, p_start)
        after_from = (span.close_at + 1) if span.close_at is not None else span.end
        ctx = QuoteContext(
            text=text,
            open_at=span.open_at,
            close_at=span.close_at,
            start=span.start,
            end=span.end,
            before=text[s_start:span.open_at],
            after=text[after_from:min(next_open, p_end)] if after_from <= p_end else "",
            paragraph=p_index,
        )
        quote = Quote(text=text[span.start:span.end], start=span.start, end=span.end)
        quote.kind = "full" if _starts_sentence(ctx.before) else "partial"
        for sieve in QUOTE_SIEVES:
            mention = sieve(ctx)
            if mention is None:
                continue
            _apply(quote, mention, state)
            if quote.speaker:
                break
        quotes.append(quote)

    _continuations(quotes, spans, text)
    for quote in quotes:
        if quote.speaker is None and len(quote.text.split()) <= SCARE_MAX_WORDS:
            quote.kind = "scare"

    claims = _claims(text, sentences, quotes, state)
    speakers = [Speaker(name=n, role=r, gender=g) for n, g, r in _unique(state.recent_speakers)]
    return Extraction(article=article, quotes=quotes, claims=claims, speakers=speakers)


def _apply(item, mention: Mention, state: ArticleState) -> None:
    name, role, organisation, gender = resolve_mention(mention, state)
    item.speaker_mention = mention.who.strip()
    item.cue = mention.cue
    item.stance = stance(mention.cue)
    item.sieve = mention.sieve
    item.confidence = mention.confidence if name else mention.confidence / 3
    item.role, item.organisation = role, organisation
    item.speaker = name
    if name:
        state.remember(name, gender, role)


def _starts_sentence(before: str) -> bool:
    stripped = before.strip()
    return not stripped or stripped.endswith((":", ".", "—", "–", "-", ",")) and len(stripped.split()) <= 8 or stripped.endswith(":")


def _continuations(quotes: list[Quote], spans, text: str) -> None:
    """An unattributed quote takes the speaker of its neighbour in the same sentence run or
    the attributed quote paragraph just before it (multi-paragraph quotes, "…,” he said. “…").

    “There is a geopolitical game there…” that “has always oscillated…,” stressed Thomas de Waal
    → the first part is Thomas de Waal's too.
    """
    for number, quote in enumerate(quotes):
        if quote.speaker:
            continue
        span = spans[number]
        donor = None
        if number + 1 < len(quotes) and spans[number + 1].paragraph == span.paragraph:
            between = text[span.end:spans[number + 1].open_at]
            if len(between.split()) <= 4 and quotes[number + 1].speaker:
                donor = quotes[number + 1]
        if donor is None and number > 0:
            previous, previous_span = quotes[number - 1], spans[number - 1]
            same_paragraph = previous_span.paragraph == span.paragraph
            next_paragraph = previous_span.paragraph + 1 == span.paragraph and text[span.open_at - 1:span.open_at] in ("\n", "")
            if previous.speaker and (same_paragraph or next_paragraph or previous_span.continues):
                donor = previous
        if donor is not None and quote.kind != "scare":
            quote.speaker = donor.speaker
            quote.speaker_mention = donor.speaker_mention
            quote.role, quote.organisation = donor.role, donor.organisation
            quote.cue, quote.stance = donor.cue, donor.stance
            quote.sieve = "continuation"
            quote.confidence = 0.7


def _claims(text: str, sentences, quotes: list[Quote], state: ArticleState) -> list[Claim]:
    claims: list[Claim] = []
    quoted = [(q.start, q.end) for q in quotes]
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        found = claim_rules.find_claim(sentence)
        if found:
            rule, match, kind, confidence = found
            c_start = s_start + match.start("content")
            c_end = s_start + match.end("content")
            while c_end > c_start and text[c_end - 1] in " .!?”\"":
                c_end -= 1
            if _mostly_quoted(c_start, c_end, quoted):
                continue
            claim = Claim(text=text[c_start:c_end], start=c_start, end=c_end, kind=kind)
            mention = Mention(match.group("who"), match.groupdict().get("cue") or "according to", rule, confidence,
                              match.groupdict().get("role"))
            _apply(claim, mention, state)
            if claim.speaker is None:
                claim.speaker = _descriptor(mention.who)
            claims.append(claim)
        elif claim_rules.is_check_worthy(sentence) and not _mostly_quoted(s_start, s_end, quoted):
            end = s_end
            while end > s_start and text[end - 1] in " ":
                end -= 1
            claims.append(Claim(text=text[s_start:end], start=s_start, end=end, kind="statement",
                                sieve="check_worthy_number", confidence=0.6))
    return claims


def _descriptor(who: str) -> str | None:
    """A non-person source kept as written ("sources", "The New York Post"); never a pronoun."""
    who = who.strip()
    if not who or names.is_pronoun(who.lower()) or who.lower() in ("him", "her", "them"):
        return None
    return re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.IGNORECASE) if who[0].islower() else who


def _mostly_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in quoted)
    return covered > 0.6 * max(1, end - start)


def _unique(items):
    seen = set()
    for name, gender, role in items:
        if name not in seen:
            seen.add(name)
            yield name, gender, role
