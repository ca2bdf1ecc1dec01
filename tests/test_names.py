import pytest

from geo._names import normalize, query_variants


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Laçın", "lacin"),
        ("Xankəndi", "xankendi"),
        ("Şuşa", "susa"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("  NAGORNO   karabakh ", "nagorno karabakh"),
        ("U.S.", "u s"),
        ("Սոթք", "սոթք"),
        ("\x00\x07", ""),
    ],
)
def test_normalize(raw, key):
    assert normalize(raw) == key


def test_query_variants_strip_qualifiers_and_say_so():
    assert ("sotk", "region") in query_variants("the Sotk region")
    assert ("sotk", "near") in query_variants("near Sotk")
    assert query_variants("Armenia's")[0] == ("armenia", "")
    assert query_variants("Armenia’s")[0] == ("armenia", "")
    assert ("lachin corridor", "") in query_variants("the Lachin corridor")
    assert query_variants("   ") == []
