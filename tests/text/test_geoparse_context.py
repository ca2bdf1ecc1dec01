"""Conflict reports (issue 14): the record's country, names not cut, the hierarchy a text gives.

Sentences written for these tests, in the style of ACLED notes.
"""

from __future__ import annotations

from geo.text.geoparse import mentions_from_text


def _places(text: str, countries: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    return [
        (m.surface, m.place.name, m.place.country)
        for m in mentions_from_text(text, countries=countries, demonyms=False)
    ]


# --- the record's country ------------------------------------------------------------------


def test_the_record_country_picks_the_namesake_in_it():
    text = "Protesters blocked the main road in Berlin on Monday."
    assert _places(text) == [("Berlin", "Berlin", "DE")]
    ((surface, _, country),) = _places(text, ("ZA",))
    assert (surface, country) == ("Berlin", "ZA")  # the Eastern Cape village


def test_a_village_of_the_record_country_is_kept():
    text = "Gunmen killed three farmers in Okpoga on Tuesday."
    assert _places(text) == []  # a small place, alone: too doubtful without the record
    assert _places(text, ("NG",)) == [("Okpoga", "Okpoga", "NG")]


def test_the_record_country_does_not_move_places_it_does_not_have():
    text = "Refugees from Burkina Faso were attacked in Tanguieta."
    assert ("Burkina Faso", "Burkina Faso", "BF") in _places(text, ("BJ",))


# --- names are not cut ---------------------------------------------------------------------


def test_hyphenated_local_names_are_matched_whole_or_not_at_all():
    # Each of these has a fragment the gazetteer knows somewhere (Dali in China, Seme for
    # Semey in Kazakhstan, Plage in Morocco, Bello, Ti, Lubwe...): none may be resolved.
    for text in (
        "Unidentified gunmen attacked a farm in Sirarou (N-Dali).",
        "Police dispersed fishermen in Seme-Krake on Monday.",
        "Two boats were burnt at Krake-Plage.",
        "Herders clashed with farmers near Bello-Tounga.",
        "Armed men attacked a camp at Ti-n-Agadel.",
    ):
        assert _places(text, ("BJ",)) == [], text
        assert _places(text) == [], text


def test_fragments_that_are_not_names_stay_out():
    assert _places("Anti-Balaka militiamen looted the market.") == []  # Balaka, Malawi
    assert _places("A storm hit Mid-Jutland overnight.") == []


def test_hyphenated_pairs_of_names_are_split():
    assert [p[0] for p in _places("A bus on the Mandera-Nairobi road was ambushed.")] == [
        "Mandera",
        "Nairobi",
    ]
    assert [p[0] for p in _places("Shelling on the Armenia-Azerbaijan border.")] == [
        "Armenia",
        "Azerbaijan",
    ]
    # the last part may go on with the next word
    assert [p[0] for p in _places("Traffic in the Dallas-Fort Worth area.")] == [
        "Dallas",
        "Fort Worth",
    ]


def test_a_name_and_a_word_are_split():
    assert [p[0] for p in _places("The Russia-brokered truce held near Kinshasa-based units.")] == [
        "Russia",
        "Kinshasa",
    ]
    assert [p[0] for p in _places("He holds UK-Algerian citizenship.")] == ["UK"]
    assert [p[0] for p in _places("Rep. Ann Smith, D-Charleston, voted no.")] == ["Charleston"]


def test_a_hyphenated_name_the_gazetteer_knows_is_one_place():
    assert [p[0] for p in _places("Talks were held in Sharm El-Sheikh.")] == ["Sharm El-Sheikh"]
    assert [p[1] for p in _places("Clashes in Nagorno-Karabakh.")] == ["Nagorno-Karabakh"]
