"""Cross-article speaker identity: pure rules on speaker rows."""

from provenance.identity import SpeakerRow, find_merges, is_person_name, name_parts


def merged(rows, shared=None):
    return {(m.alias_id, m.speaker_id) for m in find_merges(rows, shared)}


def test_tom_and_thomas_de_waal_merge_on_shared_organisation_context():
    rows = [
        SpeakerRow(1, "Thomas de Waal", contexts=["“…both sides,” stressed Thomas de Waal, from the Carnegie Europe center."]),
        SpeakerRow(2, "Tom de Waal", contexts=["Tom de Waal, a senior fellow with the Carnegie Europe thinktank, said"]),
    ]
    merges = find_merges(rows)
    assert [(m.alias_id, m.speaker_id) for m in merges] == [(2, 1)]
    assert "carnegie" in merges[0].evidence


def test_nicknames_without_evidence_stay_apart():
    rows = [SpeakerRow(1, "Thomas de Waal"), SpeakerRow(2, "Tom de Waal")]
    assert merged(rows) == set()
    assert merged(rows, shared={(1, 2)}) == {(2, 1)}  # a shared quote is evidence


def test_bill_and_hillary_clinton_never_merge():
    rows = [SpeakerRow(1, "Bill Clinton", role="former president"), SpeakerRow(2, "Hillary Clinton", role="former president")]
    assert merged(rows, shared={(1, 2)}) == set()


def test_surname_only_speaker_joins_the_one_fitting_full_name():
    rows = [SpeakerRow(1, "Barack Obama"), SpeakerRow(2, "Mr. Obama"), SpeakerRow(3, "Michelle Obama")]
    assert merged(rows) == {(2, 1)}  # "Mr." rules Michelle out


def test_ambiguous_surname_needs_evidence():
    rows = [SpeakerRow(1, "Bill Clinton"), SpeakerRow(2, "Hillary Clinton"), SpeakerRow(3, "Clinton")]
    assert merged(rows) == set()
    assert merged(rows, shared={(2, 3)}) == {(3, 2)}


def test_middle_initials_and_suffixes_tell_people_apart():
    assert merged([SpeakerRow(1, "George W. Bush"), SpeakerRow(2, "George H.W. Bush")]) == set()
    assert merged([SpeakerRow(1, "Donald Trump"), SpeakerRow(2, "Donald Trump Jr.")]) == set()
    assert merged([SpeakerRow(1, "Thomas E. Perez"), SpeakerRow(2, "Thomas Perez")]) == {(2, 1)}


def test_descriptions_and_places_are_not_people():
    assert not is_person_name("The Clinton campaign")
    assert not is_person_name("some allies")
    assert not is_person_name("PARIS")
    assert merged([SpeakerRow(1, "The Clinton campaign"), SpeakerRow(2, "The Cruz campaign")]) == set()
    assert merged([SpeakerRow(1, "New Mexico"), SpeakerRow(2, "Mexico")]) == set()


def test_accents_and_titles_do_not_split_a_person():
    assert name_parts("Calderón").surname == name_parts("Calderon").surname == "calderon"
    assert merged([SpeakerRow(1, "Felipe Calderón"), SpeakerRow(2, "Felipe Calderon")]) == {(2, 1)}


def test_a_vaguer_name_does_not_bridge_two_people():
    rows = [SpeakerRow(1, "George W. Bush"), SpeakerRow(2, "George Bush"), SpeakerRow(3, "George H.W. Bush")]
    merges = find_merges(rows)
    assert len(merges) == 1  # "George Bush" joins one of them, never both
