"""The curated reference features shipped in geo/data (geo.places.reference)."""

from geo.places.reference import reference_features


def test_reference_geometries():
    features = reference_features().set_index("place_id")
    assert features.loc["bm:nagorno-karabakh"].geometry.geom_type == "Polygon"
    assert features.loc["bm:lachin-corridor"].geometry.geom_type == "LineString"
    assert features.loc["border:AM-AZ"].geometry.geom_type in ("LineString", "MultiLineString")


def test_reference_features_are_the_curated_features_of_the_gazetteer(gazetteer):
    features = reference_features()
    assert features.crs.to_string() == "EPSG:4326"
    assert features["place_id"].is_unique
    for row in features.itertuples():
        place = gazetteer.get(row.place_id)
        assert (place.name, place.feature_class) == (row.name, row.feature_class)
        assert place.geometry.equals(row.geometry)
