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
