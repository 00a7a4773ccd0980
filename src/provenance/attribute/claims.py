"""Claims: reported speech with its speaker, and the outlet's own check-worthy statements.

Each finder is a small named rule over one sentence, most precise first; a sentence gives
at most one claim.
"""

from __future__ import annotations

import re

from .cues import CUE_PATTERN
from .sieves import ROLE, WHO

ADVERBIAL = r"(?:\s+(?:on|in|at|last|this|late|early|during|after|before|to|in a)\s+[\w’'\-]+(?:\s+[\w’'\-]+){0,3}?)?"
REPORTED_THAT = re.compile(
    rf"(?P<who>{WHO})(?:\s*,\s*(?P<role>{ROLE}?),)?\s+(?P<cue>{CUE_PATTERN})"
    rf"(?:\s+(?:reporters|journalists|him|her|them|us|supporters|the\s+\w+|[A-Z]\w+)){{0,1}}{ADVERBIAL}\s*,?\s+that\s+(?P<content>.+)",
)
ACCORDING_FRONT = re.compile(rf"^[Aa]ccording to (?P<who>{WHO}(?:\s+[\w’'\-]+){{0,6}}?)\s*,\s*(?P<content>.+)")
ACCORDING_BACK = re.compile(rf"^(?P<content>.+?),\s+according to (?P<who>{WHO}(?:\s+[\w’'\-]+){{0,6}}?)\s*[.!?]?[”\"]?$")
TRAILING_CUE = re.compile(
    rf"^(?P<content>.{{12,}}?),\s+(?P<who>{WHO}|(?:a|an|another|one|two|several|many|some)?\s*[a-z]+(?:\s+[a-z]+)?\s+(?:sources?|officials?|aides?|advisers?|advisors?|analysts?|experts?|people|spokesman|spokeswoman|spokesperson))(?:\s*,\s*(?P<role>{ROLE}?),)?\s+(?P<cue>{CUE_PATTERN}){ADVERBIAL}\s*[.!?]?$"
)
SAY_NO_THAT = re.compile(
    rf"(?P<who>{WHO})(?:\s*,\s*(?P<role>{ROLE}?),)?\s+(?P<cue>(?:has\s+|had\s+)?(?:said|says|mentioned|argued|claimed|insisted|warned|added|noted|stressed|believes|thinks|predicted)){ADVERBIAL}\s+(?P<content>(?:he|she|they|it|we|I|there|the|a|an|his|her|their|[A-Z]\w+)\s.+)"
)
NUMBER = re.compile(
    r"\b\d[\d,.]*\b|\b(?:hundred|thousand|million|billion|trillion|percent|per cent|dozens?)\b|%",
    re.IGNORECASE,
)

CLAIM_RULES = (
    ("according_to_front", ACCORDING_FRONT, "according_to", 0.85),
    ("according_to_back", ACCORDING_BACK, "according_to", 0.85),
    ("reported_that", REPORTED_THAT, "reported", 0.85),
    ("trailing_cue", TRAILING_CUE, "reported", 0.8),
    ("reported_no_that", SAY_NO_THAT, "reported", 0.7),
)


def find_claim(sentence: str):
    """First rule matching a sentence: (rule, match, kind, confidence) or None.

    >>> rule, match, kind, _ = find_claim("Kremlin spokesperson Dmitry Peskov said on Friday that Moscow was prepared to help.")
    >>> rule, match.group("who"), match.group("content")
    ('reported_that', 'Kremlin spokesperson Dmitry Peskov', 'Moscow was prepared to help.')
    """
    for rule, pattern, kind, confidence in CLAIM_RULES:
        match = pattern.search(sentence)
        if match and len(match.group("content").split()) >= 3:
            return rule, match, kind, confidence
    return None


def is_check_worthy(sentence: str) -> bool:
    """An outlet statement worth checking: it states a number, amount or date.

    >>> is_check_worthy("Violence in September cost the lives of 207 Armenian and 80 Azerbaijani soldiers.")
    True
    >>> is_check_worthy("Russia occupies a central position in this conflict.")
    False
    """
    return bool(NUMBER.search(sentence)) and len(sentence.split()) >= 6
