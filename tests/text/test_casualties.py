"""Fatality and injury counts read from a sentence (geo.text.casualties)."""

from __future__ import annotations

import pytest

from geo.text.casualties import casualties_from_text, parse_number


@pytest.mark.parametrize(
    ("sentence", "fatalities", "injuries"),
    [
        ("An exchange of fire killed one person and wounded four days ahead of talks.", 1, 4),
        ("two soldiers were killed", 2, None),
        ("There were no casualties.", 0, 0),
        ("Dozens killed in clashes.", None, None),
        ("Armenia said four of its soldiers had been wounded by incoming fire.", None, 4),
        (
            "Baku accused Armenia of a provocation that had left one\xa0of its soldiers dead.",
            1,
            None,
        ),
        ("A soldier was killed and 3 others injured.", 1, 3),
        ("The shelling killed a civilian and injured at least 12 people.", 1, 12),
        ("Three Azerbaijani servicemen died.", 3, None),
        ("The death toll rose to 7.", 7, None),
        ("No one was hurt.", None, 0),
        ("Twenty-one people were wounded.", None, 21),
        ("He was killed two days ago.", None, None),
        ("Gunmen killed 2 km from the border.", None, None),
        ("Tens of thousands of people have been killed in the two wars.", None, None),
    ],
)
def test_casualties(sentence, fatalities, injuries):
    found = casualties_from_text(sentence)
    assert (found.fatalities, found.injuries) == (fatalities, injuries)


def test_vague_casualty_figure_gives_a_note():
    found = casualties_from_text("Dozens killed in clashes.")
    assert found.fatalities is None
    assert found.notes == (
        "fatalities: the text gives no exact figure (“Dozens killed”); left empty",
    )


@pytest.mark.parametrize(
    ("word", "value"),
    [("4", 4), ("1,200", 1200), ("four", 4), ("twenty-one", 21), ("a dozen", 12), ("dozens", None)],
)
def test_parse_number(word, value):
    assert parse_number(word) == value
