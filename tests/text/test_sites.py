"""The incident site of a short report (geo.text.sites): which place the incident is put at."""

from __future__ import annotations

import unicodedata

import pytest

from geo.text.geoparse import mentions_from_text
from geo.text.sites import incident_site_from_mentions, incident_site_from_text


def _site(text: str, countries: tuple[str, ...] = ()) -> tuple[str, str, int] | None:
    site = incident_site_from_text(text, countries=countries)
    if site is None:
        return None
    assert text[site.start : site.end] == site.surface
    return site.surface, site.place.name, site.geo_precision


def test_the_town_named_is_the_site():
    assert _site("Azerbaijani forces shelled Sotk, Armenia; two soldiers were wounded.") == (
        "Sotk",
        "Sotk",
        1,
    )


def test_a_seat_of_government_that_speaks_is_not_the_site():
    text = "The ministry in Yerevan said Azerbaijani forces shelled Sotk overnight."
    assert _site(text) == ("Sotk", "Sotk", 1)


def test_a_country_is_the_site_only_when_nothing_finer_is_named():
    assert _site("Hundreds of people protested in Armenia against the government.") == (
        "Armenia",
        "Armenia",
        3,
    )
    text = "Protesters in Armenia blocked the road to Goris on Monday."
    assert _site(text)[1] == "Goris"


def test_a_place_outside_the_record_country_is_never_the_site():
    text = "A car bomb exploded in Yerevan, Azerbaijani media said."
    assert _site(text) == ("Yerevan", "Yerevan", 1)
    assert _site(text, ("AZ",)) is None
    assert _site(text, ("am",)) == ("Yerevan", "Yerevan", 1)  # codes in any case


def test_no_place_no_site():
    assert _site("Two armed men on motorcycles killed two gendarmes.") is None
    assert incident_site_from_mentions("", []) is None


def test_demonyms_are_actors_not_sites():
    text = "Azerbaijani forces opened fire overnight."
    mentions = mentions_from_text(text, demonyms=True)
    assert [m.role for m in mentions] == ["demonym"]
    assert incident_site_from_mentions(text, mentions) is None


@pytest.mark.parametrize("countries", [(), ("AM",)])
def test_site_comes_from_a_mention(countries):
    site = incident_site_from_text("Shells hit Sotk, Armenia.", countries=countries)
    assert site is not None and site.mention.place == site.place and site.mention.start == 11


def test_an_unknown_village_in_a_province_created_in_2015_falls_back_to_the_province():
    site = incident_site_from_text(
        "Militia attacked Xyzvillage (Xyzdistrict, Ituri).", countries=("CD",)
    )
    assert site is not None and site.geo_precision == 3
    assert site.place.place_id == "admin1:CD:Ituri"


@pytest.mark.parametrize("province", ["Ituri", "Orientale"])
def test_a_known_town_in_a_new_or_old_province_is_the_site(province):
    text = f"Militia attacked Bunia (Irumu, {province})."
    mentions = mentions_from_text(text, countries=["CD"])
    site = incident_site_from_mentions(text, mentions, countries=["CD"])
    assert site is not None and (site.surface, site.place.name, site.geo_precision) == (
        "Bunia",
        "Bunia",
        1,
    )
    unit = next(m for m in mentions if m.surface == province)  # the unit is read, too
    assert unit.place is not None and unit.place.feature_class == "admin1"


@pytest.mark.parametrize(
    ("text", "country", "unit"),
    [
        (
            "Hamas militants attacked Xyzvillage (Xyzdistrict, HaDarom).",
            "IL",
            "admin1:IL:Southern District",
        ),
        (
            "Militants attacked Xyzvillage (Xyzdistrict, North Sinai).",
            "EG",
            "admin1:EG:Muhafazat Shamal Sina'",
        ),
        ("Shelling hit Xyzvillage (Xyzdistrict, Rural Damascus).", "SY", "admin1:SY:Rif-dimashq"),
    ],
)
def test_an_unknown_village_falls_back_to_its_province_under_acled_s_name(text, country, unit):
    site = incident_site_from_text(text, countries=(country,))
    assert site is not None and site.geo_precision == 3
    assert site.place.place_id == unit


@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        ("Armed men killed a man in Cúcuta (Cúcuta, Norte de Santander).", "CO", "Cúcuta"),
        ("JNIM militants attacked Ségou (Ségou, Ségou).", "ML", "Ségou"),
        ("Azerbaijani forces shelled Ağdərə (Ağdərə, Yukhari-Karabakh).", "AZ", "Martakert"),
    ],
)
def test_a_note_written_decomposed_is_read_as_written_composed(text, country, name):
    # NFD text (macOS file names, some PDF and web exports): the accent after "u" of
    # "Cu\u0301cuta" is a character of its own, and the word must not end before it ("Cu"
    # was read as Tsu, Japan; "Ségou" was no name at all)
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    site = incident_site_from_text(decomposed, countries=(country,))
    assert site is not None and site.place.name == name and site.geo_precision == 1
    assert decomposed[site.start : site.end] == site.surface
    assert unicodedata.normalize("NFC", site.surface) == name or name == "Martakert"


def test_a_site_in_a_note_with_c1_punctuation_keeps_the_note_s_spelling():
    # "Xyz\x92village": a name the gazetteer does not know, written with U+0092 for "’"
    note = "Militia attacked Xyz\x92village (Xyzdistrict, Ituri)."
    site = incident_site_from_text(note, countries=("CD",))
    assert site is not None and site.place.place_id == "admin1:CD:Ituri"
    assert site.surface == note[site.start : site.end] == "Xyz\x92village"
    note = "Fighting in Ma\x92rib city: Houthi forces shelled Ma\x92rib (Ma\x92rib, Ma\x92rib)."
    site = incident_site_from_text(note, countries=("YE",))
    assert site is not None and site.place.name == "Ma'rib" and site.surface == "Ma\x92rib"


def test_a_note_of_armenia_about_nagorno_karabakh_has_its_site_there():
    # the curated disputed region next to the record's country holds sites when the note
    # names no place of the country; a town across an ordinary border never does
    site = incident_site_from_text(
        "Azerbaijani forces shelled Stepanakert (Askeran, Nagorno-Karabakh).", countries=("AM",)
    )
    assert site is not None and (site.place.place_id, site.geo_precision) == (
        "geonames:146970",
        1,
    )
    assert incident_site_from_text("After an attack in Lamu, Kenya.", countries=("SO",)) is None


def test_a_crossing_curated_on_the_records_border_is_its_site():
    # the Hakari bridge checkpoint lies in Azerbaijan, on Armenia's border: a note of Armenia
    # about it is sited there, not in Turkey's Hakkâri nor nowhere
    for text in (
        "Armenian forces reported shots at Hakari.",
        "Azerbaijani border guards installed a checkpoint at the Hakari bridge.",
    ):
        site = incident_site_from_text(text, countries=["AM"])
        assert site is not None and site.place.place_id == "bm:hakari-bridge-checkpoint", text
    # an ordinary town across the border is still never the site of a note of Armenia
    assert incident_site_from_text("Shots were fired in Lachin.", countries=["AM"]) is None


@pytest.mark.parametrize(
    ("note", "country", "surface"),
    [
        (
            "On 12 September 2022, NRF fighters clashed with Taliban in Dara district (Panjshir).",
            "AF",
            "Dara",
        ),
        (
            "On 3 June 2022, Sudan Liberation Army fighters clashed with RSF in Tawila (Tawila, "
            "North Darfur).",
            "SD",
            "Tawila",
        ),
        (
            "On 7 March 2022, clashes between Police Forces of Benin and JNIM near the border "
            "with Burkina Faso in Tanguieta commune.",
            "BJ",
            "Tanguieta",
        ),
    ],
)
def test_a_party_to_the_event_before_in_is_not_a_place_in_the_unit(note, country, surface):
    # "with Taliban in Dara district": Taliban is a party, not a village of Dara; the site
    # was Dara under the name "Taliban" (and Tanguieta under the name "Burkina Faso")
    site = incident_site_from_text(note, countries=[country])
    assert site is not None and site.surface == surface


@pytest.mark.parametrize(
    ("note", "country", "name"),
    [
        ("On 3 May 2021, regime forces shelled Jisr al-Shughur.", "SY", "Jisr ash Shughūr"),
        ("On 3 May 2021, Hezbollah fighters were killed near al-Zabadani.", "SY", "Az Zabadānī"),
        ("On 3 May 2021, an IED exploded near al-Sukhnah (Tadmor, Homs).", "SY", "As Sukhnah"),
        ("On 3 May 2021, ISIS attacked an army post near al-Tarmiyah.", "IQ", "Aţ Ţārmīyah"),
    ],
)
def test_a_name_with_al_before_a_sun_letter_is_the_place_written_assimilated(note, country, name):
    # reports write "al-" where GeoNames writes the article as said ("As Sukhnah"): the note
    # had no site, or fell back to its district (Tadmur, 60 km from As Sukhnah)
    site = incident_site_from_text(note, countries=[country])
    assert site is not None and site.place.name == name and site.geo_precision == 1
