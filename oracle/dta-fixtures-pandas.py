"""Writes the .dta fixtures of every storage type in both byte orders with pandas' StataWriter
(Debian python3-pandas 1.5.3):  /usr/bin/python3 oracle/dta-fixtures-pandas.py
The expected values are in test/fixtures/data/formats/types.csv (written here too)."""
import numpy as np
import pandas as pd

out = "test/fixtures/data/formats"
d = pd.DataFrame({
    "b": np.array([-127, 0, 100, 5], dtype=np.int8),
    "i": np.array([-32767, 0, 32740, 7], dtype=np.int16),
    "l": np.array([-2147483647, 0, 2147483620, 9], dtype=np.int32),
    "f": np.array([0.1, -1.5, 3.25e10, np.nan], dtype=np.float32),
    "d": np.array([0.1, -1.5e-300, np.nan, 2.0 ** 52 + 1], dtype=np.float64),
    "s": ["alpha", "", "Zürich", "x" * 100],
    "lng": ["short", "y" * 3000, "", "z"],
    "cat": pd.Categorical(["med", "low", "high", "low"], categories=["low", "med", "high"]),
})
labels = {"b": "a byte", "d": "a double", "cat": "ordered category"}
for version in (114, 117, 118, 119):
    for order, tag in (("<", "le"), (">", "be")):
        frame = d if version >= 117 else d.assign(lng=d["lng"].str.slice(0, 200))
        extra = {"convert_strl": ["lng"]} if version >= 117 else {}
        frame.to_stata(
            f"{out}/types_{version}_{tag}.dta", write_index=False, version=version, byteorder=order,
            variable_labels=labels, **extra,
        )
