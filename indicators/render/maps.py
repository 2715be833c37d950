"""Maps (pydeck): a choropleth of one indicator and period, activity points, and Malmö's district outlines.

Readable with no basemap and no network: deck.gl is bundled in Streamlit, the outlines come from ``data/geo``.
A web basemap is drawn only when the setting asks for it. Tooltips are plain text (never HTML), built here per row.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from indicators.base.formatting import DECIMALS, date, figure, number
from indicators.base.i18n import t
from indicators.base.models import DEMO_SOURCE
from indicators.render.html import render
from indicators.render.tables import HIDDEN_REASON, value_with_unit
from indicators.rules.status import SYMBOLS, Thresholds, assess
from indicators.rules.units import unit

#: pydeck reads a bare string as an accessor expression; a quoted one is the string itself.
PIXELS, AUTO, BREAK_WORD = '"pixels"', '"auto"', '"break-word"'
#: The area names' font: the page's own (Streamlit's theme), quoted so that pydeck passes it as it is.
NAME_FONT = "'\"Source Sans\", sans-serif'"
#: The widest an area's name runs before it wraps, in multiples of its size (12 px: 120 px).
NAME_MAX_EM = 10

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
MALMO_OUTLINES = DATA_DIR / "geo" / "malmo_delomraden_wgs84.geojson"

#: ColorBrewer "Blues" (sequential, colour-blind safe); darker = higher value, whatever the good direction.
CLASS_COLOURS = [(239, 243, 255), (189, 215, 231), (107, 174, 214), (49, 130, 189), (8, 81, 156)]
NO_VALUE_COLOUR = (217, 217, 217)
#: Okabe–Ito colours per activity type (the legend names them; the tooltip and table say the type in words).
ACTIVITY_COLOURS = {
    "patrol": (0, 114, 178),
    "safety_walk": (213, 94, 0),
    "cleaning": (0, 158, 115),
    "citizen_dialogue": (204, 121, 167),
    "school_visit": (230, 159, 0),
    "camera_installed": (0, 0, 0),
    "inspection": (86, 180, 233),
    "meeting": (120, 120, 120),
    "other": (120, 120, 120),
}


class Deck(pdk.Deck):
    """pydeck's Deck serialised without indentation: pydeck indents its JSON, which makes a city's polygons four
    times the bytes to build, hash (Streamlit keys the element by it) and send."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


@dataclass(frozen=True)
class BuiltDeck:
    """A deck laid out and serialised once, holding what ``st.pydeck_chart`` reads of a deck (its JSON and
    tooltip). The map builders below return one, cached per data version: a city's polygons are costly to
    serialise on every rerun, and this pickles as one string."""

    json: str
    _tooltip: dict[str, Any] | bool | None = None
    mapbox_key: str | None = None

    @classmethod
    def of(cls, deck: pdk.Deck) -> BuiltDeck:
        return cls(deck.to_json(), getattr(deck, "_tooltip", None))

    def to_json(self) -> str:
        return self.json


def built(rows: pd.DataFrame, deck: pdk.Deck) -> tuple[pd.DataFrame, BuiltDeck]:
    """What a page keeps of a map it shows: the rows for the legend and the table, without the shapes (they are
    in the deck already, and a city's polygons are slow to copy out of a cache), and the serialised deck."""
    return rows.drop(columns="geometry"), BuiltDeck.of(deck)


@dataclass(frozen=True)
class LegendEntry:
    colour: tuple[int, int, int]
    label: str


def _rings(geometry: dict[str, Any] | None) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon."""
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _rounded(ring: list[list[float]], decimals: int = 4) -> list[tuple[float, float]]:
    """A ring rounded to about 10 m, repeated points dropped: what a district map needs, a fraction of the bytes."""
    points: list[tuple[float, float]] = []
    for lon, lat in ring:
        point = (round(lon, decimals), round(lat, decimals))
        if not points or points[-1] != point:
            points.append(point)
    return points


@functools.lru_cache(maxsize=2)
def _outlines(path: Path = MALMO_OUTLINES) -> tuple[tuple[str, tuple[tuple[float, float], ...]], ...]:
    if not path.exists():
        return ()
    features = orjson.loads(path.read_bytes())["features"]
    return tuple(
        (str(f["properties"].get("do_kod", "")), tuple(_rounded(ring)))
        for f in features
        for ring in _rings(f["geometry"])
    )


def malmo_outlines(skip: frozenset[str] = frozenset()) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every Malmö district's outline (context only), read once per process; ``skip`` the districts drawn anyway."""
    return tuple(ring for code, ring in _outlines() if code not in skip)


def shading(values: Iterable[Any], unit_code: str) -> tuple[list[float], int | None]:
    """A map's class breaks over its values (:func:`classes`), and the decimals they lie on: the unit's, as its
    values are shown, unless a value is too large for its steps to be counted exactly (then none: an absurd figure
    stored before its bound still shows a map). A value that is no finite number gets no class."""
    numbers = [float(v) for v in values if _shaded(v)]
    decimals: int | None = DECIMALS.get(unit_code, 2)
    if numbers and max(abs(v) for v in numbers) * 10 ** (decimals or 0) >= 2**52:
        decimals = None
    return classes(numbers, decimals=decimals), decimals


def _shaded(value: Any) -> bool:
    """Whether a map value gets a colour class: a finite number (not missing, not infinite)."""
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def classes(values: list[float], count: int = 5, decimals: int | None = None) -> list[float]:
    """Equal-interval class breaks (count + 1 edges) over the values; one class when all are equal. With
    ``decimals`` (the unit's, as the values are shown) the breaks lie on the shown values' steps (0,1 for one
    decimal), each inner one rounded up: a class then holds exactly the shown values its legend names."""
    if not values:
        return []
    if decimals is not None:
        steps = [_step(v, decimals) for v in values]
        first, last = min(steps), max(steps)
        width = (last - first) / count
        inner = [first + math.ceil(round(i * width, 6)) for i in range(1, count)] if last > first else []
        return [s / 10**decimals for s in [first, *inner, last]]
    low, high = min(values), max(values)
    if math.isclose(low, high):
        return [low, high]
    step = (high - low) / count
    return [low + i * step for i in range(count)] + [high]


def _step(value: float, decimals: int) -> int:
    """A value as shown with ``decimals`` (as :func:`indicators.base.formatting.number` rounds it), counted in steps
    of the last decimal: 19,14 with one decimal is step 191."""
    return round(round(value, decimals) * 10**decimals)


def class_of(value: float, edges: list[float], decimals: int | None = None) -> int:
    """The colour class of a value (edges from :func:`classes`; with ``decimals``, the value as shown)."""
    shown = value if decimals is None else _step(value, decimals)
    for i in range(len(edges) - 2, -1, -1):
        edge = edges[i] if decimals is None else _step(edges[i], decimals)
        if shown >= edge:
            return i if len(edges) > 2 else len(CLASS_COLOURS) - 1
    return 0


def area_rows(values: pd.DataFrame, ind: dict[str, Any], lang: str = "sv", period: str | None = None) -> pd.DataFrame:
    """One row per area with the value as shown, n, the status against the target, and the colour class.

    The status is the indicator's rule against its own baseline; the pace since the baseline needs the map's
    ``period`` (or a ``period`` column): without it, a value short of the target is slow, or deteriorating when it
    moved away from it."""
    edges, decimals = shading(values["value"], ind["unit"])
    thresholds = Thresholds.of(ind.get("progress"))
    rows = []
    for r in values.itertuples(index=False):
        value = None if pd.isna(r.value) else float(r.value)
        own_period = getattr(r, "period", None)
        result = assess(
            value,
            ind.get("target_value"),
            ind.get("baseline_value"),
            ind["direction"],
            period=own_period if isinstance(own_period, str) else period,
            base_period=ind.get("baseline_period"),
            target_period=ind.get("target_period"),
            n=None if pd.isna(r.n) else float(r.n),
            unit=ind.get("unit"),
            thresholds=thresholds,
        )
        status_text = f"{SYMBOLS[result.status]} {t(f'status.{result.status.value}', lang)}"
        if r.status_code in HIDDEN_REASON:  # why it is hidden, as the table says ("no data" told otherwise)
            status_text = t(HIDDEN_REASON[r.status_code], lang)
        shown = value_with_unit(r.value, r.status_code, ind["unit"], lang, ind.get("categories"))
        if r.source == DEMO_SOURCE:
            shown += f" ({t('demo.label', lang).lower()})"
        if r.review_state == "submitted":
            shown += f" ({t('map.preliminary', lang)})"
        n_text = "" if pd.isna(r.n) else number(int(r.n), lang)
        rows.append(
            {
                "code": r.code,
                "name": r.name,
                "value": value,
                "status_code": r.status_code if isinstance(r.status_code, str) else None,
                "value_text": shown,
                "n": None if pd.isna(r.n) else int(r.n),
                "n_text": n_text,
                "status": result.status.value,
                "status_text": status_text,
                "source": r.source if isinstance(r.source, str) else "",
                "colour_class": class_of(value, edges, decimals) if value is not None and _shaded(value) else None,
                "geometry": r.geometry,
                "centroid": [r.centroid_lon, r.centroid_lat],
            }
        )
    return pd.DataFrame(rows)


def legend(rows: pd.DataFrame, ind: dict[str, Any], lang: str = "sv") -> list[LegendEntry]:
    """The colour classes, each named by the shown values it holds ("13,9 – 19,0 %", "19,1 – 24,2 %"; "7 – 9
    personer", never a break such as "6,4"; a category by its name, as the tooltip names it), plus the no-value
    colour."""
    values = list(rows["value"]) if len(rows) else []
    edges, decimals = shading(values, ind["unit"])
    u = unit(ind["unit"])
    # a range names its unit once, after both ends ("43 – 46", "13,9 – 19,0 %", "2,5 – 4,0 timmar")
    suffix = ("%" if lang == "en" else "\u00a0%") if u.percent else u.suffix(lang)
    entries = []
    names = ind.get("categories")
    if u.categorical and isinstance(names, dict) and decimals is not None:
        for v in sorted({float(v) for v in values if _shaded(v)}):
            entries.append(
                LegendEntry(CLASS_COLOURS[class_of(v, edges, decimals)], figure(v, None, ind["unit"], lang, names))
            )
    elif decimals is None:  # beyond exact steps: the breaks themselves
        for i in range(len(edges) - 1):
            ends = dict.fromkeys((number(edges[i], lang), number(edges[i + 1], lang)))
            entries.append(
                LegendEntry(CLASS_COLOURS[-1] if len(edges) == 2 else CLASS_COLOURS[i], f"{' – '.join(ends)}{suffix}")
            )
    else:
        steps = [_step(e, decimals) for e in edges]
        for i in range(len(steps) - 1):
            low = steps[i]
            high = steps[-1] if i == len(steps) - 2 else steps[i + 1] - 1  # the last class holds its top
            if low <= high:  # a class no shown value can fall in is left out
                ends = dict.fromkeys(number(x / 10**decimals, lang, decimals) for x in (low, high))
                colour = CLASS_COLOURS[-1] if len(steps) == 2 else CLASS_COLOURS[i]
                entries.append(LegendEntry(colour, f"{' – '.join(ends)}{suffix}"))
    if sum(_shaded(v) for v in values) < len(values):
        entries.append(LegendEntry(NO_VALUE_COLOUR, t("map.no_value", lang)))
    return entries


def legend_html(entries: list[LegendEntry], title: str) -> str:
    """The colour classes as swatches with their labels (HTML for a page, from ``templates/legend.html.j2``)."""
    return render("legend.html.j2", entries=entries, title=title, points=False)


def activity_legend(activities: pd.DataFrame, types: list[str], lang: str = "sv") -> list[LegendEntry]:
    """The activity types shown that have a point on the map, in ``types``' order: colour, name and how many."""
    placed = activities[activities["lon"].notna()] if len(activities) else activities
    counts = {ty: int((placed["type"] == ty).sum()) for ty in types} if len(placed) else {}
    return [
        LegendEntry(ACTIVITY_COLOURS.get(ty, (120, 120, 120)), f"{t(f'activity.{ty}', lang)} ({counts[ty]})")
        for ty in types
        if counts.get(ty)
    ]


def activity_legend_html(entries: list[LegendEntry], title: str) -> str:
    """The activity points' colours as round swatches with their labels (HTML for a page)."""
    return render("legend.html.j2", entries=entries, title=title, points=True)


def activity_rows(activities: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Activities with a point, as map rows with a plain-text tooltip."""
    if not len(activities):
        return pd.DataFrame(columns=["position", "colour", "tooltip", "type"])
    placed = activities[activities["lon"].notna() & activities["lat"].notna()]
    rows = []
    for r in placed.itertuples(index=False):
        label = t(f"activity.{r.type}", lang)
        lines = [f"{label} · {date(r.date)}", f"{t('col.actor', lang)}: {r.actor_code}"]
        if isinstance(r.commitment_code, str):
            lines.append(f"{t('col.commitment', lang)}: {r.commitment_code}")
        if not pd.isna(r.participants):
            lines.append(f"{t('col.participants', lang)}: {number(r.participants, lang)}")
        if r.description:
            lines.append(str(r.description)[:200])
        if r.source == DEMO_SOURCE:
            lines.append(t("demo.label", lang))
        rows.append(
            {
                "position": [float(r.lon), float(r.lat)],
                "colour": list(ACTIVITY_COLOURS.get(r.type, (120, 120, 120))),
                "tooltip": "\n".join(lines),
                "type": r.type,
            }
        )
    return pd.DataFrame(rows)


def view_for(rows: pd.DataFrame) -> pdk.ViewState:
    """Centred on the areas shown, zoomed so that they fit a dashboard-sized map."""
    lons = [p[0] for ring in (r for g in rows["geometry"] for r in _rings(g)) for p in ring]
    lats = [p[1] for ring in (r for g in rows["geometry"] for r in _rings(g)) for p in ring]
    if not lons:
        return pdk.ViewState(longitude=13.0038, latitude=55.6050, zoom=11)
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.8, 0.002)
    zoom = max(min(math.log2(360 / span) - 0.6, 16), 9)
    return pdk.ViewState(
        longitude=(min(lons) + max(lons)) / 2, latitude=(min(lats) + max(lats)) / 2, zoom=round(zoom, 2)
    )


def choropleth(
    rows: pd.DataFrame,
    ind: dict[str, Any],
    activities: pd.DataFrame | None = None,
    *,
    basemap: bool = False,
    lang: str = "sv",
    when: dt.date | None = None,
) -> pdk.Deck:
    """The map: Malmö's outlines faintly, the areas coloured by value with their names, activity points on top."""
    polygons = []
    for r in rows.itertuples(index=False):
        colour = NO_VALUE_COLOUR if pd.isna(r.colour_class) else CLASS_COLOURS[int(r.colour_class)]
        tooltip = "\n".join(
            line
            for line in (
                f"{r.name} ({r.code})",
                f"{t('col.value', lang)}: {r.value_text}",
                f"n = {r.n_text}" if r.n_text else "",
                f"{t('col.status', lang)}: {r.status_text}" if r.status_text else "",
                f"{t('col.source', lang)}: {r.source}" if r.source else "",
            )
            if line
        )
        for ring in _rings(r.geometry):
            polygons.append(
                {
                    "polygon": _rounded(ring),
                    "code": r.code,
                    "name": r.name,
                    "value": None if pd.isna(r.value) else float(r.value),
                    "fill": [*colour, 200],
                    "tooltip": tooltip,
                }
            )
    names = [{"position": r.centroid, "name": r.name} for r in rows.itertuples(index=False) if r.centroid[0]]
    layers: list[pdk.Layer] = [
        pdk.Layer(
            "PathLayer",
            data=[
                {"path": list(ring)} for ring in malmo_outlines(frozenset(rows["code"]) if len(rows) else frozenset())
            ],
            id="malmo-outlines",
            get_path="path",
            get_color=[90, 90, 90, 70],
            width_units=PIXELS,
            get_width=1,
            pickable=False,
        ),
        pdk.Layer(
            "PolygonLayer",
            data=polygons,
            id="areas",
            get_polygon="polygon",
            get_fill_color="fill",
            get_line_color=[30, 30, 30, 230],
            line_width_units=PIXELS,
            get_line_width=2,
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
        ),
    ]
    points = activity_rows(activities, lang) if activities is not None else pd.DataFrame()
    if len(points):
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=points.to_dict("records"),
                id="activities",
                get_position="position",
                get_fill_color="colour",
                get_line_color=[255, 255, 255],
                stroked=True,
                line_width_min_pixels=1,
                radius_units=PIXELS,
                get_radius=6,
                pickable=True,
            )
        )
    layers.append(  # names on top, so points never hide them
        pdk.Layer(
            "TextLayer",
            data=names,
            id="area-names",
            get_position="position",
            get_text="name",
            get_size=12,
            get_color=[20, 20, 20, 255],
            outline_width=3,
            outline_color=[255, 255, 255, 255],
            # The page's own font (deck.gl's default is a monospace one, a third wider), and a long name in two
            # lines ("Sofielunds / industriområde"): on a phone a name on one line ran past the map's edge.
            font_family=NAME_FONT,
            word_break=BREAK_WORD,
            max_width=NAME_MAX_EM,
            font_settings={"sdf": True},
            character_set=AUTO,
            pickable=False,
        )
    )
    deck_args: dict[str, Any] = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    return Deck(
        layers=layers,
        initial_view_state=view_for(rows),
        tooltip={"text": "{tooltip}"},
        **deck_args,
    )


def table(rows: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The map's table equivalent: every area with its value, n and status."""
    return pd.DataFrame(
        {
            t("col.code", lang): rows["code"],
            t("col.area", lang): rows["name"],
            t("col.value", lang): rows["value_text"],
            t("col.n", lang): rows["n_text"],
            t("col.status", lang): rows["status_text"],
            t("col.source", lang): rows["source"],
        }
    )
