"""Attribution on sentences written for these tests (no corpus text): quote marks, speakers,
cues, claims, confidence and sieve. Regression cases for hard sentences live here too."""

import json

import pytest

from provenance.attribute import extract
from provenance.attribute.cues import lemma, stance
from provenance.attribute.quotes import find_spans
from provenance.attribute.sources import source_after, source_before
from provenance.model import Article
from provenance.speakers import NameIndex, guess_gender, strip_titles, surname_of


def run(text):
    return extract(Article(text=text))


def quotes(text):
    return [(q.text, q.speaker) for q in run(text).quotes]


def speaker_of(text, start_of_quote):
    for quote in run(text).quotes:
        if quote.text.startswith(start_of_quote):
            return quote.speaker
    raise AssertionError(f"no quote starting {start_of_quote!r} in {quotes(text)}")


def assert_offsets(extraction):
    text = extraction.article.text
    for item in (*extraction.quotes, *extraction.claims):
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start:item.end] == item.text


# Quote marks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('Jane Smith said: "We will win."', "We will win."),
        ("Jane Smith said: “We will win.”", "We will win."),
        ("Jane Smith said: « We will win. »", "We will win."),
        ("Jane Smith said: ''We will win.''", "We will win."),
        ("Jane Smith said: „We will win.“", "We will win."),
    ],
)
def test_quote_marks(text, expected):
    found = quotes(text)
    assert found == [(expected, "Jane Smith")]


def test_nested_single_quotes_stay_inside():
    text = "“He told me: ‘Leave now,’ and I left,” said Maria Lopez."
    assert quotes(text) == [("He told me: ‘Leave now,’ and I left", "Maria Lopez")]


def test_partial_quote_inside_sentence():
    text = "In a speech, Karl Berg described the treaty as “obsolete”, citing its age."
    extraction = run(text)
    quote = extraction.quotes[0]
    assert (quote.text, quote.speaker, quote.kind) == ("obsolete", "Karl Berg", "partial")
    text = "Karl Berg, who spoke for an hour in the cold hall, described the treaty as “obsolete and unfair to everyone”."
    assert run(text).quotes[0].speaker == "Karl Berg"


def test_quote_split_around_its_attribution_gives_both_parts_the_speaker():
    """Both parts are one quotation of Thomas de Waal's: one quote, two fragments."""
    text = "“The river is rising. The town must move” and “nobody has listened for years,” stressed Thomas de Waal."
    assert quotes(text) == [("The river is rising. The town must move … nobody has listened for years", "Thomas de Waal")]
    quote = run(text).quotes[0]
    assert [text[a:b] for a, b in quote.fragments] == ["The river is rising. The town must move",
                                                       "nobody has listened for years"]
    assert (quote.start, quote.end, quote.sieve) == (1, text.index(",”"), "after_quote_inverted")


@pytest.mark.parametrize("text", [
    "“We don't know yet,” Lena Hart said. “But we will find out.”",
    "“We don't know yet,” Lena Hart said, “but we will find out.”",
    "“We don't know yet,” said Lena Hart, the harbour master. “But we will find out.”",
    "Lena Hart spoke first. ''We don't know yet,'' Ms. Hart said, ''but we will find out.''",
])
def test_quotation_split_around_its_attribution_is_one_quote(text):
    """“A,” she said. “B.”: the reader and the corpus see one quotation; its text leaves the
    attribution out and marks the gap with an ellipsis."""
    found = run(text).quotes
    assert len(found) == 1
    assert found[0].speaker == "Lena Hart"
    assert found[0].text.startswith("We don't know yet … ") and found[0].text.endswith("find out.")
    assert len(found[0].fragments) == 2


@pytest.mark.parametrize("text", [
    "“We don't know yet,” Lena Hart said. She left the hall at noon. “But we will find out,” Ivo Berg said.",
    "“We don't know yet,” Lena Hart said. “But we will find out,” Ivo Berg said.",
])
def test_quotes_of_two_speakers_stay_two(text):
    assert [q.speaker for q in run(text).quotes] == ["Lena Hart", "Ivo Berg"]
    assert all(q.fragments is None for q in run(text).quotes)


def test_same_speaker_quotes_with_the_writers_sentence_between_stay_two():
    """Two quotes both attributed to Hart, with a sentence of the writer's own between their
    attributions: two quotations, not one split around its attribution."""
    text = "“We don't know yet,” Lena Hart said. The ferry is late again. Hart also said “we will find out.”"
    found = run(text).quotes
    assert [q.speaker for q in found] == ["Lena Hart", "Lena Hart"]
    assert [q.fragments for q in found] == [None, None]


def test_multi_paragraph_quote():
    text = (
        "Olga Petrova, a historian, spoke at length.\n"
        "She said: “The archives were closed for decades.\n"
        "“Now every family can read what happened.”\n"
        "The hall was silent.\n"
    )
    found = quotes(text)
    assert found == [("The archives were closed for decades. Now every family can read what happened.", "Olga Petrova")]
    quote = run(text).quotes[0]
    assert quote.sieve == "before_quote"  # the paragraph that named her, not the continuation
    assert [text[a:b] for a, b in quote.fragments] == ["The archives were closed for decades.",
                                                       "Now every family can read what happened."]


def test_closing_mark_glued_to_the_next_word():
    text = (
        "Analyst Peter Sand was blunt. “It is leverage. He tells them: ‘If you leave, I will leave the pact'”"
        "considered the expert."
    )
    extraction = run(text)
    assert [q.text for q in extraction.quotes] == ["It is leverage. He tells them: ‘If you leave, I will leave the pact'"]
    assert extraction.quotes[0].speaker == "Peter Sand"
    assert extraction.quotes[0].speaker_mention == "the expert"


@pytest.mark.parametrize(
    "text",
    [
        "An opening mark “never closes in this paragraph.\nThe next paragraph is ordinary text, and so is this.",
        "Stray ” closer and \" straight mark here.\n\nMore text follows “here.",
        "“" * 50 + "text" + "”" * 3,
        "''",
        "",
    ],
)
def test_unbalanced_marks_never_swallow_the_article(text):
    extraction = run(text)
    assert_offsets(extraction)
    for quote in extraction.quotes:
        assert "\n" not in quote.text  # a quote never runs past its paragraph


def test_unclosed_quote_does_not_take_following_paragraphs():
    text = "He said “this never ends.\n" + "Plain paragraph number one.\n" * 20
    extraction = run(text)
    assert all(q.end <= text.index("\n") for q in extraction.quotes)


# Speakers --------------------------------------------------------------------------------


def test_cue_after_quote_with_title_and_role():
    text = "“The vote was rigged,” said independent Armenian analyst Hakob Badalyan, interviewed by AFP."
    quote = run(text).quotes[0]
    assert (quote.speaker, quote.role, quote.cue, quote.sieve) == (
        "Hakob Badalyan", "independent Armenian analyst", "said", "after_quote_inverted")


def test_cue_after_quote_with_short_tail():
    text = "“The speech rallies his base” in the face of the protests, said independent analyst Hakob Badalyan."
    assert quotes(text) == [("The speech rallies his base", "Hakob Badalyan")]


def test_speaker_with_appositive_role_and_organisation():
    text = "“Moscow is losing its grip,” Tom de Waal, a senior fellow with the Carnegie Europe thinktank, said."
    quote = run(text).quotes[0]
    assert quote.speaker == "Tom de Waal"
    assert quote.role == "a senior fellow with the Carnegie Europe thinktank"
    assert quote.organisation == "Carnegie Europe"


def test_colon_form_pronoun_resolves_to_the_last_person_speaking():
    text = (
        "Karl Berg, the mayor, spoke first. Anna Weiss, a professor at the State University, "
        "mentioned the dam was failing.\n"
        "She mentioned: “Nobody has inspected it since 1990.”\n"
    )
    assert speaker_of(text, "Nobody has inspected") == "Anna Weiss"


def test_pronouns_follow_document_order_not_the_first_speaker():
    # The claim speakers (Ivan Petrov, then Tom Baker) must be candidates for the later "He".
    text = (
        "“We will not sign,” Ivan Petrov said.\n"
        "Tom Baker, a senior fellow with the Baltic Institute, mentioned the talks had failed.\n"
        "He mentioned: “It is part of a broad pattern.”\n"
    )
    assert speaker_of(text, "It is part of") == "Tom Baker"


def test_pronoun_respects_gender():
    text = (
        "Maria Lopez met John Carter on Monday.\n"
        "“We agreed on nothing,” John Carter said.\n"
        "“The plan is dead,” she added.\n"
    )
    assert speaker_of(text, "The plan is dead") == "Maria Lopez"


def test_nominal_mention_resolves_by_role():
    text = (
        "“Prices will rise,” said economist Lena Hart.\n"
        "“Wages will not follow,” the expert warned.\n"
    )
    quote = run(text).quotes[1]
    assert (quote.speaker, quote.speaker_mention, quote.stance) == ("Lena Hart", "the expert", "warning")


def test_surname_and_honorific_resolve_to_the_full_name():
    text = (
        "Barack Obama visited the plant.\n"
        "“Jobs are coming back,” Mr. Obama said.\n"
        "“We are not done,” Obama added.\n"
    )
    assert [speaker for _, speaker in quotes(text)] == ["Barack Obama", "Barack Obama"]


def test_title_resolves_through_the_article():
    text = (
        "Ruritania’s prime minister, Anton Kell, left the summit early.\n"
        "The prime minister said the alliance had failed its members.\n"
    )
    claim = next(c for c in run(text).claims if c.cue == "said")
    assert claim.speaker == "Anton Kell"


@pytest.mark.parametrize(
    "text",
    [
        "“It is over,” he said.",  # nobody to resolve to
        "“It is over,” the minister said.",
    ],
)
def test_never_a_pronoun_or_bare_title_as_speaker(text):
    # "the minister" with nobody to point to stays a mention, not a speaker name.
    for quote in run(text).quotes:
        assert quote.speaker not in ("he", "He", "minister", "the minister")


def test_pronoun_contraction_resolves_like_the_pronoun():
    # "She’d told" is Ada Rask's; "He’s said" was missed and "She’d" was once a speaker name.
    text = ("Ada Rask, the ferry board's chair, spoke in Vik on Monday. She’d told reporters that the "
            "new ferry would cost 40 million crowns. Tom Berg was there too. He’s said repeatedly that "
            "the harbour will close by June.")
    speakers = {claim.cue: claim.speaker for claim in run(text).claims}
    assert speakers["told"] == "Ada Rask"
    assert speakers["said"] == "Tom Berg"


@pytest.mark.parametrize(
    "text",
    [
        "We’ve seen this sort of “cover-up in plain sight” from the harbour board.",
        "I’ve argued that the new ferry would cost 40 million crowns.",
        "It’s been suggested that the new ferry would cost 40 million crowns.",
    ],
)
def test_first_person_contraction_is_never_a_speaker(text):
    extraction = run(text)
    names = {item.speaker for item in (*extraction.quotes, *extraction.claims)}
    assert names <= {None}, names


@pytest.mark.parametrize(
    "text, not_speaker",
    [
        ("Mr. Allen is for the time being continuing to write his tip sheet at the Post, “notes from the harbour,” seven days a week.",
         "the time being"),
        (("Ada Rask led the board. A couple of years later, she echoed that view, recalling an "
          "anecdote about the old ferry."), "A couple of years"),
    ],
)
def test_a_stretch_of_time_is_not_a_speaker(text, not_speaker):
    extraction = run(text)
    names = {item.speaker for item in (*extraction.quotes, *extraction.claims)}
    assert not_speaker not in names and not_speaker.lower() not in {n.lower() for n in names if n}


@pytest.mark.parametrize(
    "text, modifier",
    [
        ("“Do not let the perfect be the enemy of the good,” Ada Rask said, in an implicit caution to ferry backers.",
         "an implicit"),
        ("Tom Berg is defending his early-morning tweets attempting to shame the harbour board.", "his early-morning"),
    ],
)
def test_a_modifier_before_a_noun_cue_is_not_a_speaker(text, modifier):
    # "caution", "tweets" are nouns here: the words before them describe, nobody speaks.
    extraction = run(text)
    assert modifier not in {item.speaker for item in (*extraction.quotes, *extraction.claims)}


def test_according_to_reads_past_an_abbreviation():
    # "Mr." ended the source phrase: the speaker was "Mr" and the claim's span was wrong.
    text = ("Ada Rask chairs the board. Of 45 members proposed, the board kept just three, according "
            "to Ms. Rask's office. Turnout rose by a third, according to Mr. Tom Berg, the clerk.")
    claims = {c.text: c.speaker for c in run(text).claims if c.cue == "according to"}
    assert claims == {"Of 45 members proposed, the board kept just three": "Ms. Rask's office",
                      "Turnout rose by a third": "Tom Berg"}


def test_a_clerical_title_is_no_speaker_name():
    # "Pastor Wants …" (a headline) named nobody; "Pastor Ada Rask" is Ada Rask, a pastor.
    text = ("Pastor Wants Ferry Board To Resign.\n"
            "Pastor Ada Rask said the ferry board had failed the island for a decade.")
    speakers = {c.speaker for c in run(text).claims}
    assert "Pastor" not in speakers
    assert "Ada Rask" in speakers


@pytest.mark.parametrize(
    "text, speaker",
    [
        # A headline's word before the surname ("Top Rask aides") gave way to no later full name.
        (("Top Rask aides want the top job on the board.\nAnna Rask spoke on Monday. Rask said the "
          "ferry would cost 40 million crowns."), "Anna Rask"),
        # A long title run: the name pattern stopped at "Tom", leaving "K. Berg" as the full name.
        (("Harbour Board Chairman Tom K. Berg spoke on Monday. Berg said the ferry would cost 40 "
          "million crowns."), "Tom K. Berg"),
        (("Island Court Justice Ruth Bader Berg spoke on Monday. Berg said the ferry would cost 40 "
          "million crowns."), "Ruth Bader Berg"),
        # A headline's participle before the surname gives way to the full name in the text;
        # "So Harbour Board Secretary Anna" filled the name pattern, leaving "Rask" alone.
        (("Understated Rask raises her profile.\nSo Harbour Board Secretary Anna Rask stopped by on "
          "Monday. Rask said the ferry would cost 40 million crowns."), "Anna Rask"),
        # A suffix is no surname ("Jr" filed the name under "jr"), and "Admiral" is a title.
        (("Harbour master Harry B. Berg Jr. spoke on Monday. Admiral Berg said the ferry would cost "
          "40 million crowns."), "Harry B. Berg Jr"),
    ],
)
def test_a_surname_resolves_to_the_persons_whole_name(text, speaker):
    claim = next(c for c in run(text).claims if c.cue == "said")
    assert claim.speaker == speaker


def test_a_state_ending_a_persons_place_is_not_the_speaker():
    # "South Carolina says she …" was the speaker, and "she" then resolved to the state.
    text = "Stacy Baker of Columbia, South Carolina says she really thinks the ferry will run again."
    speakers = {c.cue: c.speaker for c in run(text).claims}
    assert speakers == {"says": "Stacy Baker", "thinks": "Stacy Baker"}


def test_a_named_thing_is_a_title_not_a_quote_of_the_thing():
    # "a play called “…”" names the play: nobody says it. People naming something do speak.
    text = ("Comedians in Vik are performing a popular play called “The Ferry Wars,” or “Ferry Wars.” "
            "The board backed a levy that multiple lawmakers called “a stealth tax.” "
            "Ada Rask has called “the levy” a necessity.")
    assert quotes(text) == [
        ("The Ferry Wars", None), ("Ferry Wars.", None), ("a stealth tax.", "multiple lawmakers"),
        ("the levy", "Ada Rask")]


def test_organisation_fragment_is_not_a_speaker():
    text = "The report, which cost the country “millions”, was praised."
    assert all(q.speaker is None for q in run(text).quotes)


def test_a_thing_with_an_attachment_is_not_a_speaker():
    # "optics" cannot speak even when a person is attached to it with "for".
    text = ("Tom Hale, a fellow at the Civic Institute, said the damaging summit optics for Putin "
            "highlighted the growing weakness of the alliance, with the institutions failing.")
    speakers = {claim.speaker for claim in run(text).claims}
    assert "Tom Hale" in speakers
    assert not any(s and "optics" in s for s in speakers)


def test_scare_quotes_and_titles_stay_quotes_without_speaker():
    text = "During a “family” photograph, the leaders watched the film “Long Night” together."
    extraction = run(text)
    assert [(q.text, q.speaker, q.kind) for q in extraction.quotes] == [
        ("family", None, "scare"), ("Long Night", None, "scare")]


def test_confidence_and_sieve_on_every_attributed_item():
    text = (
        "“We will build it,” said Mayor Karl Berg.\n"
        "According to him, the bridge will cost 40 million euros.\n"
        "The city spent 12 million euros on roads in 2020.\n"
    )
    extraction = run(text)
    items = [*extraction.quotes, *extraction.claims]
    assert items
    for item in items:
        assert item.sieve
        assert 0 < item.confidence <= 1


# Cues ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cue, expected",
    [("said", "neutral"), ("claimed", "assertive"), ("insisted", "assertive"), ("admitted", "concessive"),
     ("warned", "warning"), ("railed", "critical"), ("had informed", "neutral"), ("mentioned", "neutral")],
)
def test_cue_stance(cue, expected):
    assert stance(cue) == expected


def test_spun_cues_are_recognised():
    text = "“The deal is dead,” Karl Berg had informed the assembly.\n“No,” Anna Weiss railed."
    extraction = run(text)
    assert [(q.speaker, lemma(q.cue)) for q in extraction.quotes] == [("Karl Berg", "inform"), ("Anna Weiss", "rail")]


# Claims ----------------------------------------------------------------------------------


def test_reported_speech_claim():
    text = "Kremlin spokesperson Dmitry Peskov said on Friday that Moscow was prepared to help broker further agreements."
    claim = run(text).claims[0]
    assert claim.text == "Moscow was prepared to help broker further agreements"
    assert (claim.speaker, claim.role, claim.kind, claim.sieve) == (
        "Dmitry Peskov", "Kremlin spokesperson", "reported", "reported_after_cue")


def test_trailing_source_claim_keeps_anonymous_sources():
    text = "The convoy was rerouted before the escort arrived, sources said."
    claim = run(text).claims[0]
    assert (claim.text, claim.speaker, claim.sieve) == ("The convoy was rerouted before the escort arrived", "sources", "trailing_cue")


def test_according_to_pronoun_claim():
    text = (
        "“The border is calm,” said analyst Hakob Badalyan.\n"
        "According to him, Russia would be punishing the government for its pro-Western turn.\n"
    )
    claim = next(c for c in run(text).claims if c.kind == "according_to")
    assert claim.text == "Russia would be punishing the government for its pro-Western turn"
    assert claim.speaker == "Hakob Badalyan"


def test_outlet_statement_with_numbers_has_no_speaker():
    text = "The fighting in September cost the lives of 207 Armenian and 80 Azerbaijani soldiers."
    claim = run(text).claims[0]
    assert (claim.speaker, claim.kind, claim.sieve) == (None, "statement", "check_worthy_number")


def test_noun_cue_takes_its_owner():
    text = "Critics pointed to Jane Smith's pledge to cut taxes for every family by half."
    claims = [c for c in run(text).claims if c.cue == "pledge"]
    assert claims and claims[0].speaker == "Jane Smith"


# Regression: hard sentences ------------------------------------------------------------


def test_appositive_with_party_tag():
    text = "Committee Chairman Rep. Jason Miller, R-Utah, said the questioning will start next week."
    claim = run(text).claims[0]
    assert claim.speaker == "Jason Miller"


def test_coordinated_cue_shares_the_subject():
    text = "Senator Reid voted in Nevada on Saturday and says he chose nobody at all."
    claim = next(c for c in run(text).claims if c.cue == "says")
    assert claim.speaker == "Reid"


def test_inverted_cue_needs_the_source_to_end_the_clause():
    text = "Anna Weiss, a delegate from Ohio, said the turmoil was all part of the circus of politics."
    claim = run(text).claims[0]
    assert claim.speaker == "Anna Weiss"
    assert claim.text.startswith("the turmoil")


def test_participle_quote_after_an_appositive_takes_the_sentence_subject():
    text = "Azerbaijan’s president, Ilham Aliyev, cancelled the summit, accusing Paris of an “anti-Azerbaijan stance”."
    assert quotes(text) == [("anti-Azerbaijan stance", "Ilham Aliyev")]


def test_abbreviated_title_inside_inverted_source():
    text = "“We are at war already,” said Pentagon spokesman Navy Capt. Jeff Davis, who was asked about it."
    assert speaker_of(text, "We are at war") == "Jeff Davis"


def test_quote_after_previous_speaker_paragraph_is_continuation():
    text = "“First part,” said Lena Hart. “Second part of the same remarks.”"
    assert quotes(text) == [("First part … Second part of the same remarks.", "Lena Hart")]


# Source phrases and names -----------------------------------------------------------------


def test_source_phrases():
    text = "Tom de Waal, a senior fellow with the Carnegie Europe thinktank, said"
    source = source_before(text, 0, text.index(" said"))
    assert (source.name, source.organisation) == ("Tom de Waal", "Carnegie Europe")
    text = "said a campaign spokesman."
    assert source_after(text, 5, len(text)).phrase == "a campaign spokesman"


def test_speakers_public_functions_keep_working():
    assert surname_of("Thomas de Waal") == "waal"
    assert strip_titles("Prime Minister Nikol Pashinyan") == "Nikol Pashinyan"
    assert guess_gender("Mrs. Clinton") == "f"
    index = NameIndex()
    index.add("Nikol Pashinyan")
    assert index.resolve("Mr. Pashinyan") == "Nikol Pashinyan"
    lazy = NameIndex.lazy("Hillary Clinton spoke. Later Mrs. Clinton left.")
    assert lazy.resolve("Clinton") == "Hillary Clinton"
    assert lazy.gender_of("Clinton") == "f"


def test_first_full_mention_keeps_a_surname_whose_first_name_the_list_lacks():
    # "Zelda" is no known first name, but nothing says it is a headline's word: her son John,
    # named later, does not take "Rask" from her.
    index = NameIndex.lazy("Zelda Rask dies at 92.\nHer son John Rask spoke on Monday.")
    assert index.resolve("Rask") == "Zelda Rask"


def test_extraction_is_json_serialisable_with_offsets():
    text = "“Yes,” said Karl Berg. The plan costs 5 million euros, officials said."
    extraction = run(text)
    assert_offsets(extraction)
    json.dumps(extraction.to_dict())


def test_quote_spans_offsets():
    text = "A “b” c ''d'' e «f»"
    assert [text[s.start:s.end] for s in find_spans(text)] == ["b", "d", "f"]


def test_colon_speaker_paragraph():
    text = "Debate night.\nSMITH: Well, I think the whole town needs to work together.\nQ: And the budget?\n"
    claims = [c for c in run(text).claims if c.sieve == "colon_speaker"]
    assert [(c.speaker, c.text) for c in claims] == [("Smith", "Well, I think the whole town needs to work together")]


def test_quote_after_introducing_colon_takes_the_subject():
    text = "Senator Jane Okafor issued the following statement:\n“Our prayers are with the families tonight.”\n"
    quote = run(text).quotes[0]
    assert (quote.speaker, quote.sieve) == ("Jane Okafor", "colon_subject")


def test_participle_after_quote_is_not_an_inverted_speaker():
    text = "Karl Berg described the treaty as “obsolete”, citing its age."
    assert quotes(text) == [("obsolete", "Karl Berg")]


@pytest.mark.parametrize(
    "text, speaker, content_start",
    [
        ("As The Atlantic recently noted, trust in government is collapsing everywhere.", "The Atlantic", "trust in"),
        ("Some argue that their net worth is far lower than reported.", "Some", "their net"),
        ("Protest groups say the new rules are meant to hide them.", "Protest groups", "the new"),
        ("Even after the complaint, Karl Berg continued to say he had never touched her.", "Karl Berg", "he had"),
        ("The judge rubbed his chin, and then said something very strange about the case.", "The judge", "something"),
        ("The official, who represents a rural district, said the remarks had spread shame.", "The official", "the remarks"),
        ("The government has vigorously denied any role in the attacks of that year.", "The government", "any role"),
    ],
)
def test_reported_speech_forms(text, speaker, content_start):
    claims = [c for c in run(text).claims if c.speaker_mention and c.speaker]
    assert claims, run(text).claims
    assert claims[0].speaker == speaker
    assert claims[0].text.startswith(content_start)


def test_headline_cue_in_title_case():
    text = "Jane Okafor Slams Budget Plan As Reckless.\n\nThe council met on Monday."
    claims = [c for c in run(text).claims if c.cue == "slams"]
    assert claims and claims[0].speaker == "Jane Okafor"


@pytest.mark.parametrize(
    "phrase, kind, name, organisation",
    [
        ("Mujtaba Rahman of the Eurasia Group", "name", "Mujtaba Rahman", "Eurasia Group"),
        ("a spokesman for Donald Trump", "nominal", None, "Donald Trump"),
        ("Missouri Secretary of State Jason Kander", "name", "Jason Kander", None),
    ],
)
def test_employer_after_of_is_not_the_speaker(phrase, kind, name, organisation):
    text = phrase + " said"
    source = source_before(text, 0, len(phrase))
    assert (source.kind, source.name) == (kind, name)
    if organisation:
        assert source.organisation == organisation


def test_content_stops_where_another_speaker_starts():
    text = "After Karl Berg argued that the pension fund should grow, Anna Weiss said only that the numbers did not add up."
    claims = {c.speaker: c.text for c in run(text).claims}
    assert claims["Karl Berg"] == "the pension fund should grow"
    assert claims["Anna Weiss"].startswith("only that") or claims["Anna Weiss"].startswith("the numbers")


def test_participle_after_leading_adverbial_takes_the_subject():
    text = "On Tuesday, Sanders went further, endorsing eight state candidates who share his goals."
    claim = next(c for c in run(text).claims if c.cue == "endorsing")
    assert claim.speaker == "Sanders"


def test_outlet_sources_with_asides():
    text = "The Journal, citing internal documents, reported that the campaign spends more than it raises."
    claim = run(text).claims[0]
    assert (claim.speaker, claim.text) == ("The Journal", "the campaign spends more than it raises")
    text = "He is close to the governor, given that, as The Times reported on Saturday, he advises him weekly."
    claim = next(c for c in run(text).claims if c.cue == "reported")
    assert (claim.speaker, claim.text) == ("The Times", "he advises him weekly")


def test_coordinated_cue_before_quote_takes_the_clause_subject():
    text = ("Karl Berg smiled. Later, when I asked him about the vote, he looked at the camera, "
            "shrugged and said, “I will vote for you!”")
    assert quotes(text) == [("I will vote for you!", "Karl Berg")]


def test_reported_clause_containing_a_partial_quote_is_a_claim():
    # The annotated attribution is the whole clause; the partial quote stays a quote too.
    text = "Senator Maria Lopez said on Tuesday that the plan was “a costly mistake for every family in the state”."
    extraction = run(text)
    claim = extraction.claims[0]
    assert (claim.speaker, claim.text) == ("Maria Lopez", "the plan was “a costly mistake for every family in the state”")
    assert [q.text for q in extraction.quotes] == ["a costly mistake for every family in the state"]
    # A claim that is all quotation is still left to the quote.
    text = "Senator Maria Lopez said “the plan is a costly mistake that every family in the state will pay for”."
    assert [c.text for c in run(text).claims if c.speaker] == []


@pytest.mark.parametrize("text, speaker, content", [
    ("Governor Alan Brooks pointed to the falling crime rate in his state.", "Alan Brooks", "the falling crime rate in his state"),
    ("Alan Brooks pointed out that the crime rate fell by half.", "Alan Brooks", "the crime rate fell by half"),
    ("Senator Ruth Adler attacked the new budget as a giveaway to donors.", "Ruth Adler", "the new budget as a giveaway to donors"),
    ("Mayor Tom Reyes echoed those concerns about the city budget.", "Tom Reyes", "those concerns about the city budget"),
    ("Dana Cole voiced doubts about the merger on Friday.", "Dana Cole", "doubts about the merger on Friday"),
    # speech verbs of the third round
    ("Okafor bemoaned that the harbour would close before winter.", "Okafor", "the harbour would close before winter"),
    ("The water board assured residents that the water was safe to drink.", "The water board", "the water was safe to drink"),
    ("Lindqvist implied that the budget had been padded for years.", "Lindqvist", "the budget had been padded for years"),
])
def test_claim_verbs_read_speaker_and_content(text, speaker, content):
    """Stance verbs ("pointed to", "attacked", "echoed", "voiced") and added speech verbs."""
    claim = next(c for c in run(text).claims if c.speaker)
    assert (claim.speaker, claim.text) == (speaker, content)


@pytest.mark.parametrize("text", [
    "Smith leads the race with a nine percentage point edge over Jones.",
    "The attacks on the embassy were planned for weeks.",
    "Her voice carried across the hall during the vote.",
])
def test_noun_uses_of_point_attack_voice_make_no_claim(text):
    assert [c for c in run(text).claims if c.speaker] == []


def test_quotation_with_a_trailing_cue_is_not_also_a_claim():
    # “…,” said X: the quote carries it; no second claim that is the same quotation plus marks.
    extraction = run("“It is going to be a hard year,” said a longtime party data expert.")
    assert [(q.text, q.speaker) for q in extraction.quotes] == [("It is going to be a hard year", "a longtime party data expert")]
    assert [c for c in extraction.claims if c.speaker] == []


def test_inverted_source_stops_before_a_relative_clause():
    text = "“It is going to be a hard year,” said a longtime party data expert who has worked for a rival campaign."
    assert quotes(text) == [("It is going to be a hard year", "a longtime party data expert")]


def test_dash_appositive_between_name_and_cue():
    claim = run("Jason Miles — a teacher from Dover — says he made a late decision to vote for Jones.").claims[0]
    assert (claim.speaker, claim.role, claim.text) == ("Jason Miles", "a teacher from Dover", "he made a late decision to vote for Jones")
    # A name that does not open the sentence is not the subject of the cue after the dashes.
    text = "Polls showed him ahead in New Hampshire — about a third of voters — stressed the late swing."
    assert all(c.speaker != "New Hampshire" for c in run(text).claims)


def test_word_before_a_hyphen_is_no_cue():
    claims = run("The talk-radio host and a so-called expert spent the night at the county fair.").claims
    assert [c for c in claims if c.speaker] == []


def test_relative_clause_after_inverted_quote_attribution():
    # "said" before the name is not part of its role, so "who noted …" reaches the speaker.
    text = "“The roads are empty,” said Capt. Ruth Okafor, who noted that the harbour stayed closed all week."
    claim = next(c for c in run(text).claims if c.speaker)
    assert (claim.speaker, claim.text) == ("Ruth Okafor", "the harbour stayed closed all week")


def test_reported_clause_opening_with_an_aside_after_that():
    text = "The ministry said that, at the request of the auditors, it would delay the grain sale."
    claim = next(c for c in run(text).claims if c.speaker)
    assert (claim.speaker, claim.text) == ("The ministry", "at the request of the auditors, it would delay the grain sale")


@pytest.mark.parametrize("text, speaker, content", [
    ("Dairy farmers, many of them in debt, argue that the reservoir will flood the valley.",
     "Dairy farmers", "the reservoir will flood the valley"),
    ("Harbour officials have, in fact, denied that the cranes were ever sold.",
     "Harbour officials", "the cranes were ever sold"),
    ("The survey, conducted by a college in Leeds, found that most tenants wanted longer leases.",
     "The survey", "most tenants wanted longer leases"),
])
def test_opening_subject_then_comma_aside_then_cue(text, speaker, content):
    claim = next(c for c in run(text).claims if c.speaker)
    assert (claim.speaker, claim.text) == (speaker, content)


def test_list_of_names_is_not_a_subject_with_an_aside():
    text = "Okafor, Lindqvist and Brandt said the budget was late."
    assert all(c.speaker != "Okafor" for c in run(text).claims)


@pytest.mark.parametrize("text, speaker", [
    ("Seven in 10 farmers say the new levy is unfair.", "Seven in 10 farmers"),
    ("Turnout fell, but about one in five said they had never voted before.", "about one in five"),
    ("More than half of the tenants surveyed said rents had doubled.", "More than half of the tenants surveyed"),
])
def test_share_of_a_group_is_the_source(text, speaker):
    claim = next(c for c in run(text).claims if c.speaker)
    assert claim.speaker == speaker


@pytest.mark.parametrize("text, speaker, content", [
    ("Okafor praised the harbour plan but warned that the dredging would take years.",
     "Okafor", "the dredging would take years"),
    ("The co-op keeps its accounts private but says its sales have tripled since spring.",
     "The co-op", "its sales have tripled since spring"),
    ("Lindqvist freed up new funds and on Monday announced that two more ferries would run.",
     "Lindqvist", "two more ferries would run"),
])
def test_cue_coordinated_by_but_or_and_shares_the_subject(text, speaker, content):
    claim = next(c for c in run(text).claims if c.sieve == "shared_subject")
    assert (claim.speaker, claim.text) == (speaker, content)


def test_cue_after_a_long_closing_quotation_is_left_to_the_quote():
    # The sentence starts inside a quotation that opened in the previous one: the words
    # before ",'' said" are the quotation, never a subject of "said".
    from provenance.attribute.claims import claim_at_cue

    text = ("Under the Harbour Board, there was an issue with the cranes, and that was something the mayor "
            "made an issue,'' said Mara Quist, a founding partner at Dockside Partners, a shipping firm.")
    cue = text.index("said")
    found = claim_at_cue(text, 0, len(text), cue, cue + 4, "said")
    assert found is None or found.source.name == "Mara Quist"
    # A short quoted title inside an appositive is no such quotation.
    text = "Ana Ruiz, the host of ''Dawn,'' reminded viewers that the ferry was late."
    cue = text.index("reminded")
    assert claim_at_cue(text, 0, len(text), cue, cue + 8, "reminded").source.name == "Ana Ruiz"


def test_listener_before_that_is_not_content():
    claim = next(c for c in run("Okafor told the harbour workers that the cranes would stay.").claims if c.speaker)
    assert (claim.speaker, claim.text) == ("Okafor", "the cranes would stay")


@pytest.mark.parametrize("text, speaker", [
    ("TURNOUT ROSE IN THE NORTH - Mara Quist and Ian Holt: “Turnout rose in every county we surveyed this spring.”",
     "Mara Quist and Ian Holt"),
    ("The pier was closed in May. Stated Okafor: “We will rebuild the pier before the summer season.”", "Okafor"),
    ("Rep. Ana Ruiz (D-Ore.):“I have never seen the harbour this empty in all my years.”", "Ana Ruiz"),
])
def test_name_and_colon_before_a_quotation(text, speaker):
    quote = run(text).quotes[-1]
    assert (quote.speaker, quote.sieve) == (speaker, "colon_subject")


def test_relative_that_after_a_plural_noun_takes_the_antecedent():
    claims = run("The harbour is busy, and the groups that have endorsed the jetty plan want it finished soon.").claims
    assert "the groups" in [c.speaker for c in claims if c.cue == "endorsed"]
    # "that" after a cue verb is a complementizer, not a relative pronoun.
    claim = next(c for c in run("Okafor said that farmers believe the levy is unfair.").claims if c.speaker)
    assert claim.speaker == "Okafor"


def test_plan_after_a_noun_is_a_compound_not_a_cue():
    # "the new levy plan as …" never makes "the new levy" a speaker; an owner speaks for it.
    claims = run("Critics described the new levy plan as a burden on small farms.").claims
    assert all(c.speaker != "the new levy" for c in claims)
    claims = run("Okafor defended the harbour budget, and her tax plan would raise fees on cruise ships.").claims
    assert "Okafor" in [c.speaker for c in claims if c.cue == "plan"]


def test_poll_opening_the_sentence_is_the_source():
    text = "In a Harbour Gazette poll released Monday, 52 percent of residents backed the new ferry."
    claim = next(c for c in run(text).claims if c.sieve == "in_poll")
    assert (claim.speaker, claim.text) == ("a Harbour Gazette poll", "52 percent of residents backed the new ferry")
    # Voting is not a poll, and a generic "in the polls" is no source.
    assert not [c for c in run("Voters in three towns going to the polls on Sunday chose a new mayor.").claims if c.sieve == "in_poll"]


@pytest.mark.parametrize("text, speaker, content", [
    ("To many, the ferry is a lifeline for the island.", "many", "the ferry is a lifeline for the island"),
    ("To Okafor, the new pier is a waste of money.", "Okafor", "the new pier is a waste of money"),
    ("In Lindqvist’s view, the levy will drive farmers away.", "Lindqvist", "the levy will drive farmers away"),
])
def test_whose_view_opens_the_sentence(text, speaker, content):
    claim = next(c for c in run(text).claims if c.sieve == "in_view")
    assert (claim.speaker, claim.text) == (speaker, content)


def test_to_date_is_no_view():
    assert not [c for c in run("To date, the ferry has run late every week.").claims if c.sieve == "in_view"]


def test_those_who_is_the_source():
    claims = run("The plan has critics, and those who oppose it argue that the harbour is too small.").claims
    assert "those" in [c.speaker for c in claims if c.cue == "oppose"]


def test_speech_act_noun_with_an_owner():
    claims = run("Mara Okafor stood by her accusation that the port authority had hidden the accounts.").claims
    assert ("Mara Okafor", "the port authority had hidden the accounts") in [(c.speaker, c.text) for c in claims if c.cue == "accusation"]
    claims = run("Lindqvist's insistence that the ferry was safe did not calm the islanders.").claims
    assert ("Lindqvist", "the ferry was safe did not calm the islanders") in [(c.speaker, c.text) for c in claims]

    # Without an owner the noun is no cue, and it never names a quotation's speaker.
    assert not [c for c in run("The accusation that the port hid its accounts spread fast.").claims if c.cue == "accusation"]


@pytest.mark.parametrize("text, speaker", [
    ("The harbour board issued a statement saying the ferry would run again in May.", "The harbour board"),
    ("Mara Okafor put out a statement saying the port had hidden its accounts.", "Mara Okafor"),
    ("On Friday, her campaign sent out a fundraising email stressing that the levy had failed.", "her campaign"),
])
def test_who_put_out_a_document_speaks_for_it(text, speaker):
    """The statement is the object of "issued": the issuer speaks, not "a statement"."""
    claim = next(c for c in run(text).claims if c.cue in ("saying", "stressing"))
    assert claim.speaker == speaker


def test_a_document_as_subject_still_speaks():
    claim = next(c for c in run("The statement said the ferry would run again in May.").claims if c.cue == "said")
    assert claim.speaker == "The statement"


@pytest.mark.parametrize("text, speaker", [
    ("The State Department said the ferry contract was legal.", "State Department"),
    ("“We will not pay,” the State Department said.", "State Department"),
    ("The Senate Ethics Committee said the levy was unlawful.", "Senate Ethics Committee"),
    ("Okafor said the Republican Party believes the ferry is needed.", "Republican Party"),
])
def test_institution_keeps_its_whole_name(text, speaker):
    """A title word at the front of an institution's name ("State", "Senate") is part of it:
    never the speaker "Department" or "Committee"."""
    extraction = run(text)
    assert speaker in [item.speaker for item in (*extraction.quotes, *extraction.claims)]


def test_pronoun_opening_a_reported_clause_is_no_inverted_source():
    """"Name, role, said he expects A, B and C to …": the comma before "said" closes an
    appositive, and "he expects A" is the reported clause, never the source of "said"."""
    claims = run("Mara Okafor, a spokeswoman for the port, said she expects Lindqvist, Brown and Silva to agree.").claims
    said = next(c for c in claims if c.cue == "said")
    assert (said.speaker, said.text) == ("Mara Okafor", "she expects Lindqvist, Brown and Silva to agree")
    assert next(c for c in claims if c.cue == "expects").speaker == "Mara Okafor"


@pytest.mark.parametrize("text", [
    "The offices were once used for “Harbour Nights” TV show, which starred Lindqvist.",
    "The game show, which starred Lindqvist, ran for “nine long seasons” on the island.",
])
def test_kind_of_show_is_no_cue(text):
    """"TV show", "game show": nouns, so "TV" or "game" never speaks."""
    extraction = run(text)
    assert {item.speaker for item in (*extraction.quotes, *extraction.claims)} <= {None}


def test_talk_show_host_is_no_cue():
    """"talk show", "talk radio": nouns, so neither "Radio" nor "Talk" becomes a speaker."""
    assert run("Radio talk show host Jo Beck minced no words on Tuesday about the levy.").claims == []
    claims = run("Talk show host Jo Beck said the levy would ruin the island.").claims
    assert [(c.speaker, c.cue) for c in claims] == [("Jo Beck", "said")]


@pytest.mark.parametrize("label", ["Contributing", "Editor’s Note", "Delegate Update", "Revealed"])
def test_page_labels_before_a_colon_are_nobody(label):
    """Scraped page furniture ("Contributing: Jo Beck, AP") names no speaker."""
    extraction = run(f"{label}: Jo Beck and Tom Brown of the Harbour Gazette")
    assert [c.speaker for c in extraction.claims if c.sieve == "colon_speaker"] == []


def test_name_before_a_colon_still_speaks():
    claims = run("Harbour Watch: the ferry levy will ruin every fishing family on the island").claims
    assert [c.speaker for c in claims if c.sieve == "colon_speaker"] == ["Harbour Watch"]


@pytest.mark.parametrize("text, speaker, organisation", [
    ("The head of the agency said the ferry would run again in May.", "The head of the agency", "agency"),
    ("A spokesman for the council said the ferry would run again in May.", "A spokesman for the council", "council"),
    ("Most of the candidates say the harbour levy is unfair.", "Most of the candidates", "candidates"),
    ("Members of the council said the ferry would run again in May.", "Members of the council", "council"),
    ("Jo Smith of the local council said the ferry would run again in May.", "Jo Smith", "local council"),
])
def test_who_speaks_for_the_body_after_of_or_for(text, speaker, organisation):
    """"The head of the agency said": the head speaks (for the agency), not "the agency"."""
    claim = next(c for c in run(text).claims if c.cue in ("said", "say"))
    assert (claim.speaker, claim.organisation) == (speaker, organisation)


def test_words_before_a_preposition_are_not_a_speaker():
    claims = run("Roberts delivered liberal decisions at a rate that surprised many, critics said.").claims
    assert [c.speaker for c in claims if c.cue == "said"] == ["critics"]


@pytest.mark.parametrize("text", [
    "Having announced that the ferry would stop, Judge Okafor left the harbour.",
    "Let's hope that the ferry runs again in May.",
])
def test_sentence_openers_are_no_names(text):
    """"Having", "Let's": words that open a sentence, never a speaker's name."""
    extraction = run(text)
    assert not {"Having", "Let", "Let's"} & {item.speaker for item in (*extraction.quotes, *extraction.claims)}


@pytest.mark.parametrize("text", [
    "Lindqvist said the Harbour States have become a “dumping ground” for old ferries.",
    "The report found that the Island State had been “contained” for a decade.",
    "The Clean Harbour Plan has not yet kicked in, placed on ice by the court.",
    "The levy would cost the Harbour States’ “loyal allies” dearly, Lindqvist said.",
])
def test_capitalised_cue_word_inside_a_name_is_no_cue(text):
    """"the Island State had", "the Clean Harbour Plan has": the last word of a name, not
    "state" or "plan" with "the Island" as its speaker."""
    extraction = run(text)
    speakers = {item.speaker for item in (*extraction.quotes, *extraction.claims)} - {None}
    assert speakers <= {"Lindqvist", "The report"}


def test_capitalised_cue_word_in_a_headline_still_speaks():
    claims = run("Okafor Refuses to Endorse the Ferry Levy").claims
    assert [(c.speaker, c.cue) for c in claims] == [("Okafor", "refuses")]


@pytest.mark.parametrize("text", [
    "Without a strong showing in the north, the Lindqvist campaign may have a hard time in May.",
    "She is a vocal advocate of ferry subsidies and wrote the bill that pays for them.",
    "The slogan was a clear reference to the “No Way” banners of the harbour protests.",
    "The fishermen have a very different view on the purpose of the new harbour levy.",
])
def test_adjective_before_a_cue_noun_is_no_speaker(text):
    """"a strong showing", "a vocal advocate of": the cue word is a noun after an adjective,
    so "a strong" or "a vocal" is never a speaker."""
    extraction = run(text)
    speakers = {item.speaker for item in (*extraction.quotes, *extraction.claims)} - {None}
    assert not {s for s in speakers if s.split()[-1] in ("strong", "vocal", "clear", "different")}


def test_name_that_is_also_an_adjective_still_speaks():
    claims = run("Marty Small said the harbour trip is an incredible opportunity for the town.").claims
    assert [c.speaker for c in claims if c.cue == "said"] == ["Marty Small"]


@pytest.mark.parametrize("text, speaker, cue", [
    ("Lindqvist said:\n\n“The ferry will run again in May, whatever the council decides.”", "Lindqvist", "said"),
    ("The meeting was loud.\n\nWhen the council pressed him on costs, Tom Okafor called them on it:\n\n"
     "“The ferry will run again in May, whatever the council decides.”", "Tom Okafor", "called"),
    ("The council wrote to the port in May, and Harbour Watch responded:\n\n"
     "“The ferry will run again in May, whatever the council decides.”", "Harbour Watch", "responded"),
])
def test_quote_after_a_paragraph_ending_in_a_cue_and_colon(text, speaker, cue):
    """A block quote after "…, Tom Okafor called them on it:": the cue's subject speaks, also
    when that paragraph opens the article."""
    quote = run(text).quotes[-1]
    assert (quote.speaker, quote.cue, quote.sieve) == (speaker, cue, "colon_subject")


@pytest.mark.parametrize("text", [
    "Mara Okafor spoke on Tuesday. Okafor ended her speech by saying “Never again.” The crowd cheered.",
    "Mara Okafor spoke on Tuesday. Speaking at a town hall in Salem, New Hampshire, Okafor went after "
    "the council, calling it “a club for ferry owners.”",
])
def test_participle_quote_takes_the_sentence_subject(text):
    """"… by saying “…”" and "Speaking at …, Okafor went after X, calling it “…”": the
    subject of the sentence speaks."""
    assert [q.speaker for q in run(text).quotes] == ["Mara Okafor"]


def test_share_of_a_group_states_its_choice():
    """Poll findings: "56 percent would vote for Okafor" — the share is the source and the
    choice the content, one claim per clause."""
    text = ("Among island voters, 56 percent would vote for Mara Okafor for mayor. Thirty-seven percent "
            "would vote for Sen. Tom Lindqvist, while only four percent would vote for Jo Beck.")
    claims = [(c.speaker, c.cue, c.text) for c in run(text).claims if c.sieve == "share_of_group"]
    assert claims == [
        ("56 percent", "vote for", "Mara Okafor for mayor"),
        ("Thirty-seven percent", "vote for", "Sen. Tom Lindqvist"),
        ("only four percent", "vote for", "Jo Beck"),
    ]
    claim = next(c for c in run("In May, 54 percent of ferry users held a favorable opinion of the levy.").claims)
    assert (claim.speaker, claim.text) == ("54 percent of ferry users", "a favorable opinion of the levy")


def test_a_share_before_an_auxiliary_states_nothing():
    """"half had left": an auxiliary, not an opinion held."""
    claims = run("The levy rose in May, and half had left the island by June.").claims
    assert [c for c in claims if c.sieve == "share_of_group"] == []


@pytest.mark.parametrize("text, cue", [
    ("Mara Okafor faulted the council for the long delays at the harbour.", "faulted"),
    ("Mara Okafor forecast that the ferry would lose money for years.", "forecast"),
    ("Mara Okafor has floated the idea of a second ferry to the mainland.", "floated"),
])
def test_stance_verbs_of_round_four(text, cue):
    claim = next(c for c in run(text).claims)
    assert (claim.speaker, claim.cue) == ("Mara Okafor", cue)


def test_cue_before_a_colon_claims_nothing_before_it():
    """"After the debate, Okafor said:" — what she said follows the colon; "After the debate"
    is not her claim."""
    extraction = run("The debate was loud.\n\nAfter the debate, Mara Okafor said:\n\n"
                     "“The ferry will run again in May, whatever the council decides.”")
    assert [c.text for c in extraction.claims] == []
    assert extraction.quotes[0].speaker == "Mara Okafor"


def test_long_according_to_source_ends_before_its_participle():
    text = ("According to early results of the exit poll conducted by Harbour Research for the Island "
            "Gazette and the Mainland Herald, Okafor led in both harbours among men and women.")
    claim = run(text).claims[0]
    assert (claim.speaker, claim.text) == ("early results of the exit poll",
                                           "Okafor led in both harbours among men and women")


@pytest.mark.parametrize("text, speaker", [
    ("Tom Okafor spoke. Okafor earlier Thursday said the council has held 75 hearings since May.", "Tom Okafor"),
    ("Tom Okafor on Thursday said the council has held 75 hearings since May.", "Tom Okafor"),
])
def test_weekday_between_subject_and_cue(text, speaker):
    """"Okafor earlier Thursday said": a capitalised weekday is a time word, not a name."""
    claim = next(c for c in run(text).claims if c.cue == "said")
    assert claim.speaker == speaker


def test_owner_before_a_role_after_the_quote():
    """"“…,” Okafor's senior adviser Jo Beck said": the owner sits between quote and source."""
    quote = run("“The ferry will run in May,” Okafor's senior adviser Jo Beck said in a statement.").quotes[0]
    assert (quote.speaker, quote.sieve) == ("Jo Beck", "after_quote_direct")


def test_here_in_a_place_opens_the_sentence():
    text = ("Mara Okafor spoke. Here in Dover, Okafor stepped up her attacks on the council, saying, "
            "“We have got to run the ferry again.”")
    assert run(text).quotes[0].speaker == "Mara Okafor"


def test_share_with_its_figure_opening_a_sentence():
    """"Just over a quarter, 26 percent, say …" at a sentence start is the source."""
    text = "About two-thirds back the levy. Just over a quarter, 26 percent, say they will vote against it."
    claim = next(c for c in run(text).claims if c.cue == "say")
    assert (claim.speaker, claim.text) == ("Just over a quarter", "they will vote against it")


@pytest.mark.parametrize("text, speaker", [
    ("Mara Okafor in Dover said the ferry would run again in May.", "Mara Okafor"),
    ("Mara Okafor on Harbour Radio said the ferry would run again in May.", "Mara Okafor"),
    ("Mara Okafor in an interview with the Gazette said the ferry would run again in May.", "Mara Okafor"),
    ("Mara Okafor at a rally in Dover said the ferry would run again in May.", "Mara Okafor"),
    ("Fishermen in Dover said the ferry would run again in May.", "Fishermen"),
    ("Mara Okafor in March said the ferry would run again in May.", "Mara Okafor"),
    ("Mara Okafor on Jan. 5 said the ferry would run again in May.", "Mara Okafor"),
    ("Mara Okafor last December said the ferry would run again in May.", "Mara Okafor"),
    ("Mara Okafor in 2011 said the ferry would run again in May.", "Mara Okafor"),
    ("Mara Okafor late Tuesday said the ferry would run again in May.", "Mara Okafor"),
])
def test_setting_or_date_between_subject_and_cue_is_not_the_speaker(text, speaker):
    """"Clinton in Iowa said", "Sanders on CNN said", "Clinton in March said": the place,
    medium or date is not who spoke."""
    claim = next(c for c in run(text).claims if c.cue == "said")
    assert claim.speaker == speaker


@pytest.mark.parametrize("text, speaker", [
    ("People close to Okafor say the ferry will run again in May.", "People close to Okafor"),
    ("Sources close to the harbour board said the ferry will run again in May.", "Sources close to the harbour board"),
])
def test_people_close_to_someone_are_not_that_someone(text, speaker):
    claim = next(c for c in run(text).claims if c.cue in ("say", "said"))
    assert claim.speaker == speaker


def test_quote_then_according_to():
    """"“…,” according to Okafor.": the source after the quote."""
    text = "Mara Okafor spoke on Monday. “The ferry will run again in May,” according to Okafor."
    quote = run(text).quotes[0]
    assert (quote.speaker, quote.sieve) == ("Mara Okafor", "according_to")


def test_told_after_a_comma_names_a_listener_not_a_source():
    """"“…,” Okafor, a member of the council, told reporters.": "reporters" never speaks."""
    extraction = run("“The ferry will run again in May,” Mara Okafor, a member of the council, told reporters.")
    speakers = {item.speaker for item in (*extraction.quotes, *extraction.claims)}
    assert speakers == {"Mara Okafor"}


@pytest.mark.parametrize("text, content", [
    ("Mara Okafor said Tuesday the ferry would run again in May.", "the ferry would run again in May"),
    ("Mara Okafor said late Monday night the ferry would run again in May.", "the ferry would run again in May"),
    ("Mara Okafor said Monday's vote would bring the ferry back in May.", "Monday's vote would bring the ferry back in May"),
])
def test_time_after_the_cue_is_not_content(text, content):
    claim = next(c for c in run(text).claims if c.cue == "said")
    assert claim.text == content


@pytest.mark.parametrize("text, speaker", [
    ("Bill Okafor spoke. Mara Okafor spoke later. “The ferry will run,” Mrs. Okafor said.", "Mara Okafor"),
    ("Mara Okafor spoke. Bill Okafor spoke later. “The ferry will run,” Mr. Okafor said.", "Bill Okafor"),
    ("Jeb Lindqvist spoke. George Lindqvist spoke later. “The ferry will run,” Jeb said.", "Jeb Lindqvist"),
])
def test_honorific_and_first_name_pick_the_right_relative(text, speaker):
    """Bill Clinton ≠ Hillary Clinton: "Mrs. Okafor" is the woman of the two Okafors, and
    "Jeb" the one whose first name it is."""
    assert run(text).quotes[0].speaker == speaker


def test_multi_paragraph_quote_takes_the_speaker_named_where_it_ends():
    """A paragraph opens a quote and does not close it; the next reopens it and names the
    speaker: both paragraphs are his."""
    text = "Tom Okafor spoke first.\n\n“We will run the ferry. And we will run it daily.\n\n“The council will lose,” Okafor said."
    found = run(text).quotes
    assert [q.speaker for q in found] == ["Tom Okafor"]
    assert len(found[0].fragments) == 2 and found[0].text.endswith("daily. The council will lose")


@pytest.mark.parametrize("text", [
    "Mara Okafor appeared on the island’s “Harbour Morning Show” on Sunday.",
    "Mara Okafor said on “Island News Tonight” that the ferry would run in May.",
    "Mara Okafor told “The Dover Gazette Hour” that the ferry would run in May.",
])
def test_title_inside_a_sentence_has_no_speaker(text):
    """A programme or book title in quotation marks is nobody's words, though the sentence
    has a speaker and a cue."""
    quote = run(text).quotes[0]
    assert quote.speaker is None


def test_partial_quote_in_lowercase_keeps_its_speaker():
    quote = run("Mara Okafor called the levy “a tax on every fishing family” on Sunday.").quotes[0]
    assert quote.speaker == "Mara Okafor"


def test_title_after_on_keeps_no_speaker_even_with_a_period_inside():
    quote = run("“The ferry will run,” Mara Okafor said on “Harbour Morning Show.”").quotes[-1]
    assert (quote.text, quote.speaker) == ("Harbour Morning Show.", None)


def test_slogan_ending_a_sentence_stays_the_speakers():
    quote = run("Mara Okafor proclaimed a goal of “Ferries Through Strength.”").quotes[0]
    assert quote.speaker == "Mara Okafor"


@pytest.mark.parametrize("text", [
    "Okafor left the race after a poor showing in the harbour towns and will now focus on the ferry.",
    "The opener made a blazing start, but his departure saw the island lose their way to 63 for four.",
])
def test_more_nouns_that_never_speak(text):
    extraction = run(text)
    assert not {c.speaker for c in extraction.claims} & {"a poor", "his departure"}


@pytest.mark.parametrize("text", [
    "Mara Okafor, the mayor of the island, criticized the council’s ferry plan.",
    "Several leading candidates, including Mara Okafor, praised the ferry plan.",
])
def test_stance_verb_after_a_comma_is_not_inverted(text):
    """"X, the mayor, criticized the plan": the plan is criticized, it does not speak."""
    speakers = {c.speaker for c in run(text).claims}
    assert "the council’s ferry plan" not in speakers and "the ferry plan" not in speakers


@pytest.mark.parametrize("text", [
    "Mara Okafor won the harbour primary, adding to her run of victories in the north.",
    "Mara Okafor won the harbour caucus, claiming her third victory of the night.",
    "Tom Lindqvist conceded the race to Okafor on Thursday night.",
])
def test_non_speech_uses_of_speech_verbs(text):
    assert run(text).claims == []


def test_inverted_speech_verb_still_inverts():
    claim = run("The ferry will run again in May, said Mara Okafor, the mayor of the island.").claims[0]
    assert (claim.speaker, claim.sieve) == ("Mara Okafor", "trailing_inverted")


def test_one_word_title_next_to_a_quote_takes_no_speaker():
    text = ("“The film made me cry,” said Mara Okafor, who starred in “Trainwreck.” "
            "The critics agreed with her.")
    quotes = run(text).quotes
    assert [(q.text, q.speaker) for q in quotes] == [("The film made me cry", "Mara Okafor"), ("Trainwreck.", None)]


def test_one_word_answer_keeps_the_speaker():
    text = "“Will the ferry stop?” the reporter asked Mara Okafor. “No,” Okafor said. “Never.”"
    assert run(text).quotes[-1].speaker == "Mara Okafor"


def test_cue_inside_another_quote_introduces_nothing():
    """“I’d rather live in what he calls “hell”” — "calls" is inside the outer quotation, so
    the inner quote is not the subject's words through it."""
    text = "Readers wrote in. “He is unfit. I’d rather live in what he calls “hell” than vote for him.” ― Jo Beck"
    quotes = run(text).quotes
    assert all(q.speaker is None for q in quotes if q.text == "hell")


def test_period_inside_the_marks_then_a_new_sentence():
    """“… in “Trainwreck.” The critics agreed": the next sentence's subject is not the quote's."""
    quote = run("Mara Okafor starred in “Trainwreck.” The critics agreed with her about it.").quotes[0]
    assert quote.speaker != "The critics"


@pytest.mark.parametrize("text, speaker", [
    ("“The ferry stays,” said a strategist for one of the island campaigns.", "a strategist for one of the island campaigns"),
    ("“The ferry stays,” said an official familiar with the talks.", "an official familiar with the talks"),
])
def test_inverted_source_with_what_follows_its_head(text, speaker):
    """After an inverted cue the whole stretch is the source, read as a subject would be."""
    assert run(text).quotes[0].speaker == speaker


@pytest.mark.parametrize("text, speaker", [
    ("“The ferry stays,” a former senior harbour official said.", "a former senior harbour official"),
    ("“The ferry stays,” said one longtime top aide.", "one longtime top aide"),
])
def test_rank_words_after_a_former(text, speaker):
    assert run(text).quotes[0].speaker == speaker


def test_dash_credit_line_under_a_quote_paragraph():
    text = ("The council voted on Monday.\n\n“I will look into it. I will certainly look into it.”\n\n"
            "— Mara Okafor, speaking after the vote.\n\nThe vote was close.")
    quote = run(text).quotes[0]
    assert (quote.speaker, quote.sieve) == ("Mara Okafor", "dash_credit")


def test_dash_inside_the_paragraph_is_no_credit():
    text = "The council voted.\n\n“It was close,” the clerk noted — Mara Okafor disagreed later."
    assert run(text).quotes[0].speaker != "Mara Okafor"


def test_publishing_verb_with_its_object_after_a_comma():
    """"Okafor, the mayor, tweeted a warning.": the warning is what she tweeted, not a source."""
    claims = run("On the other side, Mara Okafor, the mayor of the island, tweeted a warning.").claims
    assert "a warning" not in {c.speaker for c in claims}


def test_adjective_before_a_noun_cue_is_no_source():
    claims = run("Okafor began Sunday with a personally signed tweet that drew no conclusions about the storm.").claims
    assert "a personally signed" not in {c.speaker for c in claims}


def test_opening_mark_typed_as_the_closing_one():
    """“…,“ said X: a curly opener right after a comma, before a space, closes the quote."""
    quote = run("“The ferry is bad for the island here,“ said Mara Okafor, the mayor.").quotes[0]
    assert (quote.text, quote.speaker) == ("The ferry is bad for the island here", "Mara Okafor")


def test_capitalised_cue_noun_ending_a_name_is_no_cue():
    """"charging the Islamic State with …": "State" ends a name here, not a "state" cue."""
    quote = run("The panel issued a report charging the Islamic State with “crimes against the island.”").quotes[0]
    assert quote.speaker != "the Islamic"


@pytest.mark.parametrize("text, wrong, right", [
    ("Okafor criticized the harbour plan and said allies wanted to know if the ferry “is still running.”",
     "said allies", "allies"),
    ("Critics said the way the ferry company treated workers who complained about pay “was a disgrace.”",
     "the ferry company treated workers", None),
])
def test_noun_phrase_walk_stops_at_an_earlier_verb(text, wrong, right):
    """Walking back from a head noun, a finite verb ("said", "treated") ends the subject."""
    speakers = {item.speaker for item in (*run(text).quotes, *run(text).claims)}
    assert wrong not in speakers
    if right:
        assert right in speakers


def test_participle_after_a_determiner_stays_in_the_subject():
    claim = run("The alleged victim said the ferry never stopped at the island.").claims[0]
    assert claim.speaker == "The alleged victim"


def test_wire_dateline_is_not_the_speaker():
    text = ("DOVER, Aug 31 (Reuters) - The island’s ferry union leader, Mara Okafor, voiced support "
            "for the mayor on Wednesday, saying the harbour plan would bring jobs to the island.")
    claims = run(text).claims
    assert {c.speaker for c in claims} <= {"Mara Okafor", "The island’s ferry union leader"}
    assert claims[0].speaker == "Mara Okafor"


@pytest.mark.parametrize("text, speaker", [
    ("Okafor supporters have long called for his ouster, believing he was tipping the scales.", "Okafor supporters"),
    ("European leaders gathered Friday to discuss the ferry, offering new money for the harbour.", "European leaders"),
    ("Rallying hundreds of ferry workers, Mara Okafor toured the harbour and promised to keep the boats running.",
     "Mara Okafor"),
])
def test_subject_shared_by_a_later_cue(text, speaker):
    """The sentence's subject, not its first capitalised word: "Okafor supporters" are not
    Okafor, and "Rallying" opens a participle clause."""
    assert run(text).claims[-1].speaker == speaker


@pytest.mark.parametrize("text, speaker", [
    ("Mara Okafor, the ferry union chief, this past week announced a strike at the harbour.", "Mara Okafor"),
    ("Ferry captains have sometimes been accused of skipping the island stop in winter.", "Ferry captains"),
])
def test_time_words_between_subject_and_cue(text, speaker):
    assert run(text).claims[0].speaker == speaker


@pytest.mark.parametrize("text, wrong", [
    ("Okafor also lacks support from the harbour board, whose members voted against her.", "lacks"),
    ("At the harbour, they will hold banners proclaiming: “Keep the ferry running all winter!”", "hold banners"),
    ("“There never was a plan to stop the ferry,” said the harbour chief known as Bo, speaking publicly.",
     "the harbour chief known"),
])
def test_verb_after_an_auxiliary_is_not_a_source(text, wrong):
    extraction = run(text)
    assert wrong not in {item.speaker for item in (*extraction.quotes, *extraction.claims)}


@pytest.mark.parametrize("text, wrong", [
    ("The spokesman for the Harbour Union confirmed this saying it was a “symbolic action.”", "confirmed"),
    ("Okafor is winning applause as she keeps talking about the “collective power of the island.”", "she keeps"),
])
def test_verb_is_no_head_of_the_subject(text, wrong):
    """"the press office confirmed this, saying": the verb is not part of who speaks."""
    extraction = run(text)
    assert not any(wrong in (item.speaker or "") for item in (*extraction.quotes, *extraction.claims))


def test_name_inside_an_object_relative_clause_keeps_its_noun():
    """"according to a speech Mara Okafor delivered at the harbour": the speech is the source."""
    claim = run("The ferry will stop running, according to a speech Mara Okafor delivered at the harbour.").claims[0]
    assert claim.speaker in ("Mara Okafor", "a speech Mara Okafor delivered at the harbour")


def test_participle_after_an_inverted_attribution_takes_its_speaker():
    """"“Oh, let him decide,” said Mara Okafor, urging …": "Oh" is no name with a role."""
    claim = run("“Oh, let him make that decision,” said Mayor Mara Okafor, urging those calling for his "
                "withdrawal to “give him time.”").claims[0]
    assert claim.speaker == "Mara Okafor"


@pytest.mark.parametrize("text, speaker", [
    ("Okafor was wrong about Ford closing its plant in Mexico. Ford itself said the deal was on.", "Ford"),
    ("Among the island's mayors, Dover's Mara J. Okafor has not endorsed the harbour plan.", "Mara J. Okafor"),
    ("Bo And Mara Okafor Miss The Vote\n\nOkafor said the ferry would run all winter.", "Mara Okafor"),
])
def test_full_names_stop_at_sentence_ends_possessives_and_headline_joins(text, speaker):
    """"Mexico. Ford" spans a sentence end, "Dover's" is the place, "And" joins two names."""
    assert run(text).claims[0].speaker == speaker


@pytest.mark.parametrize("text, speaker", [
    ("Prime Minister Theresa May said the ferry deal was done.", "Theresa May"),
    ("In May, a district judge sided with the islanders, saying the ferry law was void.", "a district judge"),
])
def test_may_is_a_surname_last_in_a_name_and_a_month_alone(text, speaker):
    assert run(text).claims[0].speaker == speaker


def test_records_that_show_are_a_source():
    """"The FEC filings show that …": PolNeAR attributes the finding to the filings."""
    claim = run("The harbour filings show that the ferry lost money every winter.").claims[0]
    assert (claim.speaker, claim.cue) == ("The harbour filings", "show")


def test_inverted_source_followed_by_a_bare_role():
    """"…, said Robert Egge, executive director of …": the role needs no article."""
    text = ("No candidate has made the ferry a campaign issue, said Robert Egge, executive director of "
            "the Harbour Movement, whose members lobby every campaign.")
    claim = run(text).claims[0]
    assert (claim.speaker, claim.sieve) == ("Robert Egge", "trailing_inverted")


def test_cue_before_a_colon_introduces_the_next_quote():
    """“We are not leaving.” Mr. Bo said: “…”: Bo's words follow the colon; the quote before
    it is the earlier speaker's."""
    text = "''We are islanders,'' Ms. Okafor said. ''We are not leaving.'' Mr. Bo said: ''The ferry must run.''"
    quotes = run(text).quotes
    assert [q.speaker for q in quotes] == ["Okafor", "Bo"]
    assert quotes[0].text == "We are islanders … We are not leaving."


def test_trailing_cue_never_swallows_a_credited_quote():
    """"“…,” said Robin Maynard, half joking.": "half" is no source of the quote before."""
    claims = run("“I am better with my hands than my brain,” said Robin Maynard, half joking. He works nights.").claims
    assert "half" not in {c.speaker for c in claims}


def test_according_to_a_work_by_a_person_names_the_person():
    claim = run("A living wage is about $12 an hour, according to calculations by Amy Glasmeier of the "
                "Harbour Institute of Technology.").claims[0]
    assert (claim.speaker, claim.role) == ("Amy Glasmeier", "calculations")


def test_relative_clause_in_an_appositive_names_the_person():
    """"Diana Okafor, an island councillor who supports the plan": the supporter is named."""
    claim = run("The vote was close, and Diana Okafor, an island councillor who supports the ferry plan, "
                "voted yes.").claims[0]
    assert (claim.speaker, claim.role) == ("Diana Okafor", "an island councillor")


def test_person_named_in_a_relative_clause_is_no_referent_for_he():
    """"Asked whether Mara Okafor, …, who has called the ferry a hoax, could win, Kim demurred.
    “…,” he said": he is Kim, not the woman in the relative clause."""
    text = ("Bo Kim sat in the harbour office on a rainy morning.\n\n"
            "Asked whether Mara Okafor, the mayor, who has called the ferry plan a hoax, could win, Kim demurred.\n\n"
            "“It is not my business to judge the vote,” he said.")
    assert run(text).quotes[0].speaker == "Bo Kim"


def test_headline_verb_is_no_first_name():
    text = "Okafor Endorses Mara Bo For Mayor\n\nBo said the ferry would run all winter."
    assert next(c for c in run(text).claims if c.cue == "said").speaker == "Mara Bo"


@pytest.mark.parametrize("text, speaker", [
    ("Harbour leaders in North Dover, for instance, noted that the ferry had never been late.", "Harbour leaders"),
    ("Mara Okafor, the chair of the harbour board in Dover, for example, said the ferry was late.", "Mara Okafor"),
])
def test_comma_aside_between_subject_and_cue(text, speaker):
    assert run(text).claims[0].speaker == speaker


@pytest.mark.parametrize("text, speaker", [
    ("Mara Okafor Makes Ferry Joke To Mock The Harbour Board\n\nThe joke fell flat.", "Mara Okafor"),
    ("“We stay,” said Mrs. Schlafly, the mayor.", "Schlafly"),
])
def test_title_case_headline_verb_ends_the_subject(text, speaker):
    """"Mike Huckabee Makes Sexist Wife Joke": Huckabee, not "Mike Huckabee Makes Sexist Wife";
    a name ending in -ly is no adverb."""
    extraction = run(text)
    assert (extraction.quotes or extraction.claims)[0].speaker == speaker


def test_known_as_names_the_person():
    """"said the harbour chief known as Bo": Bo, with the description as his role."""
    quote = run("“There never was a plan to stop the ferry,” said the harbour chief known as Bo, speaking publicly.").quotes[0]
    assert (quote.speaker, quote.role) == ("Bo", "the harbour chief")


@pytest.mark.parametrize("text, speaker", [
    ("Offensive Things Maria Okafor Said\n\nOkafor said the ferry would run all winter.", "Maria Okafor"),
    ("Is Okafor Ready For The Job?\n\nOkafor said the ferry would run all winter.", "Okafor"),
])
def test_headline_words_before_a_first_name_are_no_part_of_it(text, speaker):
    assert next(c for c in run(text).claims if c.cue == "said").speaker == speaker


def test_title_case_role_before_a_name_is_no_part_of_it():
    text = "Harbour Icon Morton Okafor Backs The Ferry\n\n“We need it,” Okafor said."
    assert run(text).quotes[0].speaker == "Morton Okafor"


def test_publisher_of_a_series_of_tweets_speaks():
    claim = run("Okafor unleashed a series of tweets early Friday saying that the ferry board had lied.").claims[0]
    assert claim.speaker == "Okafor"


def test_following_statement_after_a_full_date():
    """"On July 6, 2015, Okafor made the following comment: ⏎ “…”": Okafor, not "the following"."""
    text = "On July 6, 2015, Mara Okafor made the following comment:\n\n“The ferry will run every day of the year.”"
    assert run(text).quotes[0].speaker == "Mara Okafor"


@pytest.mark.parametrize("text", [
    "Wow: Mara Okafor Just Said Something Unexpected About The Ferry",
    "The speech ran long.\n\nTranscript as follows:\n\n“Tonight we arrived in Dover, and we went to a restaurant.”",
])
def test_page_furniture_before_a_colon_is_nobody(text):
    extraction = run(text)
    assert {item.speaker for item in (*extraction.quotes, *extraction.claims)} <= {None}


def test_mr_is_not_the_only_woman_of_that_surname():
    """"Mr. Vian" after "Maria Vian", "Mr. Obama" after "Michelle Obama": another person, so
    the surname as written rather than her name."""
    text = ("Mary Okafor opened the harbour on Monday. "
            "Later, Mr. Okafor said that the ferry would run every day of the year.")
    assert [claim.speaker for claim in run(text).claims] == ["Okafor"]


@pytest.mark.parametrize("text, speaker", [
    ("“It was not a convincing argument,” said one Democrat familiar with the discussion.",
     "one Democrat familiar with the discussion"),
    ("“It was not a convincing argument,” said one Republican involved in the planning, who spoke on the "
     "condition of anonymity.", "one Republican involved in the planning"),
    ("“It was not a convincing argument,” one prominent Republican said.", "one prominent Republican"),
    ("“It was not a convincing argument,” said a source close to the council.", "a source close to the council"),
])
def test_one_member_of_a_party_is_a_described_source_not_a_name(text, speaker):
    """"one Democrat" is a person described, never someone named "Democrat"; what follows the
    head ("familiar with …", "involved in …") belongs to the description."""
    quote = run(text).quotes[0]
    assert quote.speaker == speaker


def test_quote_paragraph_after_the_speakers_quote_joins_it():
    """“A,” Hart said. ⏎ “B.”: a paragraph that is only a quotation goes on with her words."""
    text = "“We don't know yet,” Lena Hart said.\n\n“But we will find out.”\n\nThe ferry left at noon."
    found = run(text).quotes
    assert [(q.text, q.speaker) for q in found] == [("We don't know yet … But we will find out.", "Lena Hart")]
