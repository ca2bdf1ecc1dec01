"""Chains read from the text alone (geo.text._hierarchy): which name the text puts in which."""

from __future__ import annotations

from geo.text._hierarchy import chains_from_spans, countries_from_demonyms


def _chains(text: str, names: list[str], units: set[str] = frozenset()):
    spans, at = [], 0
    for name in names:
        start = text.index(name, at)
        spans.append((start, start + len(name)))
        at = start + len(name)
    unit_ids = {k for k, name in enumerate(names) if name in units}
    return [
        (text[c.head[0] : c.head[1]], c.head_index, [names[k] for k in c.units], c.strong, c.listed)
        for c in chains_from_spans(text, spans, unit_ids)
    ]


def test_parentheses():
    text = "Gunmen attacked Hlassame (Lalo, Couffo) at dawn."
    assert _chains(text, ["Lalo", "Couffo"]) == [
        ("Hlassame", None, ["Lalo", "Couffo"], (True, True), True)
    ]
    # a known head, an unknown unit skipped
    text = "In Tanguieta (Tanguieta, Atacora), refugees were attacked."
    assert _chains(text, ["Tanguieta", "Tanguieta", "Atacora"][:2]) == [
        ("Tanguieta", 0, ["Tanguieta"], (True,), True)
    ]
    assert _chains("The Forum for Democratic Change (FDC) met.", ["FDC"]) == []
    # a settlement word between the name and the parenthesis
    assert _chains("Gunmen attacked Hlassame village (Lalo, Couffo).", ["Lalo"]) == [
        ("Hlassame", None, ["Lalo"], (True,), True)
    ]
    # ... but "the X area (Y)" names a part of X
    assert (
        _chains("Roads were blocked in the Pretoria area (Mamelodi).", ["Pretoria", "Mamelodi"])
        == []
    )


def test_comma_needs_a_unit():
    assert _chains("Shells hit Sotk, Armenia.", ["Sotk", "Armenia"], {"Armenia"}) == [
        ("Sotk", 0, ["Armenia"], (False,), False)
    ]
    assert (
        _chains("Protests in Assiut, Alexandria and Suez.", ["Assiut", "Alexandria", "Suez"]) == []
    )
    assert _chains("Protests in Bordode town, Kaduna State.", ["Kaduna"]) == [
        ("Bordode", None, ["Kaduna"], (True,), False)
    ]


def test_in_and_of():
    text = "Gunmen attacked Gurguzu village of Igabi LGA of Kaduna State."
    assert _chains(text, ["Igabi", "Kaduna"]) == [
        ("Gurguzu", None, ["Igabi", "Kaduna"], (True, True), False)
    ]
    assert _chains("Ambush near Qansaxdheere in Bay region.", ["Bay"]) == [
        ("Qansaxdheere", None, ["Bay"], (True,), False)
    ]
    # "the Hunan city of Yueyang": Yueyang lies in Hunan, not the reverse
    assert _chains("Floods in the Hunan city of Yueyang.", ["Hunan", "Yueyang"]) == []
    # a town is a unit only with a word saying so
    assert _chains("Journalists in Sirte said.", ["Sirte"]) == []


def test_a_list_shares_the_units_of_its_last_member():
    # the members before "and" are held by the units of the last one, weakly,
    # in text order (a list may
    # also mix places: the resolution decides, never rejects a member on it)
    assert _chains(
        "Fire on Sotk and Jermuk in Armenia.", ["Sotk", "Jermuk", "Armenia"], {"Armenia"}
    ) == [
        ("Sotk", 0, ["Armenia"], (False,), False),
        ("Jermuk", 1, ["Armenia"], (False,), False),
    ]
    text = "Shelling hit Sotk, Kut and in Jermuk, Armenia province."
    assert [(h, u, s) for h, _, u, s, _ in _chains(text, ["Sotk", "Kut", "Jermuk", "Armenia"])] == [
        ("Sotk", ["Armenia"], (False,)),
        ("Kut", ["Armenia"], (False,)),
        ("Jermuk", ["Armenia"], (True,)),
    ]
    text = "Shelling hit Sotk and Jermuk (Gegharkunik, Armenia)."
    assert _chains(text, ["Sotk", "Jermuk", "Gegharkunik", "Armenia"]) == [
        ("Sotk", 0, ["Gegharkunik", "Armenia"], (False, True), True),
        ("Jermuk", 1, ["Gegharkunik", "Armenia"], (True, True), True),
    ]


def test_what_is_not_a_list_member():
    # commas alone make a chain or nothing, not a list
    assert _chains(
        "Shelling hit Sotk, Jermuk, Armenia.", ["Sotk", "Jermuk", "Armenia"], {"Armenia"}
    ) == [("Jermuk", 1, ["Armenia"], (False,), False)]
    # each item of the list has its own unit
    text = "People were hurt in Sotk, Armenia, and in Jermuk, Armenia."
    names = ["Sotk", "Armenia", "Jermuk", "Armenia"]
    assert [c[0] for c in _chains(text, names, {"Armenia"})] == ["Sotk", "Jermuk"]
    # an unknown name in the list is skipped, the list goes on
    text = "Shelling hit Sotk, Hakari and Jermuk in Armenia."
    assert [c[0] for c in _chains(text, ["Sotk", "Jermuk", "Armenia"], {"Armenia"})] == [
        "Sotk",
        "Jermuk",
    ]
    # a lowercase word ends the list
    text = "Troops left Sotk and then Jermuk in Armenia."
    assert [c[0] for c in _chains(text, ["Sotk", "Jermuk", "Armenia"], {"Armenia"})] == ["Jermuk"]
    # a sentence ends it
    text = "Troops left Sotk. And Jermuk in Armenia was hit."
    assert [c[0] for c in _chains(text, ["Sotk", "Jermuk", "Armenia"], {"Armenia"})] == ["Jermuk"]


def test_a_demonym_puts_the_names_after_it_in_its_country():
    def named(text, names):
        spans, at = [], 0
        for name in names:
            start = text.index(name, at)
            spans.append((start, start + len(name)))
            at = start + len(name)
        return {names[k]: code for k, code in countries_from_demonyms(text, spans).items()}

    assert named("The Armenian villages of Sotk and Kut came under fire.", ["Sotk", "Kut"]) == {
        "Sotk": "AM",
        "Kut": "AM",
    }
    text = "Shells hit the Armenian village of Sotk, Tegh and Kut, then Baku."
    assert named(text, ["Sotk", "Tegh", "Kut", "Baku"]) == {"Sotk": "AM", "Tegh": "AM", "Kut": "AM"}
    assert named("the South Sudanese town of Yei", ["Yei"]) == {"Yei": "SS"}
    # a demonym that is not followed by "<settlement or unit word> of"
    assert named("Armenian troops shelled Sotk and Kut.", ["Sotk", "Kut"]) == {}
    assert named("Armenian villagers of Sotk and Kut fled.", ["Sotk", "Kut"]) == {}
    # "the Hunan city of Yueyang": no demonym, no country
    assert named("Floods in the Hunan city of Yueyang.", ["Hunan", "Yueyang"]) == {}
