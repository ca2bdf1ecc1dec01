"""Chains read from the text alone (geo.text._hierarchy): which name the text puts in which."""

from __future__ import annotations

from geo.text._hierarchy import chains_from_spans


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
