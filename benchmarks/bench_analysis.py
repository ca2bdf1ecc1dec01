"""Border-proximity benchmark: geodesic distance to the border + province join, 10k to 1M incidents.

Input: N synthetic points (seeded RNG, uniform over lon 43.5–47.5°E, lat 38.5–41.5°N: Armenia,
western Azerbaijan, Nakhchivan and bits of Georgia, Turkey and Iran) as a GeoDataFrame in
EPSG:4326. Each size runs in its own child process (peak memory = its ``ru_maxrss``).

- **bordermap**: ``border_distances_from_incidents`` + ``provinces_from_incidents``
  (vectorised). The one-time preparation per process (reading the border and the province
  polygons, the grid of candidate border segments) runs before the clock starts and is
  reported in the note.
- **baseline**, in the same child: a per-row Python loop over the *same* shapely geometries
  (the border line and the province polygons, prepared): per incident, project the point to
  UTM 38N, ``shapely.ops.nearest_points`` on the border, back to lon/lat, ``Geod.inv``,
  the side by ``contains`` on the two country polygons, then ``contains`` on each province
  polygon. It runs on a sample of 5,000 incidents and its time is **scaled linearly** to N.

``--quick`` runs 10k and 100k.
"""

from __future__ import annotations

from _harness import Row, child

SAMPLE = 5_000

CODE = """
import time
import numpy as np, geopandas as gpd, shapely
from shapely.ops import nearest_points
from pyproj import Geod, Transformer
import geo.analysis.border as ga

n, sample = {n}, {sample}
rng = np.random.default_rng(0)
lon = rng.uniform(43.5, 47.5, n); lat = rng.uniform(38.5, 41.5, n)
gdf = gpd.GeoDataFrame({{"event_id_cnty": np.arange(n).astype(str)}},
                       geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")

t = time.perf_counter()
ga._border(); ga._border_grid(); ga._country("AM"); ga._country("AZ")
polygons = ga.province_polygons()
prep = time.perf_counter() - t

t = time.perf_counter()
out = ga.provinces_from_incidents(ga.border_distances_from_incidents(gdf), polygons=polygons)
ours = time.perf_counter() - t

# baseline: a per-row loop over the same geometries, on a sample
features = ga.reference_features()
line = features.loc[features["place_id"] == ga.BORDER_ID, "geometry"].iloc[0]
to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True)
line_utm = shapely.transform(line, lambda xy: np.column_stack(to_utm.transform(xy[:, 0], xy[:, 1])))
am, az = ga._country("AM"), ga._country("AZ")
provs = list(zip(polygons["province_id"], polygons.geometry))
for _, g in provs:
    shapely.prepare(g)
geod = Geod(ellps="WGS84")
m = min(n, sample)
base_km, base_prov = [], []
t = time.perf_counter()
for geom in gdf.geometry.iloc[:m]:
    x, y = to_utm.transform(geom.x, geom.y)
    foot = nearest_points(line_utm, shapely.Point(x, y))[0]
    flon, flat = to_utm.transform(foot.x, foot.y, direction="INVERSE")
    base_km.append(geod.inv(geom.x, geom.y, flon, flat)[2] / 1000)
    side = "Armenia" if am.contains(geom) else "Azerbaijan" if az.contains(geom) else "other"
    found = None
    for pid, poly in provs:
        if poly.contains(geom):
            found = pid
            break
    base_prov.append(found)
base = (time.perf_counter() - t) * n / m
diff = float(np.max(np.abs(np.array(base_km) - out["border_km"].to_numpy()[:m])))
emit(seconds=ours, baseline=base, prep=prep, max_km_diff=diff)
"""


def run(*, quick: bool = False) -> list[Row]:
    """The analysis rows of the results table."""
    rows: list[Row] = []
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    for n in sizes:
        r = child(CODE.format(n=n, sample=SAMPLE))
        rows.append(
            Row(
                "border distance (geodesic) + side + province join",
                f"{n:,} incidents",
                r["seconds"],
                r["peak_mb"],
                f"per-row shapely loop (sample of {min(n, SAMPLE):,}, scaled to N)",
                r["baseline"],
                note=f"{r['seconds'] / n * 1e6:.2f} µs/incident; one-time preparation "
                f"{r['prep']:.1f} s not timed; max |Δkm| vs loop {r['max_km_diff']:.4f}",
                rate=f"{n / r['seconds'] / 1e6:.2f} M/s",
            )
        )
    return rows
