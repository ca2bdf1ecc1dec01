"""Country codes from the country names and ISO codes of incident records."""

import pytest

from geo.places.geocode import country_code_from_iso, country_code_from_name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Benin", "BJ"),
        ("Armenia", "AM"),
        ("Democratic Republic of Congo", "CD"),  # ACLED
        ("DR Congo (Zaire)", "CD"),  # UCDP GED
        ("Republic of Congo", "CG"),
        ("Congo", "CG"),  # UCDP: Congo-Brazzaville
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Palestine", "PS"),
        ("Russia (Soviet Union)", "RU"),
        ("Bosnia-Herzegovina", "BA"),
        ("eSwatini", "SZ"),
    ],
)
def test_country_names_of_incident_datasets(gazetteer, name, code):
    assert country_code_from_name(name, gazetteer=gazetteer) == code


@pytest.mark.parametrize("name", ["", "   ", None, 204, "Atlantis", "Paris"])
def test_a_name_that_is_no_country_gives_none(gazetteer, name):
    assert country_code_from_name(name, gazetteer=gazetteer) is None


@pytest.mark.parametrize(
    ("code", "iso2"),
    [(204, "BJ"), ("204", "BJ"), (204.0, "BJ"), ("051", "AM"), ("BEN", "BJ"), ("bj", "BJ")],
)
def test_iso_codes(code, iso2):
    assert country_code_from_iso(code) == iso2


@pytest.mark.parametrize("code", ["", "XX", "999", None, True, 1.5])
def test_unknown_iso_codes_give_none(code):
    assert country_code_from_iso(code) is None
