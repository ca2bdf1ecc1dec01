"""Conflict reports (issue 14): the record's country, names not cut, the hierarchy a text gives.

Sentences written for these tests, in the style of ACLED notes.
"""

from __future__ import annotations

import pytest

from geo.text.geoparse import mentions_from_text
from geo.text.sites import incident_site_from_text


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


# --- an organisation's acronym before a place -------------------------------------------------


def test_a_place_after_an_organisation_acronym_is_named_on_its_own():
    text = "Armed men looted the UNHCR Kakuma compound at night."
    assert _places(text) == [("Kakuma", "Kakuma", "KE")]
    text = "The ICRC Goma office closed after the clashes."
    assert _places(text, ("CD",)) == [("Goma", "Goma", "CD")]


def test_short_acronyms_initials_and_company_names_are_not_split():
    assert _places("AC Milan lost at home again.") == []  # a football club
    assert _places("KBR Inc won a contract.") == []  # a company, not Yinchuan
    assert ("Barrie", "Barrie", "CA") not in _places("A play by J.M. Barrie opened.")


# --- names spelled as they are heard ---------------------------------------------------------


def test_a_local_spelling_is_read_in_the_record_country():
    # other vowels (Jawhar, Malakal, Kisangani) and another romanisation (Qasr Khiyar)
    text = "Militiamen attacked a checkpoint near Malakaal on Sunday."
    assert _places(text, ("SS",)) == [("Malakaal", "Malakal", "SS")]
    text = "Traders in Jowhaar closed their shops after the raid."
    assert _places(text, ("SO",)) == [("Jowhaar", "Jawhar", "SO")]
    site = incident_site_from_text("Soldiers fired on protesters in Kisengani.", countries=["CD"])
    assert site is not None and (site.surface, site.place.name) == ("Kisengani", "Kisangani")
    text = "A militia from Gasr Khiyar set up roadblocks."
    assert _places(text, ("LY",)) == [("Gasr Khiyar", "Qaşr Khiyār", "LY")]


def test_respellings_need_the_record_and_a_word_saying_where():
    assert _places("Militiamen attacked a checkpoint near Malakaal on Sunday.") == []
    assert _places("Malakaal residents marched on Sunday.", ("SS",)) == []
    assert _places("Traders in Jowhaar closed their shops.", ("KE",)) == []


# --- the countries the text names ------------------------------------------------------------


def test_a_country_the_text_names_beats_a_bigger_namesake_elsewhere():
    # Kut, Armenia (a village) against Al-Kut, Iraq (a city): the text names only Armenia
    text = "Shells fell on Kut overnight. Armenia lodged a protest."
    assert _places(text) == [("Kut", "Kut", "AM"), ("Armenia", "Armenia", "AM")]
    text = "Kut was shelled again; Armenia and Azerbaijan traded accusations."
    assert _places(text)[0] == ("Kut", "Kut", "AM")


def test_a_demonym_pulls_when_the_text_names_no_country():
    text = "Armenian officials said a house in Kut burned after the shelling."
    assert _places(text) == [("Kut", "Kut", "AM")]


def test_no_pull_without_few_named_countries_or_against_the_context():
    assert _places("Shells fell on Kut overnight.") == [("Kut", "Al-Kut", "IQ")]
    # four countries named: none of them is what the text is about
    text = "Kut hosted envoys of Armenia, Jordan, Egypt and Kuwait."
    assert ("Kut", "Al-Kut", "IQ") in _places(text)
    # the reading lies in a country the text names: it stays
    text = "Iraq and Armenia signed a trade deal; Kut will host the first fair."
    assert ("Kut", "Al-Kut", "IQ") in _places(text)


# --- names are not cut ---------------------------------------------------------------------


def test_hyphenated_local_names_are_matched_whole_or_not_at_all():
    # Each of these has a fragment the gazetteer knows somewhere (Dali in China, Seme for
    # Semey in Kazakhstan, Plage in Morocco, Bello, Ti, Lubwe...): none may be resolved.
    for text in (
        "Police dispersed fishermen in Seme-Krake on Monday.",
        "Two boats were burnt at Krake-Plage.",
        "Herders clashed with farmers near Bello-Tounga.",
        "Armed men attacked a camp at Ti-n-Agadel.",
    ):
        assert _places(text, ("BJ",)) == [], text
        assert _places(text) == [], text


def test_an_arabic_article_joined_to_a_name_stays_with_it():
    # "Bir al-Abd" is not Bir (India) and Abd; "Ras al-Ain" (GeoNames spells it Ra's al
    # 'Ayn; geoBoundaries' subdistrict is Ras Al Ain) is no Ras, whatever Ras means alone
    assert _places("Militants attacked a checkpoint near Bir al-Abd.", ("EG",)) == [
        ("Bir al-Abd", "Bi’r al ‘Abd", "EG")
    ]
    assert _places("Fighting in Deir ez-Zor and Ras al-Ain.", ("SY",)) == [
        ("Deir ez-Zor", "Deir ez-Zor", "SY"),
        ("Ras al-Ain", "Ras Al Ain", "SY"),
    ]


def test_a_name_opened_by_a_lowercase_article_is_read_after_in_near_at():
    # English reporting writes "al-Bab", "al-Mayadin": with a record's country, after a word
    # saying where, such a name is the place; an organisation's "al-" is not
    site = incident_site_from_text("An IED exploded in al-Bab (Al Bab, Aleppo).", countries=("SY",))
    assert site is not None and (site.surface, site.place.name, site.geo_precision) == (
        "al-Bab",
        "Al Bāb",
        1,
    )
    assert _places("Clashes in al-Mayadin overnight.", ("SY",)) == [
        ("al-Mayadin", "Al Mayādīn", "SY")
    ]
    assert _places("A commander of al-Qaeda was killed in Idlib.", ("SY",)) == [
        ("Idlib", "Idlib", "SY")
    ]


def test_a_capital_standing_for_its_province_says_so():
    # only Homs is known: the governorate's capital stands for it (precision 3, as ACLED
    # codes a province's events at its capital); a lone unit may be a part of the city (2)
    site = incident_site_from_text(
        "Gunmen attacked the Al Tanf base (Al Tanf, Homs).", countries=("SY",)
    )
    assert site is not None and (site.place.name, site.geo_precision) == ("Homs", 3)
    site = incident_site_from_text("Gunmen attacked Qwzx (Homs).", countries=("SY",))
    assert site is not None and (site.place.name, site.geo_precision) == ("Homs", 2)


def test_names_with_particles_are_read_whole():
    # "del", "du", "de": one name, not "Santa Rosa" (de Cabal, 500 km off) nor "Mouhoun" (a
    # province of another region)
    assert _places("Clashes in Santa Rosa del Sur (Santa Rosa del Sur, Bolivar).", ("CO",))[0] == (
        "Santa Rosa del Sur",
        "Santa Rosa del Sur",
        "CO",
    )
    assert _places("Militants attacked Gomboro (Boucle du Mouhoun).", ("BF",)) == [
        ("Boucle du Mouhoun", "Boucle du Mouhoun", "BF")
    ]
    assert [p[1] for p in _places("Protest in Valle de Santiago.", ("MX",))] == [
        "Valle de Santiago"
    ]
    # English words between two names are no particles
    text = "Forces shelled Sotk, an Armenian village, and Kut and Tegh."
    assert [p[0] for p in _places(text, ("AM",))] == ["Sotk", "Kut", "Tegh"]


def test_a_prefixed_name_is_read_whole():
    # "N-Dali" is N'Dali, Benin (GeoNames "Ndali"), never Dali, China
    text = "Unidentified gunmen attacked a farm in Sirarou (N-Dali)."
    assert _places(text, ("BJ",)) == [("N-Dali", "Ndali", "BJ")]
    assert _places(text) == []  # a small town alone, without the record's country


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


# --- the hierarchy a text gives --------------------------------------------------------------


def _site(text: str, countries: tuple[str, ...] = ()) -> tuple[str, str, str, int] | None:
    site = incident_site_from_text(text, countries=countries)
    if site is None:
        return None
    assert text[site.start : site.end] == site.surface
    return site.surface, site.place.name, site.place.feature_class, site.geo_precision


def test_an_unknown_village_falls_back_to_its_commune():
    # ACLED's way: village (commune, department); Hlassame is not in the gazetteer
    for countries in ((), ("BJ",)):
        site = _site("Unidentified gunmen killed a farmer in Hlassame (Lalo, Couffo).", countries)
        assert site == ("Hlassame", "Lalo", "populated_place", 2)


def test_an_unknown_village_falls_back_to_the_smallest_known_unit():
    site = _site("Unidentified gunmen attacked a farm in Qwxa (N-Dali, Borgou).", ("BJ",))
    assert site == ("Qwxa", "Ndali", "populated_place", 2)
    # a commune the gazetteer does not know either: the department
    site = _site("Unidentified gunmen attacked a farm in Qwxa (Kalinou, Borgou).", ("BJ",))
    assert site == ("Qwxa", "Borgou", "admin1", 3)
    site = _site("Soldiers were ambushed near Qansaxdheere in Bay region.", ("SO",))
    assert site == ("Qansaxdheere", "Bay", "admin1", 3)
    site = _site("Gunmen attacked Gurguzu village of Igabi Local Government Area of Kaduna State.")
    assert site is not None and site[:2] == ("Gurguzu", "Igabi") and site[3] == 2
    # North Kivu is a province: GeoNames' "Nord Kivu", whose English name is an admin name
    # variant (geo.places.names.admin_name_variants)
    site = _site("Fighting broke out in the Qwxa territory of North Kivu.", ("CD",))
    assert site == ("Qwxa", "Nord Kivu", "admin1", 3)
    # a territory the gazetteer knows (geoBoundaries) is the territory
    site = _site("Fighting broke out in the Masisi territory of North Kivu.", ("CD",))
    assert site == ("Masisi", "Masisi", "admin2", 2)


@pytest.mark.parametrize(
    ("text", "country", "unit"),
    [
        ("Police fired on protesters in Qwxa (Afram Plains, Eastern).", "GH", "Eastern"),
        ("Soldiers were ambushed in Qwxa (Bay).", "SO", "Bay"),
        ("Gunmen attacked a checkpoint at Qwxa (An Nuqat al Khams).", "LY", "An Nuqat al Khams"),
        ("Traders protested in Qwxa (Kwxq, Central).", "ZM", "Central"),
    ],
)
def test_a_unit_in_parentheses_that_is_also_a_common_word_is_the_fallback(text, country, unit):
    # "Eastern", "Bay" are words first, and "An" opens no name elsewhere; between the
    # parentheses of a record's "X (A, B)" each part is a whole name, the record's unit
    site = _site(text, (country,))
    assert site is not None and site[1:] == (unit, "admin1", 3)
    assert incident_site_from_text(text, countries=(country,)).place.country == country
    # without a record's country the parentheses are read as any other text
    assert _site(text) is None


@pytest.mark.parametrize(
    ("text", "country", "site"),
    [
        ("Gunmen attacked a farm in Sirarou (N-Dali, Borgou).", "BJ", ("Sirarou", "Sirarou")),
        ("Gunmen attacked Tawila (North Darfur, Darfur).", "SD", ("Tawila", "Tawila")),
        (
            "Police fired on protesters in Guliso (Mirab Wellega, Oromia).",
            "ET",
            ("Guliso", "Guliso"),
        ),
        (
            "Boko Haram attacked Hile Alifa (Logone-et-Chari, Extreme-Nord).",
            "CM",
            ("Hile Alifa", "Hilé - Alifa"),
        ),
        ("Boko Haram attacked Kolofata (Mayo-Sava, Extreme-Nord).", "CM", ("Kolofata", "Kolofata")),
    ],
)
def test_a_village_known_only_as_its_unit_is_placed_at_the_unit_with_precision_2(
    text, country, site
):
    # the gazetteer knows these villages only as the communes, arrondissements, woredas
    # or localities named after them (geoBoundaries): the unit stands for the village, and
    # the site says so (a district's precision; a point standing for the unit)
    found = incident_site_from_text(text, countries=(country,))
    assert found is not None
    place = found.place
    assert (found.surface, place.name, place.country, found.geo_precision) == (*site, country, 2)
    assert (place.feature_class, place.precision, place.source) == (
        "admin2",
        "admin2",
        "geoboundaries",
    )
    assert place.approximate and "a point standing for the unit" in place.derived_from


def test_a_local_unit_outside_the_records_country_is_a_place_only_as_a_unit():
    # without a record's country, a local unit is read only where the text names it as a
    # unit, or as the place units hold: "Prince" and "Refuge" are words first
    text = "Unidentified gunmen attacked a farm in Sirarou (N-Dali, Borgou)."
    assert _site(text)[:3] == ("Sirarou", "Sirarou", "admin2")
    assert _places("A Prince visited the Refuge on Monday.") == []
    assert _places("Gunmen attacked Tawila on Monday.") == []
    assert _places("Gunmen attacked Tawila on Monday.", ("SD",)) == [("Tawila", "Tawila", "SD")]


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # a unit the gazetteer knows only abroad holds nothing: not Haiti's Nord-Ouest,
        # not Washington (whose alternate names include "Federal Capital Territory")
        ("Gunmen attacked Bamenda (Mezam, Nord-Ouest).", "CM", ("Bamenda", "Bamenda", "CM")),
        (
            "Protesters marched in Abuja (Abuja Municipality, Federal Capital Territory).",
            "NG",
            ("Abuja", "Abuja", "NG"),
        ),
        # Kolwezi lies in Katanga's outline; its GeoNames admin1 code is Lualaba's since 2015
        ("Miners rioted in Kolwezi (Katanga).", "CD", ("Kolwezi", "Kolwezi", "CD")),
        # ACLED's names of GeoNames' units: the unknown village falls back to the region
        ("Gunmen attacked Qwxa (North Darfur, Darfur).", "SD", ("Qwxa", "Northern Darfur", "SD")),
        (
            "Police fired on protesters in Qwxa (Mirab Wellega, Oromia).",
            "ET",
            ("Qwxa", "Oromiya", "ET"),
        ),
        (
            "Boko Haram attacked Qwxa (Logone-et-Chari, Extreme-Nord).",
            "CM",
            ("Qwxa", "Far North", "CM"),
        ),
    ],
)
def test_the_units_of_a_note_lie_in_its_record_country(text, country, expected):
    site = incident_site_from_text(text, countries=(country,))
    assert site is not None
    assert (site.surface, site.place.name, site.place.country) == expected


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # the oblast, not the city 100 km away that names it, holds Kupiansk
        ("Forces shelled Kupiansk (Kupianskyi, Kharkiv).", "UA", ("Kupyansk", 49.71, 37.62)),
        ("Forces shelled Nikopol (Nikopolskyi, Dnipropetrovsk).", "UA", ("Nikopol", 47.57, 34.39)),
        ("An IED exploded in Al Bab (Al Bab, Aleppo).", "SY", ("Al Bāb", 36.37, 37.52)),
        ("ELN attacked Tame (Tame, Arauca).", "CO", ("Tame", 6.46, -71.74)),
        # the town of Tessalit stands for a district much larger than the town
        ("JNIM attacked Aguelhok (Tessalit, Kidal).", "ML", ("Aguelhok", 19.46, 0.86)),
        # a province named like a city elsewhere: the state of Washington, not D.C.; the
        # state of Morelos, not Ecatepec de Morelos, whose other name is Morelos
        ("Police fired tear gas in Seattle (King, Washington).", "US", ("Seattle", 47.61, -122.33)),
        (
            "Protesters marched in Cuernavaca (Cuernavaca, Morelos).",
            "MX",
            ("Cuernavaca", 18.93, -99.23),
        ),
        # Idlib governorate, not the district of Idlib city, holds Salqin (Harim district)
        ("Gunmen attacked Salqin (Harim, Idleb).", "SY", ("Salqīn", 36.14, 36.45)),
        # the oblast is GeoNames' "Zaporizhia"; "Zaporizhzhia" is only the city's name
        ("Forces shelled Orikhiv (Polohivskyi, Zaporizhzhia).", "UA", ("Orikhiv", 47.58, 35.78)),
        (
            "Gunmen killed a man in As Sanamayn (As Sanamayn, Dara).",
            "SY",
            ("Aş Şanamayn", 33.07, 36.18),
        ),
        # Soum is a point standing for a province 150 km wide: its region holds Aribinda,
        # which the note spells as it is heard
        ("JNIM attacked soldiers in Arbinda (Arbinda, Soum).", "BF", ("Aribinda", 14.23, -0.87)),
        # GeoNames' "Mayorality of Baghdad" is the Baghdad of notes
        (
            "An IED struck a convoy in Tarmiyah (Tarmiyah, Baghdad).",
            "IQ",
            ("Aţ Ţārmīyah", 33.67, 44.4),
        ),
    ],
)
def test_a_unit_named_after_its_seat_holds_more_than_the_seat(text, country, expected):
    site = incident_site_from_text(text, countries=(country,))
    assert site is not None and site.geo_precision == 1
    assert (site.place.name, round(site.place.lat, 2), round(site.place.lon, 2)) == expected


def test_a_unit_read_only_as_a_village_does_not_reject_the_seat_it_names():
    # Aran, an economic region of Azerbaijan since 2021, is known here only as a village:
    # Tartar, the seat of the district named after it, is still Tartar
    site = incident_site_from_text(
        "Armenian forces shelled Tartar (Tartar, Aran).", countries=("AZ",)
    )
    assert site is not None and (site.place.name, site.geo_precision) == ("Tartar", 1)
    # a city holds its parts: a namesake of the part 690 km away is not it
    site = incident_site_from_text(
        "Police killed 28 people in Jacarezinho (Rio de Janeiro, Rio de Janeiro).",
        countries=("BR",),
    )
    assert site is not None and site.place.name == "Rio de Janeiro"


def test_a_district_not_found_in_the_province_is_no_namesake_elsewhere():
    # Khawlan of Sanaa governorate is not in the gazetteer; the one in Al Hudaydah, 150 km
    # away, is not it: the note falls back to Sanaa
    site = incident_site_from_text(
        "Gunmen killed 3 in Khawlan (Khawlan, Sanaa).", countries=("YE",)
    )
    assert site is not None and site.place.name == "Sanaa" and site.geo_precision > 1


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # Poltava oblast holds two Kovali 60 km apart: the district's point tells which
        ("Troops shelled Kovali (Kozelshchyna Raion, Poltava).", "UA", ("Kovali", 49.82, 33.45)),
        # Jalisco has two towns of El Salto, 134 km apart: the municipality tells which
        (
            "Gunmen killed a police officer in El Salto (El Salto, Jalisco).",
            "MX",
            ("El Salto", 20.52, -103.18),
        ),
        # the town of Madera stands for its municipality; Chihuahua's other El Molino lies
        # 215 km away
        ("Gunmen attacked El Molino (Madera, Chihuahua).", "MX", ("El Molino", 29.19, -107.41)),
    ],
)
def test_of_namesakes_in_the_larger_unit_the_one_near_the_district_is_the_place(
    text, country, expected
):
    site = incident_site_from_text(text, countries=(country,))
    assert site is not None and site.geo_precision == 1
    assert (site.place.name, round(site.place.lat, 2), round(site.place.lon, 2)) == expected


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # GeoNames' "Province du Yagha": the unknown village falls back to the province
        (
            "JNIM killed 130 civilians in Solhan (Solhan, Yagha).",
            "BF",
            ("Solhan", "Province du Yagha", 2),
        ),
        # "Bab al-Hawa" is no "Bab" (Al Bab, 78 km away); the crossing lies in Harim
        # district, which stands in for it, with the precision saying so
        (
            "An IED exploded near the Bab al-Hawa crossing (Harim, Idleb).",
            "SY",
            ("Bab al-Hawa", "Ḩārim", 2),
        ),
    ],
)
def test_an_unknown_place_falls_back_to_the_unit_holding_it(text, country, expected):
    site = incident_site_from_text(text, countries=(country,))
    assert site is not None
    assert (site.surface, site.place.name, site.geo_precision) == expected


def test_the_lowest_units_of_conflict_countries_are_unit_words():
    # a kebele (Ethiopia), like a village, is a place in the units after it, not Gimbi itself
    site = incident_site_from_text(
        "OLA militants killed civilians in Tole kebele (Gimbi, West Wellega).", countries=("ET",)
    )
    assert site is not None and (site.surface, site.place.name, site.geo_precision) == (
        "Tole",
        "Gimbi",
        2,
    )


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        ("Shelling hit Slobidka (Odesa, Odesa).", "UA", "Odesa"),
        ("Gunmen killed two in Providencia (Guadalajara, Jalisco).", "MX", "Guadalajara"),
        ("Clashes in Al Qusour (Homs, Homs).", "SY", "Homs"),
        ("M23 shelled Katindo (Goma, Nord-Kivu).", "CD", "Goma"),
    ],
)
def test_a_city_in_a_districts_slot_holds_its_parts_not_namesakes_in_its_province(
    text, country, city
):
    # found by the hostile pass: the province after the city held a namesake (or a
    # respelling) of the neighbourhood 30-190 km away, placed at precision 1
    site = incident_site_from_text(text, countries=(country,))
    assert site is not None
    assert (site.place.name, site.geo_precision) == (city, 2)


def test_an_unknown_part_of_a_city_falls_back_to_the_city_not_its_province():
    site = incident_site_from_text("Cadres beat residents in Kizito (Lusaka).", countries=("ZM",))
    assert site is not None
    assert (site.surface, site.place.feature_class, site.place.name) == (
        "Kizito",
        "populated_place",
        "Lusaka",
    )


def test_a_namesake_outside_the_units_named_is_not_the_place():
    # The only Kouandé of the gazetteer's populated places lies 430 km south of Atakora:
    # the incident goes to the department, never to that place.
    site = incident_site_from_text("Clashes in Kouandé (Kouandé, Atakora).", countries=("BJ",))
    assert site is not None and site.surface == "Kouandé" and site.place.lat > 9.5
    assert site.geo_precision == 3
    places = _places("Clashes in Kouandé (Kouandé, Atakora).", ("BJ",))
    assert places == [("Atakora", "Atakora", "BJ")]


def test_the_smallest_unit_is_resolved_inside_the_larger():
    assert _places("A tornado hit Paris (Lamar County, Texas) overnight.")[0] == (
        "Paris",
        "Paris",
        "US",
    )
    assert _places("Police dispersed a protest in Paris, France.")[0] == ("Paris", "Paris", "FR")


def test_a_neighbouring_country_named_in_passing_is_not_the_site():
    text = "Women refugees from Burkina Faso were attacked in Tanguieta (Tanguieta, Atacora)."
    for countries in ((), ("BJ",)):
        assert _site(text, countries) == ("Tanguieta", "Tanguiéta", "populated_place", 1)


def test_lists_are_not_hierarchies():
    names = [p[0] for p in _places("Delegates came from Ethiopia, Kenya, Uganda and Sudan.")]
    assert names == ["Ethiopia", "Kenya", "Uganda", "Sudan"]
    names = [p[1] for p in _places("Students protested in Assiut, Alexandria, and Suez.", ("EG",))]
    assert names == ["Assiut", "Alexandria", "Suez"]


def test_an_abbreviation_in_parentheses_is_not_a_unit():
    assert _places("Members of the Forum for Democratic Change (FDC) were arrested.") == []


def test_a_unit_word_makes_the_name_a_unit():
    assert _places("Gunmen attacked a convoy in Kaduna State.") == [
        ("Kaduna State", "Kaduna", "NG")
    ]
    (mention,) = mentions_from_text("Gunmen attacked a convoy in Kaduna State.")
    assert mention.place.feature_class == "admin1"
    (mention,) = mentions_from_text("Cholera spread in Idlib province.")
    assert (mention.surface, mention.place.feature_class) == ("Idlib", "admin1")
    assert _places("The state's budget was cut.") == []  # a function word is no unit
    # an institution, not a unit
    assert [m.surface for m in mentions_from_text("The Minnesota Department of Health said.")] == [
        "Minnesota"
    ]


# --- demonyms ------------------------------------------------------------------------------


def test_demonyms_pull_towards_their_country_when_no_country_is_named():
    assert _places("Beninese soldiers clashed with smugglers near Kandi.") == [
        ("Kandi", "Kandi", "BJ")
    ]
    assert _places("Soldiers clashed with smugglers near Kandi.") == []  # Kandi, Benin or India?
    assert _places("Indian police arrested protesters in Kandi.") == [("Kandi", "Kāndi", "IN")]


def test_african_demonyms_are_actors():
    text = "Malian and Burkinabe soldiers and South Sudanese troops were deployed."
    roles = [(m.surface, m.place.country, m.role) for m in mentions_from_text(text)]
    assert roles == [
        ("Malian", "ML", "demonym"),
        ("Burkinabe", "BF", "demonym"),
        ("South Sudanese", "SS", "demonym"),
    ]


def test_a_capital_of_a_country_the_text_names_beats_namesakes():
    text = (
        "Dr. Smith of Georgetown, Ky., was on holiday in France. "
        "A gunman opened fire on police in Paris on Thursday."
    )
    paris = next(m for m in mentions_from_text(text) if m.surface == "Paris")
    assert paris.place.country == "FR"
    # the pair settles it first
    text = "A tornado hit Paris, Kentucky, while the mayor was in France."
    paris = next(m for m in mentions_from_text(text) if m.surface == "Paris")
    assert paris.place.country == "US"


# --- a list shares its qualifier -------------------------------------------------------------

#: (text, the places expected, in text order) – demonyms aside
_LISTS = [
    (
        "Azerbaijani troops opened fire on Sotk and Jermuk in Armenia.",
        [("Sotk", "Sotk", "AM"), ("Jermuk", "Jermuk", "AM"), ("Armenia", "Armenia", "AM")],
    ),
    (
        "Shelling hit Sotk and Jermuk, Armenia.",
        [("Sotk", "Sotk", "AM"), ("Jermuk", "Jermuk", "AM"), ("Armenia", "Armenia", "AM")],
    ),
    (
        "People were hurt in Sotk and in Jermuk, Armenia.",
        [("Sotk", "Sotk", "AM"), ("Jermuk", "Jermuk", "AM"), ("Armenia", "Armenia", "AM")],
    ),
    (
        "Shelling hit Sotk and Kut in Armenia.",
        [("Sotk", "Sotk", "AM"), ("Kut", "Kut", "AM"), ("Armenia", "Armenia", "AM")],
    ),
    (
        "Shelling hit Sotk, Kut and Jermuk, Armenia.",
        [
            ("Sotk", "Sotk", "AM"),
            ("Kut", "Kut", "AM"),  # not Kutaisi, Georgia
            ("Jermuk", "Jermuk", "AM"),
            ("Armenia", "Armenia", "AM"),
        ],
    ),
    (
        "Shelling hit Tegh and Goris in Syunik province.",
        [
            ("Tegh", "Tegh", "AM"),
            ("Goris", "Goris", "AM"),
            ("Syunik province", "Syunik Province", "AM"),
        ],
    ),
    (
        "Shelling hit Sotk and Jermuk (Vayots Dzor, Armenia).",
        [
            ("Sotk", "Sotk", "AM"),  # not in Vayots Dzor, but in Armenia: kept
            ("Jermuk", "Jermuk", "AM"),
            ("Vayots Dzor", "Vayots Dzor Province", "AM"),
            ("Armenia", "Armenia", "AM"),
        ],
    ),
    (
        "Armenian villages of Sotk and Kut came under fire.",
        [("Sotk", "Sotk", "AM"), ("Kut", "Kut", "AM")],  # not Al-Kut, Iraq
    ),
    ("Shells hit the Armenian village of Sotk.", [("Sotk", "Sotk", "AM")]),
    # negatives: the qualifier does not hold the other members
    (
        "Shelling hit Sotk and Baku, Azerbaijan's capital.",
        [("Baku", "Baku", "AZ"), ("Azerbaijan", "Azerbaijan", "AZ")],  # no Sotk in Azerbaijan
    ),
    (
        "Talks were held in Moscow and Yerevan, Armenia's capital.",
        [("Moscow", "Moscow", "RU"), ("Yerevan", "Yerevan", "AM"), ("Armenia", "Armenia", "AM")],
    ),
    (
        "Delegations from Tbilisi and Yerevan, Armenia, met.",
        [("Tbilisi", "Tbilisi", "GE"), ("Yerevan", "Yerevan", "AM"), ("Armenia", "Armenia", "AM")],
    ),
    (
        "Shelling hit Khankendi and Goris (Syunik, Armenia).",
        # Khankendi is not in Armenia: not moved, not rejected; alone it is not kept either
        [
            ("Goris", "Goris", "AM"),
            ("Syunik", "Syunik Province", "AM"),
            ("Armenia", "Armenia", "AM"),
        ],
    ),
    (
        "Protesters marched in Sotk, Armenia, and in Jermuk, Armenia.",
        [
            ("Sotk", "Sotk", "AM"),
            ("Armenia", "Armenia", "AM"),
            ("Jermuk", "Jermuk", "AM"),
            ("Armenia", "Armenia", "AM"),
        ],
    ),
    ("The Azerbaijani village of Sotk was shelled.", []),  # no Sotk in Azerbaijan
    # border villages half a kilometre outside the approximate province outlines
    (
        "Shelling hit Kornidzor in Syunik province, Armenia.",
        [
            ("Kornidzor", "Kornidzor", "AM"),
            ("Syunik province", "Syunik Province", "AM"),
            ("Armenia", "Armenia", "AM"),
        ],
    ),
    (
        "Shelling hit Kut in Gegharkunik province, Armenia.",
        [
            ("Kut", "Kut", "AM"),
            ("Gegharkunik province", "Gegharkunik Province", "AM"),
            ("Armenia", "Armenia", "AM"),
        ],
    ),
    (
        "Delegates came from Ethiopia, Kenya, Uganda and Sudan.",
        [
            ("Ethiopia", "Ethiopia", "ET"),
            ("Kenya", "Kenya", "KE"),
            ("Uganda", "Uganda", "UG"),
            ("Sudan", "Sudan", "SD"),
        ],
    ),
]


def test_a_list_shares_its_qualifier():
    for text, expected in _LISTS:
        assert _places(text) == expected, text


def test_the_first_member_of_a_list_can_be_the_site():
    assert _site("Azerbaijani troops opened fire on Sotk and Jermuk in Armenia.") == (
        "Sotk",
        "Sotk",
        "populated_place",
        1,
    )


def test_one_candidate_with_no_context_stays_out():
    # left alone: a small place named alone, with only the other side's demonym
    assert _places("Azerbaijani forces shelled Sotk.") == []


def test_a_district_named_with_its_governorate_is_the_site_not_the_city():
    # ACLED's "X district (Governorate)": the governorate is named after its city; the
    # city is a unit of the note here, never its site (it lies 100 km north of Hays)
    text = "Houthi forces shelled GRC positions in Hays district (Al Hudaydah). No fatalities."
    assert _site(text, ("YE",)) == ("Hays", "Hays", "admin2", 2)


def test_a_town_the_text_calls_a_district_stands_for_the_district():
    # the gazetteer knows Sangin as a town (its district, named after it, is not a unit of
    # its own); the note names the district: precision 2
    site = _site("Taliban militants attacked a checkpoint in Sangin district (Helmand).", ("AF",))
    assert site is not None and site[0] == "Sangin" and site[2:] == ("populated_place", 2)
    # a district the gazetteer knows (geoBoundaries) is the district
    site = _site("Taliban militants attacked a checkpoint in Qarabagh district (Ghazni).", ("AF",))
    assert site == ("Qarabagh", "Qarabagh", "admin2", 2)
    # and a town named as such stays precise
    assert _site("Shelling hit Sotk village, Armenia.", ("AM",))[2:] == ("populated_place", 1)


def test_a_list_of_villages_before_their_units_falls_back_to_the_units():
    site = _site("Gunmen attacked Qwxa and Qwxb villages (Lalo, Couffo).", ("BJ",))
    assert site is not None and site[1:] == ("Lalo", "populated_place", 2)


def test_a_compound_with_no_part_in_the_records_country_is_one_name():
    # "Mayo-Sava" is a department of Cameroon, not Mayo (Ireland) and Sava (Madagascar);
    # "Mandera-Nairobi" in a note of Kenya is still two places
    text = "Boko Haram attacked Qwxa (Mayo-Sava, Extreme-Nord)."
    assert _places(text, ("CM",)) == [("Extreme-Nord", "Far North", "CM")]
    assert _site(text, ("CM",)) == ("Qwxa", "Far North", "admin1", 3)
    pair = _places("Flights on the Mandera-Nairobi route resumed.", ("KE",))
    assert [p[0] for p in pair] == ["Mandera", "Nairobi"]


def test_a_name_with_its_feature_word_abroad_is_read_bare_in_the_record_country():
    # "Est region" is also a name of Uganda's Eastern Region; in a note of Burkina Faso it
    # is Burkina Faso's Est, and the village it holds falls back to it
    text = "Militants attacked the gendarmerie at Tanwalbougou in Est region."
    site = incident_site_from_text(text, countries=("BF",))
    assert site is not None and site.place.place_id == "admin1:BF:Est"
    # with no record, or in Uganda, the whole name is still read
    mentions = mentions_from_text("Police clashed with protesters in Mbale, Eastern region.")
    assert "admin1:UG:Eastern Region" in {m.place.place_id for m in mentions if m.place}


def test_a_local_unit_of_the_villages_name_outside_the_units_the_note_names_is_not_it():
    # the gazetteer knows Tole only as a woreda 290 km from Gimbi: the kebele falls back
    site = _site("OLA militants killed civilians in Tole kebele (Gimbi, West Wellega).", ("ET",))
    assert site == ("Tole", "Gimbi", "populated_place", 2)
    # the arrondissement of Sirarou lies in Borgou (N'Dali, a town, holds no unit)
    assert _site("Gunmen attacked Sirarou (N-Dali).", ("BJ",))[1:] == (
        "Ndali",
        "populated_place",
        2,
    )


def test_a_local_unit_rejects_no_name_it_does_not_hold():
    # geoBoundaries' Al Jifarah is not ACLED's (Janzur lies 40 km outside its radius): the
    # town is not rejected for it
    site = _site("Clashes in Janzur (Al Jifarah, Tajura wa an Nawahi al Arba).", ("LY",))
    assert site == ("Janzur", "Janzūr", "populated_place", 1)


def test_the_place_a_report_gives_its_units_is_the_site_before_an_earlier_one_of_its_level():
    # "Arakan Army" names Rakhine; the event is where the report puts it with its units
    text = "On 14 April 2023, Arakan Army fighters clashed with the military in Qwxa (Qwxb, Chin)."
    assert _site(text, ("MM",)) == ("Qwxa", "Chin", "admin1", 3)
    # a town before another town: the one with its units ("Kerou (Kerou, Atacora)")
    text = "Herders from Kandi were attacked by gunmen in Kerou (Kerou, Atacora)."
    assert _site(text, ("BJ",))[:2] == ("Kerou", "Kérou")
