"""Attribution: a clean Article → quotes and claims with in-article speakers. Pure.

Order: find quoted spans and cue words once; then walk the article in document order,
giving each quote a speaker through the sieves (most precise first) and reading reported
speech around each cue word, so that a later "he mentioned" or "the expert considered"
resolves to the person spoken of last; then continuations; then the outlet's own
check-worthy statements.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING, Any

from .. import speakers as names
from ..model import Article, Claim, Extraction, Quote, Speaker
from . import claims as claim_rules
from .cues import CLAIM_FORMS, HEADLINE_SMALL_WORDS, NOUN_CUES, article_cues, stance
from .quotes import find_spans
from .sieves import PAGE_LABELS, QUOTE_SIEVES, ArticleState, Mention, QuoteContext, resolve
from .sources import AUX, PERSON_HEADS, PERSON_PLURALS, Source, plural_noun, speaker_like
from .text import ABBREVIATIONS, paragraph_spans, sentence_spans

if TYPE_CHECKING:
    from .learned import AttributionModel

SCARE_MAX_WORDS = 3
# A claim is dropped when it is a quotation plus at most a couple of words (the quote carries
# it); a reported clause that merely contains a partial quote (said that the plan was “a
# costly mistake”) is the annotated attribution and stays.
MIN_UNQUOTED_WORDS = 3
WORD_RE = re.compile(r"[A-Za-z]+")
# A literal first character lets the regex engine skip ahead fast; the word boundary before
# "A"/"a" is checked in according_positions().
ACCORDING_RE = re.compile(r"ccording to ")
WORD_CHAR_RE = re.compile(r"\w")
# "Trump: Clinton should have congratulated me" (headlines), "FALLIN: Well, I think …" (transcripts)
COLON_SPEAKER_RE = re.compile(r"^[ \t]*([A-Z][\w.’'\-]*(?:[ \t]+[A-Z][\w.’'\-]*){0,3}):[ \t]+(?=\S)", re.MULTILINE)
CLAUSE_END_RE = re.compile(r"[“\"«]|[.!?;](?=[\s”\"’']|$)|\n")


def extract(article: Article, model: AttributionModel | None = None) -> Extraction:
    """Quotes and claims of one article, offsets into ``article.text``. With a ``model``
    (see ``learned.py``), sentences no rule attributed go through the learned sieve last."""
    text = article.text
    sentences = sentence_spans(text)
    state = ArticleState(index=names.NameIndex.lazy(text), text=text, sentences=sentences)
    sentence_starts = [a for a, _ in sentences]
    paragraphs = paragraph_spans(text)
    paragraph_starts = [a for a, _ in paragraphs]
    spans = find_spans(text)
    span_opens = [s.open_at for s in spans]

    # "a play called “…”" names a thing: no cue there for any rule of this article.
    cues = [c for c in article_cues(text) if c[2] not in NAMING_WORDS or not _names_a_thing(text, c[1])]
    # Speech-act nouns ("accusations that …") introduce claims only, never a quotation's speaker.
    quoted = _quoted_mask(spans, len(text))
    # A cue inside another quotation ("“The film made me cry,”") introduces nothing here.
    quote_cues = [c for c in cues if c[2] not in NOUN_CUES and not quoted(c[0])]
    cue_starts = [c[0] for c in quote_cues]

    # Events in document order: quotes by their opening mark, claim cues by position.
    events: list[tuple[int, int, Any]] = [(s.open_at, 0, n) for n, s in enumerate(spans)]
    events += [(c[0], 1, c) for c in cues if c[2] in CLAIM_FORMS and not quoted(c[0])]
    events += [(at, 1, ("according", at)) for at in according_positions(text) if not quoted(at)]
    events += [(at, 1, ("poll", at, end)) for at, end in claim_rules.poll_mentions(text) if not quoted(at)]
    events += [(a, 1, ("view", a)) for a, _ in sentences if text.startswith(("To ", "In "), a)]
    events += [(m.start(), 1, ("colon", m)) for m in colon_openings(text, paragraph_starts)]
    # After the cue at the same word: a share's verb that is also a cue is claim_at_cue's first.
    events += [(m.start("verb"), 1, ("share", m)) for m in claim_rules.share_mentions(text) if not quoted(m.start())]
    events.sort(key=lambda e: (e[0], e[1]))

    quotes: list[Quote | None] = [None] * len(spans)
    claims: list[Claim] = []
    claimed_sentences: set[int] = set()
    sentence_speaker: dict[int, Source] = {}

    def sentence_of(at: int) -> int:
        return max(0, bisect.bisect_right(sentence_starts, at) - 1)

    for at, kind, payload in events:
        s_index = sentence_of(at)
        s_start, s_end = sentences[s_index] if sentences else (0, len(text))
        if kind == 0:
            number = payload
            span = spans[number]
            p_index = max(0, bisect.bisect_right(paragraph_starts, span.open_at) - 1)
            p_start, p_end = paragraphs[p_index] if paragraphs else (0, len(text))
            next_open = span_opens[number + 1] if number + 1 < len(spans) else len(text)
            after_from = (span.close_at + 1) if span.close_at is not None else span.end
            limit = min(next_open, p_end)
            clause_end = _clause_end(text, after_from, limit)
            ctx = QuoteContext(
                text=text, open_at=span.open_at, close_at=span.close_at, start=span.start, end=span.end,
                sentence_start=max(s_start, p_start), clause_end=max(clause_end, after_from),
                cues=quote_cues, cue_starts=cue_starts,
            )
            quote = Quote(text=text[span.start:span.end], start=span.start, end=span.end)
            quote.kind = "full" if _starts_sentence(text[max(s_start, p_start):span.open_at]) else "partial"
            for sieve in QUOTE_SIEVES:
                mention = sieve(ctx)
                if mention is None or not speaker_like(mention.source):
                    continue
                _apply(quote, mention, state, span.open_at)
                if quote.speaker:
                    if mention.source.kind in ("name", "pronoun"):
                        sentence_speaker.setdefault(s_index, mention.source)
                    break
            quotes[number] = quote
            continue
        if payload[0] == "according":
            found = claim_rules.according_to(text, s_start, s_end, payload[1])
        elif payload[0] == "poll":
            found = claim_rules.in_poll(text, s_start, s_end, payload[1], payload[2])
        elif payload[0] == "view":
            found = claim_rules.in_view(text, s_start, s_end)
        elif payload[0] == "share":
            if claims and claims[-1].start <= payload[1].end("verb") + 1 < claims[-1].end:
                continue  # the cue at this verb already made the claim
            found = claim_rules.share_claim(text, s_start, s_end, payload[1])
        elif payload[0] == "colon":
            found = claim_rules.colon_speaker(text, payload[1], paragraphs[max(0, bisect.bisect_right(paragraph_starts, at) - 1)][1])
        else:
            cue_start, cue_end, word = payload
            found = claim_rules.claim_at_cue(text, s_start, s_end, cue_start, cue_end, word,
                                             sentence_speaker.get(s_index))
        if found is None or not speaker_like(found.source) or mostly_quoted(text, spans, found.start, found.end):
            continue
        claim = Claim(text=text[found.start:found.end], start=found.start, end=found.end, kind=found.kind)
        _apply(claim, Mention(found.source, found.cue, found.sieve, found.confidence), state, at)
        if claim.speaker:
            claimed_sentences.add(s_index)
            if found.source.kind in ("name", "pronoun") and not found.source.embedded:
                sentence_speaker.setdefault(s_index, found.source)
            claims.append(claim)

    quote_list = [q for q in quotes if q is not None]
    joins = _continuations(quote_list, spans, text)
    for quote in quote_list:
        if quote.speaker and _is_title(quote, text):
            quote.speaker = quote.speaker_mention = quote.role = quote.organisation = None
            quote.cue = quote.stance = quote.sieve = None
            quote.confidence = 0.0
        if quote.speaker is None and len(quote.text.split()) <= SCARE_MAX_WORDS:
            quote.kind = "scare"
    quote_list = join_fragments(quote_list, joins | _split_by_attribution(quote_list, spans, text), text)

    if model is not None:
        _learned_claims(text, sentences, quote_list, claims, claimed_sentences, model, state)

    for s_index, (s_start, s_end) in enumerate(sentences):
        if s_index in claimed_sentences or not claim_rules.has_number(text, s_start, s_end):
            continue
        end = s_end
        while end > s_start and text[end - 1] == " ":
            end -= 1
        sentence = text[s_start:end]
        if claim_rules.is_check_worthy(sentence) and quoted_share(spans, s_start, end) < 0.3:
            claims.append(Claim(text=sentence, start=s_start, end=end, kind="statement",
                                sieve="check_worthy_number", confidence=0.6))
    claims.sort(key=lambda c: c.start)

    speakers = _speakers(quote_list, claims, state)
    return Extraction(article=article, quotes=quote_list, claims=claims, speakers=speakers)


def _learned_claims(text, sentences, quote_list, claims, claimed_sentences, model, state) -> None:
    """Claims from the learned sieve: sentences no quote or claim with a speaker touches."""
    from .learned import SIEVE, learned_claim, open_sentences

    attributed = [(q.start, q.end) for q in quote_list if q.speaker] + [(c.start, c.end) for c in claims]
    sentence_starts = [a for a, _ in sentences]
    for start, end in open_sentences(text, sentences, attributed):
        found = learned_claim(text, start, end, model, state.index)
        if found is None:
            continue
        claim = Claim(text=text[start:end], start=start, end=end, kind="reported")
        # Not remembered as a speaker: the walk in document order is over, and a guess should
        # not become the referent of a later "he said".
        _apply(claim, Mention(found.source, found.cue, SIEVE, found.confidence), state, start, remember=False)
        if claim.speaker:
            claims.append(claim)
            claimed_sentences.add(bisect.bisect_right(sentence_starts, start) - 1)


def colon_openings(text: str, paragraph_starts: list[int]) -> list[re.Match]:
    """Paragraphs opened by "NAME: …". The pattern is tried only where a paragraph starts
    instead of scanning the whole text for line starts.

    >>> t = "Intro line: not one.\\nFALLIN: Well, I think so."
    >>> [m.group(1) for m in colon_openings(t, [0, 21])]
    ['FALLIN']

    Page furniture is nobody: "Editor’s Note: …", "Contributing: …", "Delegate Update: …".

    >>> colon_openings("Editor’s Note: This story was updated.", [0])
    []
    """
    return [match for match in (COLON_SPEAKER_RE.match(text, start) for start in paragraph_starts)
            if match and match.group(1).split()[-1].lower() not in PAGE_LABELS]


def according_positions(text: str) -> list[int]:
    """Offsets of "According to " / "according to " starting a word.

    >>> according_positions("According to him, … recording to tape, according to her")
    [0, 39]
    """
    found = []
    for match in ACCORDING_RE.finditer(text):
        at = match.start() - 1
        if at >= 0 and text[at] in "Aa" and not (at >= 1 and WORD_CHAR_RE.match(text, at - 1)):
            found.append(at)
    return found


def _apply(item, mention: Mention, state: ArticleState, at: int, remember: bool = True) -> None:
    name, role, organisation, gender = resolve(mention.source, state, at)
    item.speaker_mention = mention.source.phrase.strip()
    item.cue = mention.cue
    item.stance = stance(mention.cue)
    item.sieve = mention.sieve
    pronoun_like = mention.source.kind == "pronoun"
    item.confidence = round(mention.confidence * (0.85 if pronoun_like else 1.0), 2) if name else round(mention.confidence / 3, 2)
    item.role, item.organisation = role, organisation
    item.speaker = name
    if not name or mention.source.embedded or not remember:
        return
    if mention.source.kind == "nominal" and name == mention.source.phrase.strip():
        state.bodies.append((at, name))
    else:
        state.remember(at, name, gender, role, organisation)


def _clause_end(text: str, start: int, limit: int) -> int:
    """End of the clause after a closing mark: the next opening mark, sentence end or ``limit``.
    A period after an abbreviation or initial ("Sen.", "J.") does not end it."""
    position = min(start + 1, limit)
    while position < limit:
        found = CLAUSE_END_RE.search(text, position, limit)
        if not found:
            return limit
        at = found.start()
        if text[at] == ".":
            word_start = text.rfind(" ", start, at) + 1
            word = text[word_start:at]
            if len(word) <= 4 and word[:1].isupper() or word.lower() in ABBREVIATIONS:
                position = at + 1
                continue
        return at + (1 if text[at] in ".!?;" else 0)
    return limit


def _starts_sentence(before: str) -> bool:
    stripped = before.strip()
    return not stripped or stripped.endswith(":") or (stripped.endswith((".", "—", "–", "-", ",")) and len(stripped.split()) <= 8)


def _quoted_mask(spans, length: int):
    starts = [s.start for s in spans]

    def quoted(at: int) -> bool:
        index = bisect.bisect_right(starts, at) - 1
        return index >= 0 and spans[index].start <= at < spans[index].end

    return quoted


def mostly_quoted(text: str, spans, start: int, end: int) -> bool:
    """Whether text[start:end] is quotation but for fewer than ``MIN_UNQUOTED_WORDS`` words.

    >>> t = 'He said “no way, not now” and that the plan was “dead”.'
    >>> mostly_quoted(t, find_spans(t), 8, 25), mostly_quoted(t, find_spans(t), 30, 54)
    (True, False)
    """
    if quoted_share(spans, start, end) < 0.3:
        return False
    words, position = 0, start
    for span in spans[bisect.bisect_right(spans, start, key=_span_end):]:
        if span.start >= end:
            break
        words += len(WORD_RE.findall(text, position, max(position, span.start)))
        position = max(position, span.end)
    words += len(WORD_RE.findall(text, position, end)) if position < end else 0
    return words < MIN_UNQUOTED_WORDS


def quoted_share(spans, start: int, end: int) -> float:
    """Share of text[start:end] inside quote marks. Spans come in order and never overlap,
    so their ends are sorted: the ones ending by ``start`` are skipped with one bisection.

    >>> round(quoted_share(find_spans('He said “no way” today.'), 0, 23), 2)
    0.26
    """
    covered = 0
    for span in spans[bisect.bisect_right(spans, start, key=_span_end):]:
        if span.start >= end:
            break
        covered += max(0, min(end, span.end) - max(start, span.start))
    return covered / max(1, end - start)


def _span_end(span) -> int:
    return span.end


TITLE_SMALL_WORDS = HEADLINE_SMALL_WORDS | {"vs", "vs."}


def _is_title(quote: Quote, text: str) -> bool:
    """Whether a quote the sieves gave a speaker is a title, nobody's words: “Meet the Press”
    inside a sentence; with a period inside the marks only after "on", "NBC's", "book" … (a
    slogan ending a sentence, “Peace Through Strength.”, is the speaker's); a one-word title
    that only a neighbouring quote lent its speaker to (“Trainwreck.”)."""
    continued = quote.sieve == "continuation"
    if quote.kind != "partial" and not continued:
        return False
    if _named_thing(text, quote.start):
        return True
    if title_like(quote.text) and (_title_lead(text, quote.start) or quote.text.rstrip()[-1:] not in ".,"):
        return True
    return continued and _one_name(quote.text)


def title_like(text: str) -> bool:
    """A programme, book or film title: two to eight words, every word but the small ones
    capitalised, no sentence punctuation.

    >>> title_like("Meet the Press."), title_like("Fox News Sunday"), title_like("a disaster")
    (True, True, False)
    >>> title_like("We Will Win!"), title_like("Casablanca")
    (False, False)
    """
    text = text.rstrip().rstrip(".,")  # “Meet the Press.”: the period sits inside the marks
    words = text.split()
    if not 2 <= len(words) <= 8 or text[-1:] in "!?" or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words)


# Words before a title's opening mark: “… on NBC’s “Meet the Press”, “his book “An American Son””.
TITLE_LEADS = frozenset(
    "on to told in from titled entitled show program programme podcast book film movie documentary "
    "series column album song memoir novel edits hosts hosted".split()
)


def _one_name(text: str) -> bool:
    """A single capitalised word: “Trainwreck.”, “MacGyver”, “Related:” — a title or label a
    neighbouring quote must not lend its speaker to."""
    word = text.strip().rstrip(".,:;")
    return (" " not in word and word[:1].isupper() and word.isalpha() and word.lower() not in TITLE_SMALL_WORDS
            and word.lower() not in REPLIES)


# One-word answers a speaker gives: “No.”, “Absolutely.” keep the neighbour's speaker.
REPLIES = frozenset(
    "yes no nope yeah yep never absolutely exactly sure okay ok right wrong true false maybe thanks "
    "wow great amen correct definitely certainly indeed please sorry agreed".split()
)


# "a play called “Los Hijos de Trump”", "a group dubbed “the Squad”": a thing is named.
NAMING_WORDS = frozenset("called named titled entitled dubbed nicknamed".split())
NAMING_RE = re.compile(r"\b(a|an|the|[a-z][\w\-]*) (?:" + "|".join(sorted(NAMING_WORDS)) + ")$")


def _names_a_thing(text: str, end: int) -> bool:
    """Whether the naming word ending at ``end`` ("called") introduces a quoted name."""
    at = end
    while at < len(text) and text[at] == " ":
        at += 1
    return text[at:at + 1] in ("“", '"', "'", "‘", "«") and _named_thing(text, at + 1)


def _named_thing(text: str, start: int) -> bool:
    """Whether the quote at ``start`` is the name a thing goes by: "a popular play called
    “…”" (not "what critics called “…”", where the critics speak).

    >>> t = 'a popular play called "Los Hijos de Trump" and a plan critics called "amnesty"'
    >>> _named_thing(t, t.index("Los")), _named_thing(t, t.index("amnesty"))
    (True, False)
    """
    before = text[max(0, start - 40):start].rstrip("“\"'‘«` ")
    named = NAMING_RE.search(before)
    if named is None:
        return False
    word = named.group(1)
    # People name things too: "what critics called “amnesty”", "what multiple lawmakers called".
    return not (word in PERSON_HEADS or word in PERSON_PLURALS or plural_noun(word) or word in names.PRONOUNS
                or word in AUX)


def _title_lead(text: str, start: int) -> bool:
    """Whether the word before the quote at ``start`` introduces a title ("on", "NBC's")."""
    before = text[max(0, start - 30):start].rstrip("“\"'‘ ,").split()
    if not before:
        return False
    word = before[-1]
    return word.lower() in TITLE_LEADS or word.endswith(("’s", "'s"))


def _continuations(quotes: list[Quote], spans, text: str) -> set[int]:
    """An unattributed quote takes the speaker of its neighbour in the same sentence run or
    the attributed quote paragraph just before it (multi-paragraph quotes, "…,” he said. “…").

    “There is a geopolitical game there…” that “has always oscillated…,” stressed Thomas de Waal
    → the first part is Thomas de Waal's too.

    Returns the numbers n of the quotes that are one quotation with quote n + 1: each
    continuation with the quote it took its speaker from (“A,” she said. “B.”, also when “B.”
    opens the next paragraph, and a paragraph running into the next).
    """
    joins: set[int] = set()
    ordered = list(zip(quotes, spans))  # one quote per span, in order
    for number, (quote, span) in enumerate(ordered):
        if quote.speaker or span is None:
            continue
        donor, joined = None, None  # joined: n when this quote and its donor are quotes n, n + 1
        if number + 1 < len(ordered):
            following, following_span = ordered[number + 1]
            if following_span is not None and following_span.paragraph == span.paragraph:
                between = text[span.end:following_span.open_at]
                if len(between.split()) <= 4 and following.speaker and not re.search(r"[.!?]\s", between):
                    donor, joined = following, number
            elif (following_span is not None and span.continues and following.speaker
                  and following_span.paragraph == span.paragraph + 1):
                # “… ¶ “…,” Trump said: the paragraph the quote runs into names him
                donor, joined = following, number
        if donor is None and number > 0:
            previous, previous_span = ordered[number - 1]
            if previous_span is not None and previous.speaker:
                same_paragraph = previous_span.paragraph == span.paragraph
                next_paragraph = previous_span.paragraph + 1 == span.paragraph and (
                    span.open_at == 0 or text[span.open_at - 1] == "\n")
                if same_paragraph or next_paragraph or previous_span.continues:
                    donor, joined = previous, number - 1
        if donor is not None and quote.kind != "scare":
            quote.speaker = donor.speaker
            quote.speaker_mention = donor.speaker_mention
            quote.role, quote.organisation = donor.role, donor.organisation
            quote.cue, quote.stance = donor.cue, donor.stance
            quote.sieve = "continuation"
            quote.confidence = 0.7
            if joined is not None:
                joins.add(joined)
    return joins


def _split_by_attribution(quotes: list[Quote], spans, text: str) -> set[int]:
    """Numbers n of quotes that the same speaker's quote n + 1 continues after an attribution
    in the same paragraph: “Judge,” Brafman said, “I have never had that happen.”

    Only the attribution may stand between them: at most eight words and no sentence of
    the writer's own ("“A,” he said. He also noted “B.”" stays two quotes).
    """
    found = set()
    for number in range(len(quotes) - 1):
        quote, following = quotes[number], quotes[number + 1]
        span, following_span = spans[number], spans[number + 1]
        if (not quote.speaker or quote.speaker != following.speaker or span is None or following_span is None
                or span.paragraph != following_span.paragraph or span.close_at is None):
            continue
        if _attribution_only(text[span.close_at + 1:following_span.open_at]):
            found.add(number)
    return found


def _attribution_only(gap: str) -> bool:
    """At most eight words and no sentence ending inside ("Mr." ends none).

    >>> _attribution_only(",” Mr. Rendell said, “"), _attribution_only(",” he said. He also noted “")
    (True, False)
    """
    if len(gap.split()) > 8:
        return False
    for end in SENTENCE_INSIDE_RE.finditer(gap):
        word = gap[:end.start()].split()[-1:] or [""]
        if word[0].lower().strip("“”\"'‘’,") not in ABBREVIATIONS:
            return False
    return True


SENTENCE_INSIDE_RE = re.compile(r"[.!?](?=\s+[\w(])")


def join_fragments(quotes: list[Quote], joins: set[int], text: str) -> list[Quote]:
    """One quote for each quotation split around its attribution or run over paragraphs:
    quote n and n + 1 become one when n is in ``joins`` and both still have the same speaker.
    The joined quote spans the first opening to the last closing, lists its ``fragments``,
    takes its words from ``fragment_text``, and keeps the speaker, cue and sieve of the
    fragment that was attributed (not the one that borrowed the speaker).
    """
    if not joins:
        return quotes
    joined: list[Quote] = []
    for number, quote in enumerate(quotes):
        previous = joined[-1] if joined else None
        if (previous is None or number - 1 not in joins or not quote.speaker
                or previous.speaker != quote.speaker):
            joined.append(quote)
            continue
        fragments = [*(previous.fragments or [[previous.start, previous.end]]), [quote.start, quote.end]]
        base = quote if previous.sieve == "continuation" and quote.sieve != "continuation" else previous
        joined[-1] = Quote(
            text=fragment_text(text, fragments), start=previous.start, end=quote.end,
            kind="full" if "full" in (previous.kind, quote.kind) else previous.kind,
            speaker=base.speaker, speaker_mention=base.speaker_mention, role=base.role,
            organisation=base.organisation, cue=base.cue, stance=base.stance, sieve=base.sieve,
            confidence=base.confidence, fragments=fragments,
        )
    return joined


def fragment_text(text: str, fragments: list[list[int]]) -> str:
    """The words of a split quotation: its fragments joined by " … " where the article puts
    words between them (the attribution), by a space where only marks and a paragraph break.

    >>> t = "“We don't know yet,” he said. “But we will.”"
    >>> fragment_text(t, [[1, 18], [31, 43]])
    "We don't know yet … But we will."
    >>> fragment_text("“It runs on\\n“and on.”", [[1, 11], [13, 20]])
    'It runs on and on.'
    """
    words = text[fragments[0][0]:fragments[0][1]]
    for (_, end), (start, following_end) in itertools.pairwise(fragments):
        gap = text[end:start]
        words += (" " if not gap.strip(FRAGMENT_GAP_MARKS) else " … ") + text[start:following_end]
    return words


FRAGMENT_GAP_MARKS = " \n\t“”\"'‘’«»„‟,."


def _speakers(quotes, claims, state: ArticleState) -> list[Speaker]:
    seen: dict[str, Speaker] = {}
    for item in (*quotes, *claims):
        if not item.speaker:
            continue
        speaker = seen.get(item.speaker)
        if speaker is None:
            seen[item.speaker] = Speaker(name=item.speaker, role=item.role, organisation=item.organisation,
                                         gender=state.index.gender_of(item.speaker))
        else:
            speaker.role = speaker.role or item.role
            speaker.organisation = speaker.organisation or item.organisation
    return list(seen.values())
