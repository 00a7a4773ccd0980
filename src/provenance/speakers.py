"""Names within one article: spot person names, split off titles and roles, and map a
surname or "Mr. X" to the full name the article gives. Pure: no I/O.

Cross-article identity (Tom de Waal = Thomas de Waal) lives in ``match`` where all
articles are seen together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f",
    "they": None, "them": None, "i": None, "we": None, "it": None, "you": None,
}
HONORIFICS = {
    "mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
    "sir": "m", "dame": "f", "lord": "m", "lady": "f", "dr": None, "dr.": None, "prof": None,
    "prof.": None, "professor": None,
}
TITLES = {
    "president", "vice", "prime", "minister", "secretary", "senator", "sen.", "sen", "rep.",
    "rep", "representative", "gov.", "gov", "governor", "mayor", "judge", "justice", "gen.",
    "general", "col.", "colonel", "capt.", "captain", "chancellor", "speaker", "chairman",
    "chairwoman", "chair", "ceo", "director", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "king", "queen", "prince", "princess", "pope", "rev.", "reverend",
    "candidate", "nominee", "former", "foreign", "defense", "defence", "leader", "majority",
    "minority", "house", "senate", "state", "attorney", "deputy", "lt.", "sgt.", "adm.",
    "commissioner", "chief", "analyst", "expert", "professor", "democratic", "republican",
    "gop", "u.s.", "us", "dem.", "sheriff", "lawmaker", "congressman", "congresswoman",
    "first", "lady", "presidential", "campaign", "manager", "chairperson", "founder",
    "pastor", "bishop", "archbishop", "cardinal", "rabbi", "imam", "admiral", "sergeant", "lieutenant",
} | set(HONORIFICS)
# Lowercase particles allowed inside a name: "Thomas de Waal", "Ursula von der Leyen".
PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "la", "le", "du", "da", "di", "del", "dos", "ter", "el"}
NOT_PERSON = {
    "the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "but", "and", "or",
    "if", "when", "while", "after", "before", "because", "so", "yet", "as", "for", "with",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "i", "it", "we", "they", "he", "she", "you", "there",
    "here", "what", "why", "how", "who", "according", "asked", "requested", "following",
    "throughout", "outside", "inside", "during", "russia", "armenia", "azerbaijan", "moscow",
    "america", "americans", "united", "states", "democrats", "republicans", "god", "trump's",
    "clinton's", "obama's", "said", "says", "however", "meanwhile", "still", "also", "then",
    "now", "today", "yesterday", "tomorrow", "last", "next", "his", "her", "their", "our",
    "my", "your", "its", "one", "two", "three", "both", "all", "some", "many", "most",
    "even", "only", "just", "instead", "indeed", "perhaps", "maybe", "likewise", "similarly",
    "finally", "earlier", "later", "separately", "nonetheless", "nevertheless", "moreover",
    "thus", "hence", "rather", "again", "already", "recently", "previously", "ultimately",
    "asked", "speaking", "writing", "additional", "editor", "editing", "reporting", "like", "unlike",
    "although", "though", "since", "until", "unless", "where", "whether", "not", "no", "yes",
    "to",  # "To Frank, …" opens a sentence; it is no first name
    # Inverted cues opening a sentence: "Stated Stone: …", "Added Jones, …"
    "stated", "added", "wrote", "continued", "explained", "noted", "tweeted", "declared",
    "insisted", "argued", "replied", "responded", "concluded", "recalled", "warned", "claimed",
    # Other sentence openers read as a name: "Having announced …, Judge Berman", "Let's hope".
    "having", "being", "absolutely", "let", "let's", "let’s",
}
FEMALE_FIRST = {
    "hillary", "melania", "ivanka", "chelsea", "michelle", "kellyanne", "nancy", "elizabeth",
    "sarah", "carly", "huma", "donna", "debbie", "jill", "hope", "kayleigh", "nikki", "susan",
    "mary", "anna", "maria", "angela", "theresa", "ursula", "kamala", "amy", "karen", "jennifer",
    "jane", "laura", "lisa", "julia", "emma", "olivia", "sophia", "marine", "christine",
    "katrina", "omarosa", "betsy", "paula", "patricia", "linda", "barbara", "margaret", "anne",
    "ann", "catherine", "katie", "kate", "rachel", "rebecca", "ruth", "claire", "helen", "alicia",
    "jessica", "stephanie", "heather", "megyn", "dana", "brianna", "connie", "loretta", "janet",
}
MALE_FIRST = {
    "donald", "barack", "bill", "mike", "tim", "bernie", "ted", "marco", "jeb", "john", "paul",
    "chris", "rudy", "newt", "reince", "steve", "stephen", "joe", "joseph", "george", "vladimir",
    "nikol", "ilham", "emmanuel", "thomas", "tom", "dmitry", "hakob", "beniamin", "emil",
    "kassym-jomart", "robert", "james", "david", "michael", "william", "richard", "charles",
    "mark", "peter", "jeff", "jeffrey", "gary", "eric", "corey", "jason", "sean", "brian",
    "kevin", "mitch", "harry", "rand", "ben", "scott", "jim", "bob", "tony", "frank", "jack",
    "andrew", "matt", "matthew", "dan", "daniel", "ryan", "josh", "jonathan", "roger", "rick",
    "lindsey", "jared", "eduardo", "carlos", "jose", "juan", "luis", "xi", "recep", "boris",
    "sergei", "sergey", "kim", "evan", "gov", "hugh", "howard", "lester", "chuck", "tim",
}
FIRST_NAMES = FEMALE_FIRST | MALE_FIRST
# Title-case descriptions before a name: "Benghazi Widow Dorothy Woods", "DJ Beverly Bond" (not
# TITLES, whose "former", "state", "house" also begin names).
ROLE_WORDS = frozenset(
    "actor actress icon widow widower challenger dj staff star host anchor singer rapper comedian pastor "
    "author writer activist hopeful rival winner veteran mogul billionaire businessman businesswoman "
    "judge justice president senator governor secretary chairman chairwoman chief director ceo "
    "spokesman spokeswoman mayor representative congressman congresswoman ambassador general".split()
)


def _role_word(token: str) -> bool:
    """A title or role word, also as the last part of a compound ("Oscar-winner")."""
    low = token.lower().rstrip(".,")
    return low in ROLE_WORDS or low.rsplit("-", 1)[-1] in ROLE_WORDS


HEADLINE_AUXILIARIES = frozenset("Is Was Are Were Can Does Did Has Have Should Could Would".split())
# Verbs of headlines written in title case, which run into the names around them.
HEADLINE_VERBS = frozenset(
    "says slams calls blasts backs endorses praises urges nominates names picks taps hits rips mocks "
    "attacks defends warns vows wins loses leads beats trails tops joins quits drops meets tells asks "
    "accuses rejects denies admits reveals responds reacts fires sues thanks questions challenges "
    "criticizes knocks blames targets flexes gets makes takes announces made gives wants shows just".split()
)
STATES = frozenset(
    "Texas Illinois Arkansas Kansas Massachusetts".split()  # the states whose names end like a verb
)
PARTICLE_ALTERNATION = "|".join(sorted(PARTICLES))
# Possessive "++": a name word never gives characters back (what follows it is a space, a
# period or the end), which spares the engine its backtracking bookkeeping.
# A period after the first word only for a short one ("Sen.", "J."): "Mexico. Ford" is no name.
# It opens with a plain [A-Z] so the engine can skip to capitals; full_name_matches() checks
# that a match starts a word.
FULL_NAME_RE = re.compile(
    rf"[A-Z](?:[a-z]{{0,3}}\.|[\w’'\-]++)(?:[ \t]+(?:[A-Z]\.[ \t]+)?(?:(?:{PARTICLE_ALTERNATION})[ \t]+)*[A-Z][\w’'\-]++){{1,3}}"
)


@dataclass
class NameIndex:
    """Every person name an article gives in full, for surname → full-name lookup."""

    full_names: list[str] = field(default_factory=list)
    by_surname: dict[str, str] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, gender: str | None = None) -> None:
        self._resolved.clear()  # a new full name may change earlier answers
        tokens = name.split()
        if len(tokens) < 2:
            return
        if name not in self.full_names:
            self.full_names.append(name)
        surname = surname_of(name)
        # First full mention wins: "Bill Clinton" later does not steal "Clinton" from Hillary
        # when the article introduced her first; ties are settled by recency in resolve().
        self.by_surname.setdefault(surname, name)
        guessed = gender or guess_gender(name)
        if guessed:
            self.gender.setdefault(name, guessed)

    def resolve(self, mention: str) -> str:
        """Full name for a mention: "Pashinyan" → "Nikol Pashinyan", "Mr. Obama" → "Barack Obama".

        >>> index = NameIndex(); index.add("Nikol Pashinyan")
        >>> index.resolve("Pashinyan"), index.resolve("Mr. Pashinyan")
        ('Nikol Pashinyan', 'Nikol Pashinyan')
        >>> index.add("Bill Clinton"); index.add("Hillary Clinton")
        >>> index.resolve("Mrs. Clinton"), index.resolve("Mr. Clinton")
        ('Hillary Clinton', 'Bill Clinton')
        >>> index.add("Jeb Bush"); index.resolve("Jeb")
        'Jeb Bush'

        An honorific of the other gender than the only full name's first name is someone else:

        >>> index.add("Mary Khan"); index.resolve("Mr. Khan")
        'Khan'
        """
        memo = self._resolved
        if mention in memo:
            return memo[mention]
        memo[mention] = found = self._resolve(mention)
        return found

    def _resolve(self, mention: str) -> str:
        bare = strip_titles(mention)
        if not bare:
            return mention
        if len(bare.split()) >= 2 and bare.split()[0] not in PARTICLES:
            # A full name already, unless it is a first-name-less variant we know better.
            return bare
        surname = surname_of(bare)
        if surname not in self.by_surname and self.text:
            self._look_up(bare)
        found = self.by_surname.get(surname, bare)
        if found == bare and len(bare.split()) == 1 and guess_gender(bare):
            # "Jeb said" after "Jeb Bush" (a first name no one bears as surname): the one full
            # name it opens ("Obama Says …" headlines are no name: Obama is no first name).
            opened = {name for name in self._known() if name.split()[0] == bare and len(name.split()) <= 3}
            if len(opened) == 1:
                return opened.pop()
        honorific = HONORIFIC_RE.match(mention.strip())
        if honorific and found != bare:
            # "Mrs. Clinton" after "Bill Clinton" and "Hillary Clinton": the one of her gender.
            wanted = HONORIFICS[honorific.group(1).lower()]
            if wanted and guess_gender(found) != wanted:
                relatives = [n for n in self._known() if surname_of(n) == surname]
                same = [n for n in relatives if guess_gender(n) == wanted]
                if not same and guess_gender(found) is not None:  # found is of the other gender
                    same = [n for n in relatives if guess_gender(n) is None]
                if same:
                    return same[0]
                if guess_gender(found) is not None:
                    # "Mr. Khan" when the article names only Mary Khan: not her.
                    return bare
        return found

    def _known(self) -> list[str]:
        """Every full name seen: those added and those the lazy scan found."""
        return [*self.full_names, *(name for _, name in self.mentions)]

    text: str | None = None  # lazy mode: full names are looked up in the text on demand
    mentions: list = field(default_factory=list)  # (offset, full name) once the text is scanned
    # Memos, and the scanned text kept for gender look-ups: declared fields, not ad-hoc attributes.
    _source: str = field(default="", repr=False, compare=False)
    _resolved: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _genders: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _honorifics: dict[str, str | None] | None = field(default=None, repr=False, compare=False)

    def names_before(self, at: int) -> list[tuple[int, str]]:
        """Full-name mentions before offset ``at``, nearest last (scans the text once)."""
        if self.text:
            self._look_up("")
        return [(offset, name) for offset, name in self.mentions if offset < at]

    @classmethod
    def lazy(cls, text: str) -> "NameIndex":
        """An index that finds "First Surname" in ``text`` only when a surname is resolved:
        one small regex search per distinct surname instead of indexing every name.

        >>> NameIndex.lazy("Nikol Pashinyan spoke. Later Pashinyan left.").resolve("Pashinyan")
        'Nikol Pashinyan'
        """
        index = cls()
        index.text = text
        return index

    def _look_up(self, surname: str) -> None:
        # One pass over the text indexes every "First [Middle] Surname" run; later look-ups
        # are dictionary hits. The first full mention of a surname wins.
        text, self.text = self.text or "", None
        listed = set(self.full_names)
        scanned: dict[str, int] = {}  # surname → where this scan found its full name (added ones stay)
        headline_end = text.find("\n") if "\n" in text else len(text)  # the first line
        previous = None
        for match in full_name_matches(text):
            tokens = match.group(0).split()
            if previous is not None and match.start() == previous.end() + 1:
                # "Senate Minority Leader Harry M. Reid", "Supreme Court Justice Ruth Bader
                # Ginsburg": the pattern stops after four words, so the first name ended the
                # previous run.
                before = previous.group(0).rsplit(None, 1)[-1]
                if INITIAL_RE.fullmatch(tokens[0]) or before.lower() in FIRST_NAMES:
                    tokens.insert(0, before)
            previous = match
            if len(tokens) >= 4 and tokens[-1].lower() in FIRST_NAMES and not tokens[-1].isupper():
                # "So Labor Secretary Thomas Perez": a lone surname after the run's last word.
                following = NEXT_NAME_WORD_RE.match(text, match.end())
                if following:
                    tokens.append(following.group(1))
            # A headline's "And", "Of", "The" joins runs, never names: "Trump And Marco Rubio".
            # And its verb: "Palin Endorses Ted Cruz", "Obama Slams Jeb Bush".
            joins = [k for k, token in enumerate(tokens) if k and (token.lower() in HEADLINE_JOINS or (
                k < len(tokens) - 1 and token.lower() in HEADLINE_VERBS))]
            if joins:
                tokens = tokens[joins[-1] + 1:]
            while tokens and (tokens[0].lower().rstrip(".") in NOT_PERSON or tokens[0].lower() in TITLES
                              or tokens[0].endswith(("’s", "'s"))  # "Pennsylvania's Pat Toomey"
                              # a headline's verb or a state: "Endorses Ted Cruz", "Texas Senator Ted Cruz"
                              or (len(tokens) >= 3 and (tokens[0].lower() in HEADLINE_VERBS or tokens[0] in STATES))
                              or tokens[0] in HEADLINE_AUXILIARIES):  # "Is Sanders Ready?"
                tokens.pop(0)
            # A known first name inside the run starts the name: "Offensive Things Donald Trump",
            # "CNN President Jeff Zucker", "Democrat Hillary Clinton".
            if len(tokens) >= 3:  # most names are two words: nothing to cut
                first = next((k for k in range(1, len(tokens) - 1) if tokens[k].lower() in FIRST_NAMES), None)
                if first is not None:
                    tokens = tokens[first:]
                # And after the last title or role word: "Mexican President Felipe Calderon",
                # "Conservative Icon Morton Blackwell", "Actor Clint Howard".
                role = max((k for k in range(len(tokens) - 2) if _role_word(tokens[k])), default=None)
                if role is not None:
                    tokens = tokens[role + 1:]
            if len(tokens) >= 2 and tokens[0] not in PARTICLES:
                name = " ".join(tokens)
                self.mentions.append((match.start(), name))
                # "Harry B. Harris Jr" is a Harris; "Debating Clinton's" (a possessive run, often
                # a headline's) is filed under "clinton's", which no look-up asks for.
                last = tokens[-1].lower() if tokens[-1].endswith(("’s", "'s")) else surname_of(name)
                held = self.by_surname.get(last)
                # The first full mention wins, but a known first name beats a headline's word
                # before the surname ("Top Clinton aides", "Understated Perez raises profile",
                # later "Thomas Perez"): a word the text also writes in lowercase, a state, or in
                # the first line a participle or an abbreviation ("AG Lynch") — not "Phyllis
                # Schlafly", whose first name the list lacks, before her son John Schlafly.
                held_first = held.split()[0] if held else ""
                if last not in NOT_PERSON and (held is None or (
                        last in scanned and tokens[0].lower() in FIRST_NAMES and held_first.lower() not in FIRST_NAMES
                        and (_common_word(held_first, text) or (scanned[last] < headline_end and (
                            held_first.endswith(("ed", "ing", "ly")) or held_first.isupper()))))):
                    self.by_surname[last] = name
                    scanned[last] = match.start()
                    if name not in listed:
                        listed.add(name)
                        self.full_names.append(name)
        self.text = ""  # scanned: keep lazy mode on for gender look-ups, never rescan
        self._source = text

    def gender_of(self, name: str) -> str | None:
        """Gender from a first name or from "Mr./Mrs./Ms. Surname" anywhere in the text."""
        memo = self._genders
        if name not in memo:
            memo[name] = self._gender_of(name)
        return memo[name]

    def _gender_of(self, name: str) -> str | None:
        known = self.gender.get(name) or guess_gender(name)
        if known:
            return known
        source = self.text or self._source
        if not source:
            return None
        honorifics = self._honorifics
        if honorifics is None:
            honorifics = {}
            for match in honorific_matches(source):
                honorifics.setdefault(match.group(2).lower(), HONORIFICS[match.group(1).lower()])
            self._honorifics = honorifics
        return honorifics.get(surname_of(name))


STATE_WORDS = frozenset(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii "
    "Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan "
    "Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Rhode "
    "Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming Carolina Dakota Hampshire "
    "Jersey Mexico".split()
)


PLACE_WORDS = STATE_WORDS | {"New", "North", "South", "West", "Island", "York"}


def is_place(name: str) -> bool:
    """Whether a capitalised run is a US state's name ("South Carolina", "New York").

    >>> is_place("South Carolina"), is_place("Denzel Washington"), is_place("New Hampshire")
    (True, False, True)
    """
    words = name.split()
    return bool(words) and all(word in PLACE_WORDS for word in words) and any(word in STATE_WORDS or word == "York" for word in words)


def _common_word(word: str, text: str) -> bool:
    """Whether a capitalised word is no first name: the text writes it in lowercase too
    ("Top Clinton aides … the top job"), or it is a state ("Wisconsin Trump supporters").

    >>> _common_word("Top", "Top Clinton aides want the top job."), _common_word("Rupert", "Rupert Murdoch")
    (True, False)
    """
    if word in STATE_WORDS:
        return True
    lower = word.lower()
    return lower != word and re.search(rf"(?<![\w’'-]){re.escape(lower)}(?![\w’'-])", text) is not None


def full_name_matches(text: str):
    """FULL_NAME_RE matches that start a word, not inside one or after an abbreviation's
    period ("POLITICO. Activist", "U.N. Ambassador John Bolton").

    >>> [m.group(0) for m in full_name_matches("U.N. Ambassador John Bolton at 11:19PMDonald Trump")]
    ['Ambassador John Bolton']
    """
    position = 0
    while (match := FULL_NAME_RE.search(text, position)) is not None:
        at = match.start()
        if at and (WORD_CHAR_RE.match(text, at - 1) or text[at - 1] in "’'."):
            position = at + 1
            continue
        yield match
        position = match.end()


HEADLINE_JOINS = frozenset("and or of the to in on for with at by from is are".split())


# No leading \b, so the engine can jump between capital Ms; the boundary is checked below.
HONORIFIC_RE = re.compile(r"(Mr|Mrs|Ms)\.?\s+([A-Z][\w’'\-]+)")
WORD_CHAR_RE = re.compile(r"\w")
INITIAL_RE = re.compile(r"[A-Z]\.")
NEXT_NAME_WORD_RE = re.compile(r"[ \t]+([A-Z][\w’'\-]+)")


def honorific_matches(text: str):
    """ "Mr./Mrs./Ms. Surname" matches that start a word, in order.

    >>> [m.group(0) for m in honorific_matches("Mr. Obama met Mrs Clinton, not HMr Smith")]
    ['Mr. Obama', 'Mrs Clinton']
    """
    position = 0
    while (match := HONORIFIC_RE.search(text, position)) is not None:
        at = match.start()
        if at and WORD_CHAR_RE.match(text, at - 1):
            position = at + 1  # inside a word: "HMr" is not an honorific
            continue
        yield match
        position = match.end()


# Last words that make a capitalised run an institution, never a person's name.
INSTITUTION_HEADS = frozenset(
    "department party committee administration agency bureau office ministry council commission "
    "foundation institute university college court board union association coalition caucus".split()
)


def is_institution(name: str) -> bool:
    """Whether a capitalised run names an institution ("State Department", "Republican Party").

    >>> is_institution("State Department"), is_institution("Secretary of State John Kerry")
    (True, False)
    """
    return name.rsplit(None, 1)[-1].lower().strip(".,’'") in INSTITUTION_HEADS if name.strip() else False


def strip_titles(name: str) -> str:
    """Drop honorifics and job titles in front of a name; an institution keeps its name.

    >>> strip_titles("Prime Minister Nikol Pashinyan"), strip_titles("Mr. Obama")
    ('Nikol Pashinyan', 'Obama')
    >>> strip_titles("State Department"), strip_titles("Senate Judiciary Committee")
    ('State Department', 'Senate Judiciary Committee')
    """
    if is_institution(name):
        return name.strip()
    tokens = name.replace("’s", "").replace("'s", "").split()
    while tokens and tokens[0].lower().rstrip(",") in TITLES and len(tokens) > 1:
        tokens.pop(0)
    return " ".join(tokens)


def surname_of(name: str) -> str:
    """Last name, lowercased, for comparing people.

    >>> surname_of("Thomas de Waal"), surname_of("Mr. Trump"), surname_of("Trump’s")
    ('waal', 'trump', 'trump')
    """
    tokens = strip_titles(name).split()
    if not tokens:
        return ""
    last = tokens[-1].lower().rstrip(".,")
    if last in {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"} and len(tokens) > 1:
        last = tokens[-2].lower().rstrip(".,")
    return re.sub(r"[’']s$", "", last)


def guess_gender(name: str) -> str | None:
    """Gender from an honorific or a common first name; None when unsure.

    >>> guess_gender("Mrs. Clinton"), guess_gender("Hillary Clinton"), guess_gender("Clinton")
    ('f', 'f', None)
    """
    tokens = name.split()
    if not tokens:
        return None
    first = tokens[0].lower()
    if first in HONORIFICS:
        return HONORIFICS[first]
    if first in FEMALE_FIRST:
        return "f"
    if first in MALE_FIRST:
        return "m"
    return None


def looks_like_person(name: str) -> bool:
    """A capitalised run that can be a person: not a weekday, pronoun or sentence opener.

    >>> looks_like_person("Hakob Badalyan"), looks_like_person("On Friday"), looks_like_person("He")
    (True, False, False)
    """
    tokens = name.split()
    if not tokens:
        return False
    if tokens[0].lower() in NOT_PERSON or tokens[-1].lower() in NOT_PERSON:
        return False
    if any(t.lower() in NOT_PERSON for t in tokens if t[0].isupper()) and len(tokens) < 3:
        return False
    return all(t[0].isupper() or t in PARTICLES for t in tokens)

