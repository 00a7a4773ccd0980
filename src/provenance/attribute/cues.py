"""Cue-verb lexicon: the verbs that introduce speech, with a stance class.

Stance lets a fact-checker see how an outlet framed a quote: "said" is neutral, "claimed"
distances the writer, "admitted" concedes, "warned" predicts harm. Spun copies replace cue
verbs with odd synonyms ("mentioned", "had informed"), so the lexicon is wide on purpose.
"""

from __future__ import annotations

import bisect
import functools
import re

STANCE_VERBS: dict[str, tuple[str, ...]] = {
    "neutral": (
        "say", "tell", "add", "state", "note", "mention", "explain", "comment", "remark",
        "report", "write", "continue", "reply", "respond", "answer", "observe", "describe",
        "inform", "announce", "declare", "recall", "recount", "tweet", "post", "testify",
        "told", "ask", "call", "describe", "quote", "put", "speak", "conclude", "consider",
        "think", "believe", "feel", "argue", "suggest", "point", "indicate", "acknowledge",
        "confirm", "predict", "estimate", "reckon", "emphasise", "emphasize", "stress",
        "underline", "highlight", "reiterate", "repeat", "recollect", "muse", "joke", "quip",
        "explain", "elaborate", "summarise", "summarize", "specify", "clarify", "learn",
        "express", "offer", "chime", "interject", "read", "urge", "vow", "promise", "pledge",
        "assure", "reassure", "advise", "propose", "recommend", "hope", "wonder", "tout",
        "praise", "hail", "boast", "brag", "concede",
        # Spoken aloud: "the man shouted", "exhorted actress Jamie Lee Curtis".
        "shout", "yell", "chant", "bark", "exhort", "scream", "cry", "exclaim", "whisper",
        "mutter", "snap", "thunder", "gush", "plead", "beg", "intone", "declaim",
        "retweet", "bemoan", "imply", "opine", "grouse", "ponder", "reference", "reaffirm", "invoke",
    ),
    "assertive": (
        "claim", "insist", "assert", "allege", "maintain", "contend", "charge", "accuse",
        "argue", "proclaim", "declare", "swear", "demand", "stress", "affirm",
    ),
    "concessive": ("admit", "concede", "acknowledge", "confess", "allow", "grant"),
    "warning": ("warn", "caution", "threaten", "fear", "alarm"),
    "critical": (
        "rail", "blast", "slam", "criticise", "criticize", "attack", "lash", "denounce",
        "condemn", "decry", "complain", "lament", "scoff", "mock", "rebuke", "fume",
        "protest", "object", "dismiss", "deny", "reject", "dispute", "question", "scold",
        "assail", "chide",
    ),
}

# Later classes override earlier ones: "claimed" is assertive although it is also speech.
STANCE: dict[str, str] = {}
for _stance, _verbs in STANCE_VERBS.items():
    for _verb in _verbs:
        STANCE[_verb] = _stance

IRREGULAR = {
    "said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell",
    "telling": "tell", "wrote": "write", "writes": "write", "written": "write",
    "thought": "think", "felt": "feel", "spoke": "speak", "spoken": "speak",
    "swore": "swear", "sworn": "swear", "put": "put", "read": "read", "learned": "learn",
    "learnt": "learn", "has learned": "learn",
}


def _inflections(verb: str) -> set[str]:
    forms = {verb}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
        if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb) or verb in {"rebut", "quip", "admit", "regret", "commit", "omit", "refer", "occur"}:
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


LEMMA: dict[str, str] = dict(IRREGULAR)
for _verb in STANCE:
    for _form in _inflections(_verb):
        LEMMA.setdefault(_form, _verb)



def lemma(cue: str) -> str | None:
    """The base verb of a cue phrase.

    >>> lemma("had informed")
    'inform'
    """
    words = cue.lower().split()
    for word in reversed(words):
        if word in LEMMA:
            return LEMMA[word]
    return None


@functools.lru_cache(maxsize=4096)
def stance(cue: str | None) -> str | None:
    """Stance class of a cue phrase.

    >>> stance("insisted"), stance("said"), stance("warned")
    ('assertive', 'neutral', 'warning')
    """
    if not cue:
        return None
    base = lemma(cue)
    return STANCE.get(base) if base else None


# Word-level lexicons for the token walk (a set lookup per word, no big alternation).
# Verbs whose object is reported content: "X said (that) …", "…, X said.", "…, said X."
CLAIM_LEMMAS = frozenset(
    "say tell add write note report announce suggest show find tweet argue think believe explain "
    "acknowledge declare claim insist warn predict state conclude reveal agree recall contend "
    "maintain assert fear hope know indicate confirm deny estimate expect worry complain admit "
    "concede emphasize emphasise stress mention post testify reply respond continue promise vow "
    "pledge feel allege observe remark comment answer inform learn urge accuse criticize "
    "criticise praise describe propose reiterate repeat speculate joke quip boast brag lament "
    "caution counter retort recount muse wonder question dismiss reject blame charge "
    # Stance and intention verbs PolNeAR annotates as attributions ("Sanders wants voters to …"),
    # kept where their precision on the training split is ≥ 0.75.
    "call support want plan ask appear seem see consider view endorse decline cite refuse "
    "oppose refer defend recognize demand tout understand slam blast doubt notice realize "
    "highlight talk discuss order favor encourage thank mock prefer rail remind portray release "
    "seek decide convince express offer advocate denounce embrace welcome threaten project "
    "condemn commit decry congratulate lament apologize assume hint point attack echo voice "
    # Speech verbs added after the error analysis of round 3, each ≥ 0.78 claim precision on train.
    "assure retweet bemoan assail imply opine grouse ponder reference chide reaffirm invoke "
    # Round 4 (stop 11), each measured alone on train: the claims it adds right at ≥ 0.75.
    "fault promote ridicule taunt calculate forecast hate love float".split()
) - frozenset({"maintain", "continue"})
# Verbs that take a listener before the content: "told reporters (that) …".
LISTENER_LEMMAS = frozenset("tell inform assure remind warn advise brief promise notify urge ask".split())
# Extra verbs that make a same-sentence partial quote the subject's words.
FRAMING_LEMMAS = frozenset("describe call dub label term brand accuse vow".split())
EXTRA_FORMS = {
    "described": "describe", "describes": "describe", "describing": "describe", "calls": "call",
    "called": "call", "calling": "call", "dubbed": "dub", "labeled": "label", "labelled": "label",
    "termed": "term", "branded": "brand", "knows": "know", "knew": "know", "found": "find",
    "finds": "find", "shows": "show", "showed": "show", "shown": "show", "feared": "fear",
    "hoped": "hope", "worried": "worry", "worries": "worry", "expects": "expect", "expected": "expect",
    "estimated": "estimate", "indicated": "indicate", "learned": "learn", "countered": "counter",
    "retorted": "retort", "speculated": "speculate", "reiterated": "reiterate", "repeated": "repeat",
    "sought": "seek", "seeks": "seek", "seeking": "seek", "spoke": "speak", "saw": "see", "seen": "see",
}
# Speech-act nouns: a cue only with an owner ("his accusation that …" → he, "Trump's
# insistence that …" → Trump); see claims._plausible.
NOUN_CUES = {
    "accusation": "accuse", "accusations": "accuse", "allegation": "allege", "allegations": "allege",
    "suggestion": "suggest", "argument": "argue", "insistence": "insist", "prediction": "predict",
    "complaint": "complain", "complaints": "complain", "proposal": "propose", "announcement": "announce",
    "belief": "believe", "assertion": "assert", "assertions": "assert", "denial": "deny",
    "admission": "admit", "vow": "vow",
}
EXTRA_FORMS.update(NOUN_CUES)
for _form, _lemma in EXTRA_FORMS.items():
    LEMMA.setdefault(_form, _lemma)
for _verb in CLAIM_LEMMAS | FRAMING_LEMMAS:
    for _form in _inflections(_verb):
        LEMMA.setdefault(_form, _verb)
for _form in ("said", "says", "saying", "told", "tells", "telling", "wrote", "writes", "writing",
              "thought", "thinks", "felt", "feels", "knew", "knows", "found", "finds"):
    LEMMA.setdefault(_form, LEMMA.get(_form) or _form)

# "state(s)" is far more often a noun ("his home state") than a cue.
NOT_CUES = frozenset({"echo", "voice", "point", "points", "attack", "attacks", "state", "states", "post", "posts", "charge", "charges", "question", "questions"})
CLAIM_FORMS = frozenset(
    form for form, base in LEMMA.items() if base in CLAIM_LEMMAS and " " not in form and form not in NOT_CUES
)
QUOTE_FORMS = frozenset(form for form in LEMMA if " " not in form)
PARTICIPLES = frozenset(form for form in QUOTE_FORMS if form.endswith("ing"))


def trie_pattern(words) -> str:
    """A regex alternation shaped as a trie, so the engine rejects most positions after one
    character instead of trying every word (no backtracking blow-up).

    >>> re.fullmatch(trie_pattern(["said", "says", "say"]), "says") is not None
    True
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return render(trie)


# Every cue word of the article in one C-level pass.
# Capitalised forms too: headlines ("Clinton Slams Trump") and "Said Jane Smith, …".
QUOTE_CUE_RE = re.compile(r"\b" + trie_pattern(sorted(QUOTE_FORMS | {f.capitalize() for f in QUOTE_FORMS})) + r"\b")
# The same over lowercased text: half the branches at each word start (see cue_words()).
LOWER_CUE_RE = re.compile(r"\b" + trie_pattern(sorted(QUOTE_FORMS)) + r"\b")


def cue_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lowercase word) of every cue word, in order: one C-level pass of a
    trie-shaped regex.

    >>> cue_words("He said, “no.” She says: yes; essays. Said Jo. SAID")
    [(3, 7, 'said'), (19, 23, 'says'), (38, 42, 'said')]

    A word before a hyphen is no cue ("the talk-radio host"), nor "so-called".

    >>> cue_words("the talk-radio host, a so-called expert, said")
    [(41, 45, 'said')]
    >>> cue_words("Talk show host Jo Beck said")
    [(23, 27, 'said')]
    """
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lowercase is longer ("İ"): offsets would shift
        return [(m.start(), m.end(), m.group().lower()) for m in QUOTE_CUE_RE.finditer(text)
                if not _in_compound(text, m.start(), m.end())]
    found = []
    for match in LOWER_CUE_RE.finditer(lower):
        start, end = match.span()
        word = match.group()
        written = text[start:end]
        if written != word and (written != word.capitalize() or _inside_name(text, start, end)):
            continue  # "said", "Said", never "SAID"; nor "the United States has"
        # A hyphen after the word makes a compound ("talk-radio"); one before is usually
        # still a cue ("de-emphasized", "live-tweeted"), but for "so-called".
        if text[end:end + 1] == "-" or (text[start - 1:start] == "-" and text[start - 3:start] in ("so-", "co-")):
            continue
        if lower.startswith(NOUN_COMPOUNDS.get(word, ()), end) or (
                word in ("show", "shows") and lower.endswith(SHOW_KINDS, 0, start)):
            continue  # "a talk show host", "talk radio", "“The Apprentice” TV show": nouns
        if lower.startswith(NOT_SPEECH_AFTER.get(word, ()), end):
            continue  # "adding to her run of victories", "claiming his third victory": no speech
        found.append((start, end, word))
    return found


# Cue words that open a noun compound: "a talk show host", "talk radio", "the show host".
NOUN_COMPOUNDS = {"talk": (" show", " radio"), "show": (" host",)}
_WINS = tuple(f" {owner}{what}" for owner in ("", "his ", "her ", "their ", "a ", "the ") for what in (
    "victory", "victories", "win", "wins", "third", "second", "first", "fourth", "fifth", "seat", "title",
    "nomination", "delegates", "race", "defeat"))
NOT_SPEECH_AFTER = {
    "add": (" to ",), "adds": (" to ",), "added": (" to ",), "adding": (" to ",),
    "claim": _WINS, "claims": _WINS, "claimed": _WINS, "claiming": _WINS,
    "concede": _WINS, "concedes": _WINS, "conceded": _WINS, "conceding": _WINS,
}
SHOW_KINDS = ("talk ", "tv ", "television ", "game ", "reality ", "radio ", "cooking ", "news ", "morning ")


def _inside_name(text: str, start: int, end: int) -> bool:
    """A capitalised cue word that ends a name: a capitalised word before it and a lowercase
    one after it ("the Islamic State had", "the United States has"). A headline capitalises
    the next word too ("Clinton Says Trump Is"), and "Said Jo" opens its sentence.

    >>> t = "the United States has"; _inside_name(t, 11, 17), _inside_name("Clinton Says Trump", 8, 12)
    (True, False)
    >>> _inside_name("Ted Cruz Refuses to Disavow", 9, 16), _inside_name("the United States, which", 11, 17)
    (False, True)
    >>> _inside_name("the Islamic State with", 12, 17), _inside_name("Clinton Report Finds", 8, 14)
    (True, False)
    """
    before = text[max(0, start - 30):start]
    if not before.endswith(" ") or not before.rstrip()[-1:].isalpha():
        return False
    if not before.split()[-1][:1].isupper():
        return False
    if text[end:end + 1] in NAME_ENDS:
        return True  # "the United States, which …", "the United States’ allies"
    if text[end:end + 1] != " ":
        return False
    following = text[end + 1:end + 12].split(None, 1)
    if text[start:end].lower() in NAME_NOUNS:
        # "charging the Islamic State with …", "the Drudge Report in …": a headline would
        # capitalise the next word ("Clinton Report Finds …").
        return bool(following) and not following[0][:1].isupper()
    # Headlines keep small words lowercase: "Ted Cruz Refuses to Disavow …", "Pence Calls for …".
    return bool(following) and following[0][:1].islower() and following[0] not in HEADLINE_SMALL_WORDS


# Cue forms that end names of bodies and papers: "the Islamic State", "the Washington Post".
NAME_NOUNS = frozenset("state states report reports post note notes".split())


NAME_ENDS = frozenset(",’'")
HEADLINE_SMALL_WORDS = frozenset("to for of a an the in on at by with about and or as from into over up".split())


def _in_compound(text: str, start: int, end: int) -> bool:
    return text[end:end + 1] == "-" or text[max(0, start - 3):start] in ("so-", "co-")


_cached: list = [None, [], []]  # [text, cue_words(text), their starts]: the last article scanned


def article_cues(text: str) -> list[tuple[int, int, str]]:
    """cue_words(text), computed once per article and shared by every rule."""
    if _cached[0] is not text:
        found = cue_words(text)
        _cached[:] = [text, found, [start for start, _, _ in found]]
    return _cached[1]


def cues_between(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The article's cue words inside text[start:end], by bisection.

    >>> t = "He said no; she says yes."
    >>> cues_between(t, 5, len(t))
    [(16, 20, 'says')]
    """
    cues = article_cues(text)
    starts = _cached[2]
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end, lo)
    while hi > lo and cues[hi - 1][1] > end:  # a word cut by ``end`` is not a cue
        hi -= 1
    return cues[lo:hi]
