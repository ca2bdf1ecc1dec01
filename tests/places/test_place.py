"""The one place record: the index stores Place fields, lookups and features return Place."""

from geo.places import Place


def test_every_place_is_a_place(gazetteer):
    town = gazetteer.lookup("Sotk").place
    corridor = gazetteer.get("bm:lachin-corridor")
    country = gazetteer.get("country:AM")
    candidates = [c.place for c in gazetteer.lookup("Springfield", countries=["US"]).candidates]
    assert all(type(p) is Place for p in (town, corridor, country, *candidates))
    assert all(type(p) is Place for p in gazetteer.features[:50])


def test_a_feature_is_made_once_and_kept(gazetteer):
    assert gazetteer.get("bm:lachin-corridor") is gazetteer.get("bm:lachin-corridor")
    first = gazetteer.lookup("the Lachin corridor").place
    assert first is gazetteer.get("bm:lachin-corridor")
    assert first.geometry is first.geometry  # parsed on first use, then kept


def test_a_point_place_needs_no_wkb():
    place = Place("x:1", "X", "populated_place", "AM", "point", "test", "1", 45.0, 40.0)
    assert place.geometry_type == "Point" and place.anchor == (45.0, 40.0)
    assert (place.geometry.x, place.geometry.y) == (45.0, 40.0)
    assert place == Place("x:1", "X", "populated_place", "AM", "point", "test", "1", 45.0, 40.0)


def test_unknown_ids_raise(gazetteer):
    import pytest

    for place_id in ("bm:nowhere", "geonames:0", "country:ZZ", ""):
        with pytest.raises(KeyError):
            gazetteer.get(place_id)


def test_in_admin1_reads_the_codes_of_a_split_region():
    bunia = Place("geonames:217695", "Bunia", "populated_place", "CD", "point", "geonames",
                  "217695", 30.25, 1.56, admin1_code="17")  # fmt: skip
    assert bunia.in_admin1("CD", "17") and bunia.in_admin1("CD", "13 16 17 30")
    assert not bunia.in_admin1("CD", "13") and not bunia.in_admin1("UG", "17")
    orientale = Place("admin1:CD:Eastern Province", "Eastern Province", "admin1", "CD",
                      "admin1", "geonames", "CD:Eastern Province", 26.0, 1.9,
                      admin1_code="13 16 17 30")  # fmt: skip
    assert orientale.in_admin1("CD", "13 16 17 30") and not orientale.in_admin1("CD", "17")
