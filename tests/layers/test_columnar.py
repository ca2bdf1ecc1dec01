"""The page's columnar table (layers/_columnar.py) with the missing values real data has."""

from __future__ import annotations

import pandas as pd
import pytest

from layers._columnar import TableEncoder, decode


@pytest.mark.parametrize("unique", [True, False])
@pytest.mark.parametrize("compact", [True, False])
def test_text_with_pandas_na_and_empty_strings(unique, compact):
    # A string column of real data: pd.NA where a cell was empty, "" where it was blank.
    values = pd.array(["a", pd.NA, "", "b", pd.NA], dtype="string")
    enc = TableEncoder(len(values))
    enc.text("notes", pd.Series(values).astype(object), unique=unique)
    assert decode(enc.payload(compact=compact))["notes"] == ["a", None, None, "b", None]


def test_text_all_missing():
    enc = TableEncoder(2)
    enc.text("x", pd.Series([pd.NA, None], dtype=object), unique=True)
    assert decode(enc.payload(compact=False))["x"] == [None, None]
