"""English demonyms and country adjectives -> ISO 3166-1 alpha-2 codes (hand-compiled).

"Azerbaijani forces" names an actor, not a place: the geoparser reports such words as
mentions with role ``demonym`` (so the actor's country is known) and never as places on the
map. Evaluation corpora such as LGL and TR-News annotate them as toponyms; ``bordermap eval
--demonyms`` counts them.
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEMONYMS"]

_TABLE = """
AF Afghan|Afghani
AL Albanian
DZ Algerian
AO Angolan
AR Argentine|Argentinian|Argentinean
AM Armenian
AU Australian
AT Austrian
AZ Azerbaijani|Azeri|Azerbaijanian
BH Bahraini
BD Bangladeshi
BY Belarusian|Belarussian
BE Belgian
BO Bolivian
BA Bosnian
BR Brazilian
BG Bulgarian
KH Cambodian
CM Cameroonian
CA Canadian
CL Chilean
CN Chinese
CO Colombian
CD Congolese
HR Croatian
CU Cuban
CY Cypriot
CZ Czech
DK Danish
DO Dominican
EC Ecuadorian|Ecuadorean
EG Egyptian
SV Salvadoran
EE Estonian
ET Ethiopian
FI Finnish
FR French
GE Georgian
DE German
GH Ghanaian
GR Greek
GT Guatemalan
HT Haitian
HN Honduran
HU Hungarian
IS Icelandic
IN Indian
ID Indonesian
IR Iranian|Persian
IQ Iraqi
IE Irish
IL Israeli
IT Italian
JM Jamaican
JP Japanese
JO Jordanian
KZ Kazakh|Kazakhstani
KE Kenyan
KP North Korean
KR South Korean
KW Kuwaiti
KG Kyrgyz
LV Latvian
LB Lebanese
LY Libyan
LT Lithuanian
MK Macedonian
MY Malaysian
MX Mexican
MD Moldovan
MN Mongolian
ME Montenegrin
MA Moroccan
NP Nepalese|Nepali
NL Dutch
NZ New Zealander
NI Nicaraguan
NG Nigerian
NO Norwegian
OM Omani
PK Pakistani
PS Palestinian
PA Panamanian
PY Paraguayan
PE Peruvian
PH Filipino|Philippine
PL Polish
PT Portuguese
QA Qatari
RO Romanian
RU Russian
RW Rwandan
SA Saudi|Saudi Arabian
RS Serbian
SG Singaporean
SK Slovak
SI Slovenian
SO Somali
ZA South African
ES Spanish
LK Sri Lankan
SD Sudanese
SE Swedish
CH Swiss
SY Syrian
TW Taiwanese
TJ Tajik
TZ Tanzanian
TH Thai
TN Tunisian
TR Turkish
TM Turkmen
UG Ugandan
UA Ukrainian
AE Emirati
GB British|English|Scottish|Welsh
US American
UY Uruguayan
UZ Uzbek
VE Venezuelan
VN Vietnamese
YE Yemeni
ZM Zambian
ZW Zimbabwean
BJ Beninese
BF Burkinabe|Burkinabè
BI Burundian
BW Botswanan
CV Cape Verdean
TD Chadian
DJ Djiboutian
GQ Equatorial Guinean
ER Eritrean
GA Gabonese
GM Gambian
GN Guinean
CI Ivorian
LR Liberian
MG Malagasy
MW Malawian
ML Malian
MR Mauritanian
MZ Mozambican
NA Namibian
NE Nigerien
PG Papua New Guinean
SN Senegalese
SL Sierra Leonean
SS South Sudanese
SZ Swazi
TG Togolese
"""

#: Lower-cased demonym -> ISO alpha-2 code.
DEMONYMS: Final[dict[str, str]] = {
    name.lower(): line.split(" ", 1)[0]
    for line in _TABLE.strip().splitlines()
    for name in line.split(" ", 1)[1].split("|")
}
