"""Place names for lookup: normalisation (case, diacritics, punctuation, qualifiers) and the
words that come with names.

Only this module decides what two spellings of a name have in common; the gazetteer index and
every query go through :func:`normalize`. Its word tables are the only ones: the words that
name a kind of feature or qualify a name (:data:`PLACE_WORDS`, from which
:data:`FEATURE_WORDS` and :data:`QUALIFIER_WORDS` derive) and the abbreviations of US states
(:data:`US_STATE_ABBREVIATIONS`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

__all__ = [
    "EXACT_PREFIX",
    "FEATURE_WORDS",
    "NAME_PARTICLES",
    "PLACE_WORDS",
    "QUALIFIER_WORDS",
    "US_STATE_ABBREVIATIONS",
    "PlaceWord",
    "admin_name_variants",
    "arabic_article_variants",
    "exact_key",
    "normalize",
    "query_variants",
    "romanisation_skeleton",
    "transliteration_variants",
]

#: Trailing words of admin names that text usually drops ("Aghjabadi Rayon" -> "Aghjabadi").
_ADMIN_SUFFIXES: Final = (
    " Marz",
    " Rayon",
    " Oblast",
    " Oblast'",
    " Province",
    " Region",
    " Governorate",
    " Prefecture",
    " District",
    " Voivodeship",
    " Krai",
    " Kray",
    " Republic",
    " State",
    " Department",
    " Zone",
)
#: Leading words of the same kind ("Muhafazat Hadramawt", "Sha`biyat Ghat", "Mintaqat Tabuk",
#: "Province du Yagha", "Departamento de Arauca", "Mayorality of Baghdad"); only the longest
#: that matches is dropped.
_ADMIN_PREFIXES: Final = (
    *("Muhafazat ", "Muhafazah ", "Wilayat-e ", "Wilayat ", "Wilaya de ", "Wilaya d'"),
    *("Sha`biyat ", "Mintaqat ", "Baladiyat "),  # Libya's districts, Saudi and Qatari units
    *(
        f"{unit} {of}"
        for unit in (
            "Province",
            "Departement",
            "Département",
            "Prefecture",
            "Préfecture",
            "Region",
            "Région",
            "Cercle",
            "Commune",
            "District",
            "Canton",
            "Arrondissement",
            "Sous-Region",
            "Sous-Région",
            "Gouvernorat",
        )
        for of in ("de la ", "de l'", "du ", "des ", "de ", "d'")
    ),
    *(
        f"{unit} {of}"
        for unit in (
            "Provincia",
            "Departamento",
            "Municipio",
            "Partido",
            "Distrito",
            "Estado",
            "Concelho",
            "Município",
        )
        for of in ("de la ", "del ", "de ", "do ", "da ")
    ),
    *("Provincia di ", "Provincia della ", "Citta metropolitana di "),
    *(
        f"{unit} of "
        for unit in (
            "Province",
            "City",
            "Mayorality",
            "District",
            "County",
            "Municipality",
            "Borough",
        )
    ),
    *("Rrethi i ", "Komuna e ", "Politischer Bezirk "),
)
#: The four directions as admin names write them, one column a language: English, its
#: adjective, French, romanised Arabic, Amharic. GeoNames writes "Northern Darfur", "Shamal
#: Kurdufan", "North-West Province"; conflict data "North Darfur", "North Kordofan",
#: "Nord-Ouest", "Mirab Hararghe" (West Hararghe).
_DIRECTIONS: Final = (
    ("North", "Northern", "Nord", "Shamal", "Semien"),
    ("South", "Southern", "Sud", "Janub", "Debub"),
    ("East", "Eastern", "Est", "Sharq", "Misraq"),
    ("West", "Western", "Ouest", "Gharb", "Mirab"),
)
_DIRECTION_OF: Final = {
    word.lower(): (d, col) for d, row in enumerate(_DIRECTIONS) for col, word in enumerate(row)
}
_COMPASS: Final = re.compile(r"^(north|south)-?(east|west)$", re.IGNORECASE)


def admin_name_variants(name: str) -> list[str]:
    """Return other ways text writes the name of an administrative unit.

    Without a generic first or last word ("Aghjabadi Rayon" -> "Aghjabadi", "Muhafazat
    Hadramawt" -> "Hadramawt"); with its direction words in the other languages of
    :data:`_DIRECTIONS` ("Northern Darfur" -> "North Darfur", "Mirab Darfur", ...; "North-West
    Province" -> "Nord-Ouest"; "Far North" -> "Extreme-Nord"); "-iya" as "-ia" ("Oromiya" ->
    "Oromia"). A direction word alone is never translated: "North Province" gives "North"
    (its generic word dropped) but no "Nord".

    Parameters
    ----------
    name : str
        The unit's name as the gazetteer holds it.

    Returns
    -------
    list of str
        Variants other than ``name``, without repeats.

    Examples
    --------
    >>> from geo.places.names import admin_name_variants
    >>> admin_name_variants("North-West Province")
    ['North-West', 'North West', 'Northwest', 'Nord-Ouest']
    >>> "North Darfur" in admin_name_variants("Northern Darfur")
    True
    """
    bases = [name]
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            bases.append(name[: -len(suffix)])
    prefix = max((p for p in _ADMIN_PREFIXES if name.startswith(p)), key=len, default="")
    if prefix and len(name) > len(prefix) + 3:  # not "Lot" ("Departement du Lot"): a word
        bases.append(name[len(prefix) :])
    out = {base: None for base in bases[1:]}
    for base in bases:
        out.update(dict.fromkeys(_direction_variants(base)))
        if base.endswith("iya") and len(base) > 5:
            out[base[:-3] + "ia"] = None
    out.pop(name, None)
    return list(out)


def _direction_variants(base: str) -> list[str]:
    """:func:`admin_name_variants` of the direction words of one name."""
    words = base.split(" ")
    compass = _COMPASS.match(base)
    if compass:  # "North-West", "Southwest": a unit named by a direction alone
        one, two = (_DIRECTION_OF[w.lower()][0] for w in compass.groups())
        en = (_DIRECTIONS[one][0], _DIRECTIONS[two][0])
        fr = (_DIRECTIONS[one][2], _DIRECTIONS[two][2])
        return [
            f"{en[0]}-{en[1]}",
            f"{en[0]} {en[1]}",
            f"{en[0]}{en[1].lower()}",
            f"{fr[0]}-{fr[1]}",
        ]
    if len(words) == 2 and words[0].lower() == "far" and words[1].lower() in _DIRECTION_OF:
        french = _DIRECTIONS[_DIRECTION_OF[words[1].lower()][0]][2]
        return [f"Extreme-{french}", f"Extrême-{french}"]  # "Far North", Cameroon's Extrême-Nord
    slots = [k for k, w in enumerate(words) if w.lower() in _DIRECTION_OF]
    if not slots or len(slots) == len(words):
        return []
    out = []
    for column in range(len(_DIRECTIONS[0])):
        swapped = list(words)
        for k in slots:
            swapped[k] = _DIRECTIONS[_DIRECTION_OF[words[k].lower()][0]][column]
        out.append(" ".join(swapped))
    return out


# Letters that Unicode does not decompose into a base letter plus a combining mark.
_FOLD = str.maketrans(
    {
        "ə": "e",
        "Ə": "e",
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ʻ": "",
        "ʼ": "",
        "’": "",
        "‘": "",
        "'": "",
        "`": "",
        "´": "",
    }
)


class _Table(dict[int, "str | int | None"]):
    """A complete ``str.translate`` table, filled on first sight of each character.

    A plain dict would raise (and swallow) a KeyError for each character it leaves alone,
    which costs more than the lookup.
    """

    def __init__(self, value_of: Callable[[str], str | None]) -> None:
        super().__init__()
        self._value_of = value_of

    def __missing__(self, code: int) -> str | int | None:
        value = self._value_of(chr(code))
        self[code] = value
        return value


#: :data:`_FOLD` as a complete table.
_FOLD_ALL = _Table(lambda ch: _FOLD.get(ord(ch), ch))
#: Combining marks removed (no key of :data:`_FOLD` is one), :data:`_FOLD` applied.
_STRIP = _Table(lambda ch: None if unicodedata.combining(ch) else _FOLD.get(ord(ch), ch))
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


class PlaceWord(NamedTuple):
    """What a word that comes with place names says (see :data:`PLACE_WORDS`)."""

    #: Feature classes of the gazetteer the word names: "the Lachin corridor" is a
    #: ``corridor``, and "on the road" refers back to one. Empty for generic words.
    classes: tuple[str, ...]
    #: Dropping the word keeps the place: "the Sotk region" is Sotk, "the Lachin
    #: corridor" is not Lachin.
    qualifier: bool


_AREA: Final = ("province", "admin1")
#: Words that come with place names (lower case): the one table of them. The gazetteer's
#: ranking, the geoparser (a capitalised name plus one of these words) and the drafting of
#: incidents (anaphors such as "on the corridor") read it through :data:`FEATURE_WORDS` and
#: :data:`QUALIFIER_WORDS`, or directly for the classes.
PLACE_WORDS: Final[Mapping[str, PlaceWord]] = MappingProxyType(
    {
        "corridor": PlaceWord(("corridor",), qualifier=False),
        "road": PlaceWord(("corridor",), qualifier=False),
        "highway": PlaceWord(("corridor",), qualifier=False),
        "bridge": PlaceWord(("checkpoint",), qualifier=False),
        "checkpoint": PlaceWord(("checkpoint",), qualifier=False),
        "border": PlaceWord(("border",), qualifier=False),
        "region": PlaceWord(("region", *_AREA), qualifier=True),
        "province": PlaceWord(_AREA, qualifier=True),
        "marz": PlaceWord(_AREA, qualifier=True),  # Armenia's provinces
        "oblast": PlaceWord(_AREA, qualifier=True),
        "rayon": PlaceWord(_AREA, qualifier=True),  # Azerbaijan's districts
        "district": PlaceWord((), qualifier=True),
        "area": PlaceWord((), qualifier=True),
        "village": PlaceWord((), qualifier=True),
        "town": PlaceWord((), qualifier=True),
        "city": PlaceWord((), qualifier=True),
    }
)
#: Lower-case words inside place names, between capitalised ones: "Rio de Janeiro", "Boucle
#: du Mouhoun", "San Jose del Guaviare", "Tajura wa an Nawahi al Arba". Not English words
#: that stand between two names in a sentence ("Sotk an Armenian village", "Kut and Tegh").
NAME_PARTICLES: Final[frozenset[str]] = frozenset(
    "de del della dei di du des da do dos das la le les el al wa y".split()
)
#: Words naming a kind of feature (:data:`PLACE_WORDS` with classes).
FEATURE_WORDS: Final[frozenset[str]] = frozenset(w for w, p in PLACE_WORDS.items() if p.classes)
#: Trailing words that qualify a place without changing which place it is ("the Sotk region").
QUALIFIER_WORDS: Final[frozenset[str]] = frozenset(w for w, p in PLACE_WORDS.items() if p.qualifier)

#: AP-style abbreviations of US states, as US news writes them ("Wichita, Kan.").
US_STATE_ABBREVIATIONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "Alabama": ("Ala.",),
        "Arizona": ("Ariz.",),
        "Arkansas": ("Ark.",),
        "California": ("Calif.",),
        "Colorado": ("Colo.",),
        "Connecticut": ("Conn.",),
        "Delaware": ("Del.",),
        "Florida": ("Fla.",),
        "Georgia": ("Ga.",),
        "Illinois": ("Ill.",),
        "Indiana": ("Ind.",),
        "Kansas": ("Kan.", "Kans."),
        "Kentucky": ("Ky.",),
        "Louisiana": ("La.",),
        "Maryland": ("Md.",),
        "Massachusetts": ("Mass.",),
        "Michigan": ("Mich.",),
        "Minnesota": ("Minn.",),
        "Mississippi": ("Miss.",),
        "Missouri": ("Mo.",),
        "Montana": ("Mont.",),
        "Nebraska": ("Neb.",),
        "Nevada": ("Nev.",),
        "New Hampshire": ("N.H.",),
        "New Jersey": ("N.J.",),
        "New Mexico": ("N.M.",),
        "New York": ("N.Y.",),
        "North Carolina": ("N.C.",),
        "North Dakota": ("N.D.",),
        "Oklahoma": ("Okla.",),
        "Oregon": ("Ore.",),
        "Pennsylvania": ("Pa.",),
        "Rhode Island": ("R.I.",),
        "South Carolina": ("S.C.",),
        "South Dakota": ("S.D.",),
        "Tennessee": ("Tenn.",),
        "Texas": ("Tex.",),
        "Vermont": ("Vt.",),
        "Virginia": ("Va.",),
        "Washington": ("Wash.",),
        "West Virginia": ("W.Va.", "W. Va."),
        "Wisconsin": ("Wis.",),
        "Wyoming": ("Wyo.",),
    }
)
_LEADING = ("near ", "around ", "outside ", "the ", "in ", "at ")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_POSSESSIVE_ENDS = ("'", "’", "'s", "’s")


def normalize(name: str) -> str:
    """Return the lookup key of a place name.

    Lower-cases (Unicode case folding), removes diacritics (``Laçın`` -> ``lacin``,
    ``Xankəndi`` -> ``xankendi``), drops apostrophes and turns every other run of
    punctuation or white space into one space. Non-Latin scripts are kept as they are
    (case-folded), so ``Սոթք`` stays a key of its own.

    Parameters
    ----------
    name : str
        Any string; control characters and punctuation are harmless.

    Returns
    -------
    str
        The key; empty when ``name`` holds no letters or digits.
    """
    if name.isascii():  # fast paths: most queries and most GeoNames names
        text = name.lower()
        if text.isalpha():  # one plain word ("Sotk")
            return text
        if text.replace(" ", "").isalnum():  # plain words ("New York")
            if "  " in text or text[0] == " " or text[-1] == " ":
                text = " ".join(text.split())
            return text
        if "'" in text or "`" in text:
            text = text.replace("'", "").replace("`", "")
    else:
        text = unicodedata.normalize("NFKD", name.translate(_FOLD_ALL))
        text = text.translate(_STRIP).casefold()
    text = _NON_WORD.sub(" ", text)
    if "_" in text:
        text = _SPACES.sub(" ", text.replace("_", " "))
    return text.strip()


#: Marks an exact key in the index (no normalised key holds it: punctuation becomes a space).
EXACT_PREFIX: Final = "="
_APOSTROPHES = str.maketrans({ch: "" for ch in "ʻʼ’‘'`´"})


def exact_key(name: str) -> str:
    """Return the exact lookup key of a name written with letters that :func:`normalize` folds.

    Case-folded and with apostrophes and punctuation treated as :func:`normalize` treats them,
    but with its diacritics and special letters kept (``Şuşa`` -> ``=şuşa``, ``Laçın`` ->
    ``=laçın``), behind :data:`EXACT_PREFIX`. The gazetteer indexes such a key for every
    name that has one, and a query written the same way finds it before the folded key:
    the exact spelling of Shusha is not Sousse's folded "Susa".

    Parameters
    ----------
    name : str
        A place name.

    Returns
    -------
    str
        The exact key, or ``""`` when the name has nothing that folding changes (an ASCII or
        non-Latin name: its normalised key is already exact).

    Examples
    --------
    >>> exact_key("Şuşa"), exact_key("Laçın"), exact_key("Shusha")
    ('=şuşa', '=laçın', '')
    """
    if name.isascii():
        return ""
    # "İ" case-folds to "i" plus a combining dot above, which no precomposed letter holds.
    text = name.translate(_APOSTROPHES).casefold().replace("i\u0307", "i")
    text = unicodedata.normalize("NFC", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    text = " ".join(text.split())
    if not text or text == normalize(name):
        return ""
    return EXACT_PREFIX + text


def query_variants(name: str, *, normalized: str | None = None) -> list[tuple[str, str]]:
    """Return the lookup keys to try for a query, most literal first.

    Each variant comes with a short label of what was removed, so that a caller can lower
    the precision of the answer ("near Sotk" is not Sotk itself).

    Parameters
    ----------
    name : str
        The query as written, for example ``"near Sotk"``, ``"Armenia's"`` or
        ``"the Nagorno-Karabakh region"``.
    normalized : str, optional, keyword-only
        ``normalize(name)`` when the caller has it already (saves normalising twice).

    Returns
    -------
    list of (str, str)
        ``(key, qualifier)`` pairs; ``qualifier`` is ``""`` for the literal key, else the
        removed words (``"near"``, ``"region"``...).
    """
    stem = name.strip()
    if normalized is None or stem.endswith(_POSSESSIVE_ENDS):
        # Inner runs of white space do not matter: normalize() turns them into one space.
        normalized = normalize(_POSSESSIVE.sub("", stem))
    key = normalized
    if not key:
        return []
    if not key.startswith(_LEADING) and key.rpartition(" ")[2] not in QUALIFIER_WORDS:
        return [(key, "")]  # nothing to strip (most names)
    out: dict[str, str] = {key: ""}  # key -> qualifier, in the order found
    qualifiers: list[str] = []
    lowered = key
    changed = True
    while changed:
        changed = False
        for lead in _LEADING:
            if lowered.startswith(lead):
                lowered = lowered[len(lead) :]
                if lead.strip() != "the":
                    qualifiers.append(lead.strip())
                changed = True
        words = lowered.split(" ")
        if len(words) > 1 and words[-1] in QUALIFIER_WORDS:
            qualifiers.append(words[-1])
            lowered = " ".join(words[:-1])
            changed = True
        if lowered:
            out.setdefault(lowered, " ".join(qualifiers))
    return list(out.items())


#: Romanisation pairs of the region (Azerbaijani / Armenian / Russian spellings): the first
#: spelling of a pair is tried as the second when a name is not found as written.
_TRANSLITERATIONS: tuple[tuple[str, str], ...] = (
    ("x", "kh"),
    ("kh", "x"),
    ("sh", "s"),
    ("ch", "c"),
    ("gh", "g"),
    ("zh", "j"),
    ("j", "dzh"),
    ("dzh", "c"),
    ("q", "g"),
    ("q", "k"),
    ("g", "q"),
    ("ts", "c"),
    ("y", "i"),
    ("ye", "e"),
    ("e", "ye"),
)


#: The Arabic article assimilated to a sun letter, as GeoNames writes it ("As Sukhnah",
#: "Ash Shirqat", "An Nabk", "Jisr ash Shughur"); reports often write "al-" instead.
_ASSIMILATED: Final = frozenset({"ash", "ath", "adh", "at", "ad", "ar", "az", "as", "an"})


def _sun_letters(word: str) -> str:
    """The sun letter(s) a word starts with ("sh" of "shughur", "n" of "nabk"), else ``""``."""
    if len(word) > 2 and word[:2] in ("sh", "th", "dh"):
        return word[:2]
    return word[0] if len(word) > 1 and word[0] in "tdrzsn" else ""


def arabic_article_variants(key: str, *, el: bool = False) -> list[str]:
    """Other spellings of a key's Arabic articles before sun letters, most likely first.

    Reports write the article as "al-" whatever follows ("al-Nabk", "Jisr al-Shughur",
    "al-Tarmiyah"); GeoNames mostly writes it as it is said, assimilated to a sun letter
    ("An Nabk", "Jisr ash Shughur", "At Tarmiyah"), and sometimes the other way ("Al-Shirqat"
    for "Ash Shirqat"). Returns the key with every "al" before a sun letter assimilated,
    and the key with every assimilated article written "al"; only the ones that differ.

    Parameters
    ----------
    key : str
        A normalised key (:func:`normalize`): "jisr al shughur".
    el : bool, keyword-only
        Read "el" as the article too ("el-Nabk"); for names that write it joined with a
        hyphen, since "El Salvador" or "El Toro" are Spanish.

    Examples
    --------
    >>> arabic_article_variants("jisr al shughur")
    ['jisr ash shughur']
    >>> arabic_article_variants("ash shirqat")
    ['al shirqat']
    >>> arabic_article_variants("al bab")
    []
    """
    tokens = key.split(" ")
    if len(tokens) < 2:
        return []
    assimilated, plain = list(tokens), list(tokens)
    for k in range(len(tokens) - 1):
        word, sun = tokens[k], _sun_letters(tokens[k + 1])
        if not sun:
            continue
        if word == "al" or (el and word == "el"):
            assimilated[k] = "a" + sun
        elif word in _ASSIMILATED and word[1:] == sun:
            plain[k] = "al"
    return [v for v in (" ".join(assimilated), " ".join(plain)) if v != key]


def transliteration_variants(key: str) -> list[str]:
    """Return other romanisations of a normalised key ("xankendi" -> "khankendi", ...).

    Each variant replaces every occurrence of one spelling by another; variants are tried
    only after the key itself was not found, so they never shadow a real name.
    """
    out: list[str] = []
    for source, target in _TRANSLITERATIONS:
        if source in key:
            variant = key.replace(source, target)
            if variant not in out:  # never the key itself: source != target
                out.append(variant)
    return out


#: Letters the romanisation pairs exchange, made equal: h, d, t, y and i dropped; x, q, g, k -> k;
#: c, j, z, s -> s. Each pair of :data:`_TRANSLITERATIONS` has one skeleton on both sides.
_SKELETON = _Table(
    lambda ch: "" if ch in "hdtyi" else "k" if ch in "xqgk" else "s" if ch in "cjzs" else ch
)


def romanisation_skeleton(key: str) -> str:
    """Return what a normalised key has in common with all its romanisation variants.

    Both spellings of every pair of :data:`_TRANSLITERATIONS` have the same skeleton, and a
    variant replaces one spelling by the other, so ``key`` and each of its
    :func:`transliteration_variants` share a skeleton. A key whose skeleton no indexed name
    has therefore has no variant in the index either (one probe instead of one a variant).
    """
    return key.translate(_SKELETON)
