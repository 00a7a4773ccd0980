"""Cue-verb lexicon: the verbs that introduce speech, with a stance class.

Stance lets a fact-checker see how an outlet framed a quote: "said" is neutral, "claimed"
distances the writer, "admitted" concedes, "warned" predicts harm. Spun copies replace cue
verbs with odd synonyms ("mentioned", "had informed"), so the lexicon is wide on purpose.
"""

from __future__ import annotations

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

CUE_FORMS = sorted(LEMMA, key=len, reverse=True)
# A cue: optional auxiliaries ("had informed", "would later say", "has repeatedly said").
CUE_PATTERN = (
    r"(?:(?:has|have|had|will|would|could|also|later|then|once|again|previously|repeatedly|"
    r"often|recently|publicly|privately|quickly|simply|flatly|told|be|been|was|is)\s+){0,3}"
    r"(?:" + "|".join(re.escape(form) for form in CUE_FORMS) + r")\b"
)
CUE_RE = re.compile(CUE_PATTERN, re.IGNORECASE)


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


def stance(cue: str | None) -> str | None:
    """Stance class of a cue phrase.

    >>> stance("insisted"), stance("said"), stance("warned")
    ('assertive', 'neutral', 'warning')
    """
    if not cue:
        return None
    base = lemma(cue)
    return STANCE.get(base) if base else None
