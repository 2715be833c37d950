"""The reference page of tools/browser_timings.py: a bare Streamlit page with what the project's pages draw, and
nothing of the project (no import of its packages, no cache, no database).

    .venv/bin/python -m streamlit run tools/reference_page.py

A title, one plotly line chart (300 points), one pydeck map (a ScatterplotLayer of 300 points around Malmö, with no
basemap, as the project's maps draw offline: indicators/render/maps.py) and one table (st.dataframe, 50 rows). The
data is generated from a fixed seed, so every run draws the same page.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import pydeck as pdk
import streamlit as st

rng = np.random.default_rng(23)

st.title("Referenssida")

months = pd.date_range("2000-01-01", periods=300, freq="MS")
series = pd.DataFrame({"månad": months, "värde": 50 + rng.normal(0, 1, len(months)).cumsum()})
st.plotly_chart(px.line(series, x="månad", y="värde"), config={"displaylogo": False})

lon, lat = 13.0 + rng.normal(0, 0.03, 300), 55.6 + rng.normal(0, 0.015, 300)
points = pd.DataFrame({"position": [[float(x), float(y)] for x, y in zip(lon, lat, strict=True)]})
points["colour"] = [[0, 114, 178]] * len(points)
layer = pdk.Layer(
    "ScatterplotLayer",
    data=points.to_dict("records"),
    id="points",
    get_position="position",
    get_fill_color="colour",
    get_line_color=[255, 255, 255],
    stroked=True,
    line_width_min_pixels=1,
    radius_units='"pixels"',
    get_radius=6,
    pickable=True,
)
deck = pdk.Deck(
    layers=[layer],
    initial_view_state=pdk.ViewState(longitude=13.0, latitude=55.6, zoom=11),
    map_provider=None,
    map_style=None,
)
st.pydeck_chart(deck, height=420, width="stretch")

table = pd.DataFrame(
    {
        "område": [f"Område {i + 1}" for i in range(50)],
        "värde": rng.integers(0, 1000, 50),
        "andel": rng.random(50).round(3),
        "källa": rng.choice(["Polisen", "Fastighetsägarna", "Malmö stad"], 50),
    }
)
st.dataframe(table, hide_index=True, width="stretch")
