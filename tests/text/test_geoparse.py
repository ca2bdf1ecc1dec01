"""The geoparser on the seed story (every place, no false place, roles) and on small texts."""

import pytest

from geo.text.encodings import c1_as_cp1252
from geo.text.geoparse import mentions_from_text, places_from_text

EXPECTED = {
    "Sotk",
    "Lachin corridor",
    "Nagorno-Karabakh",
    "Armenia",
    "Azerbaijan",
    "Baku",
    "Yerevan",
    "Moscow",
    "Brussels",
    "Moldova",
    "Russia",
    "Ukraine",
    "France",
    "Germany",
    "United States",
    "Caucasus",
}


def test_every_place_found_and_no_false_place(story_text):
    places = places_from_text(story_text)
    assert set(places["name"]) == EXPECTED


def test_roles(story_text):
    roles = places_from_text(story_text).set_index("name")["role"]
    assert roles["Sotk"] == "incident_site"
    assert roles["Lachin corridor"] == "incident_site"
    assert roles["Brussels"] == "venue" and roles["Moldova"] == "venue"
    for seat in ("Baku", "Yerevan", "Moscow"):
        assert roles[seat] == "actor_seat", seat


def test_demonyms_and_people_are_not_places(story_text):
    mentions = mentions_from_text(story_text)
    places = {m.surface for m in mentions if m.role != "demonym"}
    for word in (
        "Azerbaijani",
        "Armenian",
        "Michel",
        "Peskov",
        "Kremlin",
        "EU",
        "Thursday",
        "Antony",
    ):
        assert word not in places
    # Demonyms name an actor's country: reported apart, never as places on the map.
    demonyms = {m.surface: m.place.place_id for m in mentions if m.role == "demonym"}
    assert demonyms["Azerbaijani"] == "country:AZ" and demonyms["Armenian"] == "country:AM"
    assert {m.surface for m in mentions_from_text(story_text, demonyms=False)} == places
    surfaces = "|".join(places_from_text(story_text)["surfaces"])
    assert "Azerbaijani" not in surfaces and "Armenian" not in surfaces


def test_offsets_point_into_the_text(story_text):
    for m in mentions_from_text(story_text):
        assert story_text[m.start : m.end] == m.surface
        assert m.surface in m.sentence


def test_text_without_places():
    assert places_from_text("nothing to see here, really.").empty
    assert mentions_from_text("") == []


def test_invalid_utf8_via_the_cli(tmp_path, capsys):
    import json

    from bordermap.cli import main

    path = tmp_path / "bad.txt"
    path.write_bytes(b"Fire near Sotk, Armenia \xff\xfe on Thursday.")
    assert main(["geoparse", str(path)]) == 0
    names = {json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()}
    assert {"Sotk", "Armenia"} <= names


def test_large_and_all_caps_documents_parse(story_text):
    big = story_text * 200  # ~0.8 MB
    assert len(mentions_from_text(big, demonyms=False)) == 200 * len(
        mentions_from_text(story_text, demonyms=False)
    )
    shouting = ("ARMENIA AZERBAIJAN SOTK BAKU YEREVAN " * 4_000).strip()  # one 20k-word run
    mentions_from_text(shouting)  # must not go quadratic


def test_mention_frame(story_text):
    from geo.text.geoparse import mention_frame_from_text

    frame = mention_frame_from_text(story_text)
    assert frame.crs == "EPSG:4326"
    assert {
        "text",
        "start",
        "end",
        "sentence",
        "place_id",
        "role",
        "confidence",
        "geometry",
    } <= set(frame.columns)
    sotk = frame[frame["name"] == "Sotk"].iloc[0]
    assert sotk["role"] == "incident_site" and sotk.geometry.geom_type == "Point"
    corridor = frame[frame["place_id"] == "bm:lachin-corridor"].iloc[0]
    assert corridor.geometry.geom_type == "LineString"
    assert (frame["role"] == "demonym").any()


def test_a_name_and_a_feature_word_are_one_mention():
    # The words come from geo.places.names.FEATURE_WORDS, the table the ranking uses too.
    found = {
        m.surface: m.place.place_id
        for text in ("Shelling hit villages in Syunik marz.", "Troops blocked the Lachin road.")
        for m in mentions_from_text(text)
    }
    assert found == {"Syunik marz": "bm:am-province-syunik", "Lachin road": "bm:lachin-corridor"}


def test_state_abbreviations_do_not_end_sentences():
    from geo.text.geoparse import sentences_from_text

    text = "Storms hit Wichita, Kan. Tuesday and Charleston, W.Va. Wednesday. Nobody was hurt."
    assert len(sentences_from_text(text)) == 2


def _found(text):
    return [(m.surface, m.start, m.place.place_id) for m in mentions_from_text(text)]


def test_plain_text_angle_brackets_are_text():
    # issue 16: everything between "<" and ">" was blanked, and Sotk and Jermuk with it
    text = (
        "Fewer than 5 people (<5) were hurt in Sotk, Armenia, and in Jermuk, Armenia, while >3 "
        "soldiers were wounded."
    )
    found = _found(text)
    assert {"Sotk", "Jermuk"} <= {surface for surface, _, _ in found}
    assert found == _found(text.replace("<", "(").replace(">", ")"))  # brackets change nothing
    assert mentions_from_text("A <b>fire</b> hit Sotk, Armenia.")[0].sentence.count("<") == 2


def test_the_geoparse_command_reads_txt_as_text_and_html_as_a_page(tmp_path, capsys):
    import json

    from bordermap.cli import main

    text = "Fewer than 5 (<5) were hurt in Sotk, Armenia, while >3 fled."
    page = "<p>Shelling hit <b>Sotk</b>, Armenia.</p>"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.htm").write_text(page, encoding="utf-8")
    (tmp_path / "b.txt").write_text(page, encoding="utf-8")
    for name, args in [("a.txt", []), ("a.htm", []), ("b.txt", ["--html"])]:
        assert main(["geoparse", str(tmp_path / name), *args]) == 0
        found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        source = text if name == "a.txt" else page
        assert "Sotk" in {f["name"] for f in found}
        assert all(source[f["start"] : f["end"]] == f["text"] for f in found)


@pytest.mark.parametrize(
    ("note", "country", "surface", "name"),
    [
        # cp1252 punctuation stored as C1 controls, as in ACLED's 2016 notes: U+0092 is "’"
        ("Police fired on protesters in N\x92Djamena.", "TD", "N\x92Djamena", "N'Djamena"),
        ("Houthi forces shelled Ma\x92rib city.", "YE", "Ma\x92rib", "Ma'rib"),
    ],
)
def test_c1_punctuation_is_read_as_cp1252_and_mentions_keep_the_text(note, country, surface, name):
    for text in (note, c1_as_cp1252(note)):
        (m,) = mentions_from_text(text, countries=[country])
        assert m.place is not None and m.place.name == name
        assert text[m.start : m.end] == m.surface and m.sentence == text.strip()
    (m,) = mentions_from_text(note, countries=[country])
    assert m.surface == surface  # as written: the record's value is not changed


def test_c1_quotes_and_possessives_read_as_their_cp1252_twins():
    note = (
        "Gunmen attacked the camp in Benghazi\x92s Ganfouda district.\x94 The \x93Tripoli Good "
        "Project\x94 said Misrata\x92s brigades withdrew to Sirte."
    )
    twin = c1_as_cp1252(note)
    found = mentions_from_text(note, countries=["LY"])
    expected = mentions_from_text(twin, countries=["LY"])
    assert [(m.start, m.end, m.place, m.role, m.sentence_index) for m in found] == [
        (m.start, m.end, m.place, m.role, m.sentence_index) for m in expected
    ]
    assert all(note[m.start : m.end] == m.surface for m in found)
    assert all(m.sentence in note and "\x92" not in c1_as_cp1252(m.sentence) for m in found)
