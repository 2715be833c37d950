"""The DCAT-AP-SE catalogue, read back with rdflib: every property the profile makes mandatory, absolute IRIs, one
dataset per pledge, only what the public can see, and text from the store that cannot break the file."""

from __future__ import annotations

import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rdflib import RDF, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, FOAF, SKOS
from sqlmodel import col

from indicators.base.config import Settings, settings
from indicators.base.models import Pledge, ReviewState
from indicators.io import dcat, export, feed
from indicators.read import published, queries
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure
from tests import pledges

VCARD = dcat.VCARD
# DCAT, GEO and XSD as ns.*: rdflib warns when pytest probes a module-level namespace for attributes it lacks
SOFIELUND = "sofielund-2022"
LINDANGEN = "lindangen-2024"
#: What DCAT-AP-SE 3.0.1 makes mandatory, per class (the module's table).
MANDATORY = {
    ns.DCAT.Catalog: [DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.license, ns.DCAT.dataset],
    ns.DCAT.Dataset: [DCTERMS.title, DCTERMS.description, DCTERMS.publisher],
    ns.DCAT.Distribution: [ns.DCAT.accessURL, DCTERMS.format],
    FOAF.Agent: [FOAF.name],
    VCARD.Organization: [VCARD.fn],
}


def _graph(url: str, config: Settings | None = None) -> tuple[Graph, bytes]:
    with db.read_session(url) as s:
        raw = dcat.catalogue(s, config or settings())
    graph = Graph()
    graph.parse(data=raw, format="xml")
    return graph, raw


def _dataset(graph: Graph, code: str, config: Settings | None = None) -> URIRef:
    config = config or settings()
    found = URIRef(f"{export.file_url(config.public_url, export.CATALOGUE)}#{code}")
    assert (found, RDF.type, ns.DCAT.Dataset) in graph
    return found


def _langs(graph: Graph, node: Any, prop: URIRef) -> dict[str, str]:
    return {o.language: str(o) for o in graph.objects(node, prop) if isinstance(o, Literal) and o.language}


def _lindangen(url: str, tmp_path: Path) -> None:
    """The second pledge, with codes of its own; its indicator L02 is not public."""
    spec = pledges.lindangen(reuse_codes=False)
    spec["indicators"][1]["public"] = False
    pledges.seed(url, pledges.write(tmp_path, spec))


def _figures(url: str, *figures: BulkFigure) -> None:
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=list(figures)), url)


def test_every_mandatory_property_of_the_profile_is_there(store_url: str, tmp_path: Path) -> None:
    """Catalogue, datasets, distributions, agent and contact point have what DCAT-AP-SE 3.0.1 requires, and the
    recommended properties the module promises, with the EU vocabularies' IRIs."""
    _lindangen(store_url, tmp_path)
    graph, _ = _graph(store_url)
    for cls, props in MANDATORY.items():
        assert list(graph.subjects(RDF.type, cls)), cls
        for prop in props:
            missing = graph.query(
                "SELECT ?s WHERE { ?s a ?cls . FILTER NOT EXISTS { ?s ?prop ?o } }",
                initBindings={"cls": cls, "prop": prop},
            )
            assert not list(missing), (cls, prop, list(missing))
    config = settings()
    (catalog,) = graph.subjects(RDF.type, ns.DCAT.Catalog)
    for prop in (DCTERMS.title, DCTERMS.description):
        assert set(_langs(graph, catalog, prop)) == {"sv", "en"}
    assert set(graph.objects(catalog, DCTERMS.license)) == {URIRef(export.LICENCE_URL)}
    assert set(graph.objects(catalog, FOAF.homepage)) == {URIRef(config.public_url + "/")}
    assert set(graph.objects(catalog, ns.DCAT.themeTaxonomy)) == {dcat.THEME_SCHEME}
    assert dcat.LANGUAGES["sv"] in set(graph.objects(catalog, DCTERMS.language))
    agent = URIRef(config.publisher_iri)
    assert set(graph.objects(catalog, DCTERMS.publisher)) == {agent}
    assert str(graph.value(agent, FOAF.name)) == config.publisher_name
    assert graph.value(agent, DCTERMS.type) == dcat.LOCAL_AUTHORITY

    with db.read_session(store_url) as s:
        listed = {p["code"]: queries.pledge(s, p["code"]) for p in queries.pledges_in_order(s)}
    assert set(listed) == {SOFIELUND, LINDANGEN}
    assert len(set(graph.subjects(RDF.type, ns.DCAT.Dataset))) == len(listed)  # one dataset per pledge
    for code, pledge in listed.items():
        assert pledge is not None
        dataset = _dataset(graph, code)
        assert (catalog, ns.DCAT.dataset, dataset) in graph
        assert _langs(graph, dataset, DCTERMS.title) == {"sv": pledge["name"], "en": pledge["name_en"]} or (
            not pledge["name_en"] and _langs(graph, dataset, DCTERMS.title) == {"sv": pledge["name"]}
        )
        assert "sv" in _langs(graph, dataset, DCTERMS.description)
        assert graph.value(dataset, DCTERMS.publisher) == agent
        contact = graph.value(dataset, ns.DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Organization) in graph and graph.value(contact, VCARD.fn)
        assert graph.value(contact, VCARD.hasURL) == URIRef(config.public_url + "/om-tjansten")  # no e-mail set
        assert "medborgarlöfte" in {str(k) for k in graph.objects(dataset, ns.DCAT.keyword)}
        assert set(graph.objects(dataset, ns.DCAT.theme)) == set(dcat.THEMES)
        assert graph.value(dataset, DCTERMS.accrualPeriodicity) == dcat.QUARTERLY
        assert graph.value(dataset, ns.DCAT.landingPage) == URIRef(f"{config.public_url}/loftet?pledge={code}")
        period = graph.value(dataset, DCTERMS.temporal)
        assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
        assert graph.value(period, ns.DCAT.startDate) == Literal(pledge["start"], datatype=ns.XSD.date)
        assert graph.value(period, ns.DCAT.endDate) == Literal(pledge["end"], datatype=ns.XSD.date)
        place = graph.value(dataset, DCTERMS.spatial)
        assert (place, RDF.type, DCTERMS.Location) in graph and graph.value(place, SKOS.prefLabel)
        distributions = set(graph.objects(dataset, ns.DCAT.distribution))
        assert len(distributions) == len(dcat.DISTRIBUTIONS) == 4
        names = set()
        for node in distributions:
            url = graph.value(node, ns.DCAT.downloadURL)
            assert url is not None and graph.value(node, ns.DCAT.accessURL) == url
            name = str(url).rsplit("/", 1)[1]
            names.add(name)
            assert name in export.FILES and str(url) == export.file_url(config.public_url, name, code)
            file = dcat.DISTRIBUTIONS[name]
            assert graph.value(node, DCTERMS.format) == URIRef(f"{dcat.EU}file-type/{file.file_type}")
            assert graph.value(node, ns.DCAT.mediaType) == URIRef(dcat.IANA + file.media_type)
            assert graph.value(node, DCTERMS.license) == URIRef(export.LICENCE_URL)
            assert set(_langs(graph, node, DCTERMS.title)) == {"sv", "en"}
            assert set(_langs(graph, node, DCTERMS.description)) == {"sv", "en"}
            assert (graph.value(node, DCTERMS.conformsTo) == dcat.SDMX_CSV) == (name == "figurer-sdmx.csv")
        assert names == {"figurer.csv", "figurer.xlsx", "figurer.json", "figurer-sdmx.csv"}
    # Sofielund's area has a shape: its bounding box, in Malmö; Lindängen's area has none
    box = graph.value(graph.value(_dataset(graph, SOFIELUND), DCTERMS.spatial), ns.DCAT.bbox)
    assert isinstance(box, Literal) and box.datatype == ns.GEO.wktLiteral and str(box).startswith("POLYGON((")
    lons_lats = [tuple(map(float, p.split())) for p in str(box)[len("POLYGON((") : -2].split(", ")]
    assert all(12.9 < lon < 13.1 and 55.5 < lat < 55.7 for lon, lat in lons_lats)
    assert graph.value(graph.value(_dataset(graph, LINDANGEN), DCTERMS.spatial), ns.DCAT.bbox) is None


def test_every_iri_is_absolute(store_url: str, tmp_path: Path) -> None:
    _lindangen(store_url, tmp_path)
    graph, _ = _graph(store_url)
    iris = {n for triple in graph for n in triple if isinstance(n, URIRef)}
    assert len(iris) > 50
    for iri in iris:
        parts = urllib.parse.urlsplit(str(iri))
        assert parts.scheme in {"http", "https", "mailto"}, iri
        assert parts.netloc or parts.scheme == "mailto", iri


def test_two_builds_are_the_same_bytes(store_url: str) -> None:
    """The same store gives the same file (namespace declarations in order), so a harvester sees no change."""
    assert _graph(store_url)[1] == _graph(store_url)[1]


def test_dates_and_demo_count_come_only_from_published_figures_of_public_indicators(
    store_url: str, tmp_path: Path
) -> None:
    """A pledge with nothing published has no issued or modified date; an unpublished figure and a published figure
    of a non-public indicator change nothing; a published one brings the date, and an invented one the label."""
    _lindangen(store_url, tmp_path)

    def lindangen() -> tuple[Graph, URIRef]:
        graph, _ = _graph(store_url)
        return graph, _dataset(graph, LINDANGEN)

    graph, dataset = lindangen()
    assert graph.value(dataset, DCTERMS.modified) is None and graph.value(dataset, DCTERMS.issued) is None
    _figures(
        store_url,
        BulkFigure("L01", "36213", "2024-03", 987654.0, source="demo", review_state=ReviewState.SUBMITTED),
        BulkFigure("L01", "36213", "2024-04", 987653.0, source="demo", review_state=ReviewState.APPROVED),
        BulkFigure("L02", "36213", "2024-Q1", 987652.0, source="demo"),  # published, but L02 is not public
    )
    graph, dataset = lindangen()
    assert graph.value(dataset, DCTERMS.modified) is None and graph.value(dataset, DCTERMS.issued) is None
    assert "exempeldata" not in {str(k) for k in graph.objects(dataset, ns.DCAT.keyword)}
    assert "exempeldata" not in _langs(graph, dataset, DCTERMS.description)["sv"]

    _figures(store_url, BulkFigure("L01", "36213", "2024-01", 4.0, source="Polisen"))
    graph, dataset = lindangen()
    with db.read_session(store_url) as s:
        shown = feed.pledge_figures(s, LINDANGEN)
    assert list(shown["indicator_code"]) == ["L01"]
    modified = graph.value(dataset, DCTERMS.modified)
    assert isinstance(modified, Literal) and modified.datatype == ns.XSD.dateTime
    assert modified.toPython() == shown["published"].iloc[0] == graph.value(dataset, DCTERMS.issued).toPython()
    assert "exempeldata" not in {str(k) for k in graph.objects(dataset, ns.DCAT.keyword)}

    _figures(store_url, BulkFigure("L01", "36213", "2024-02", 5.0, source="demo"))
    graph, dataset = lindangen()
    assert "exempeldata" in {str(k) for k in graph.objects(dataset, ns.DCAT.keyword)}
    said = _langs(graph, dataset, DCTERMS.description)["sv"]
    assert "1 av de 2 publicerade siffrorna är påhittade exempeldata" in said


def test_demo_figures_are_counted_in_words(store_url: str) -> None:
    """The demo store's pledge says how many of its published figures are invented, in Swedish and English."""
    with db.read_session(store_url) as s:
        figs = published.figures(s, tuple(queries.pledge_indicator_codes(s, SOFIELUND)))
    demo, total = int((figs["source"] == "demo").sum()), len(figs)
    assert 0 < demo < total
    graph, _ = _graph(store_url)
    dataset = _dataset(graph, SOFIELUND)
    text = _langs(graph, dataset, DCTERMS.description)
    assert f"{demo} av de {total} publicerade siffrorna är påhittade exempeldata" in text["sv"]
    assert f"{demo} of the {total} published figures are invented example data" in text["en"]
    assert {"exempeldata", "example data"} <= {str(k) for k in graph.objects(dataset, ns.DCAT.keyword)}


def test_publisher_address_and_contact_come_from_the_environment(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDICATORS_PUBLISHER_IRI", "https://dataportal.se/organisation/SE2021005489")
    monkeypatch.setenv("INDICATORS_PUBLISHER_NAME", "Exempelkommun")
    monkeypatch.setenv("INDICATORS_PUBLIC_URL", "https://trygghet.example.se/medborgarlofte/")
    monkeypatch.setenv("INDICATORS_CONTACT", "oppnadata@example.se")
    config = settings()
    assert config.public_url == "https://trygghet.example.se/medborgarlofte"
    graph, raw = _graph(store_url, config)
    agent = URIRef("https://dataportal.se/organisation/SE2021005489")
    (catalog,) = graph.subjects(RDF.type, ns.DCAT.Catalog)
    assert str(catalog).startswith("https://trygghet.example.se/medborgarlofte/oppna-data/katalog.rdf#")
    assert graph.value(catalog, DCTERMS.publisher) == agent and str(graph.value(agent, FOAF.name)) == "Exempelkommun"
    dataset = _dataset(graph, SOFIELUND, config)
    assert graph.value(dataset, DCTERMS.publisher) == agent
    contact = graph.value(dataset, ns.DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:oppnadata@example.se")
    urls = {str(graph.value(d, ns.DCAT.downloadURL)) for d in graph.objects(dataset, ns.DCAT.distribution)}
    assert "https://trygghet.example.se/medborgarlofte/oppna-data/sofielund-2022/figurer.csv" in urls
    assert b"127.0.0.1" not in raw and b"SE2120001124" not in raw


def test_hostile_text_in_the_store_still_makes_well_formed_rdf(store_url: str) -> None:
    """Markup characters are escaped (or put in CDATA) and the control characters XML 1.0 forbids are dropped, so the
    file is well-formed XML and says the same text without them."""
    names = ['Löfte <script>&amp; "citat" \x01slut\x0b', "Löfte ]]> <b> & \x02\x7f"]
    for name in names:

        def rename(s: db.Session, name: str = name) -> None:
            s.execute(sa.update(Pledge).where(col(Pledge.code) == SOFIELUND).values(name=name, summary="Text\x1f här"))

        db.run_write(rename, store_url)
        graph, raw = _graph(store_url)
        assert not {b"\x01", b"\x02", b"\x0b", b"\x1f"} & {bytes([c]) for c in raw}
        ET.fromstring(raw)  # a strict XML 1.0 parser reads it
        dataset = _dataset(graph, SOFIELUND)
        assert _langs(graph, dataset, DCTERMS.title)["sv"] == name.replace("\x01", "").replace("\x02", "").replace(
            "\x0b", ""
        )
        assert _langs(graph, dataset, DCTERMS.description)["sv"].startswith("Text här\n\n")


def test_bounding_box_of_any_geojson() -> None:
    square = {"type": "Polygon", "coordinates": [[[13.0, 55.5], [13.2, 55.5], [13.2, 55.7], [13.0, 55.5]]]}
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": square, "properties": {}},
        {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[12.9, 55.6], [13.1, 55.8]]}},
    ]}  # fmt: skip
    assert dcat.bbox_wkt(square) == (
        "POLYGON((13.000000 55.500000, 13.200000 55.500000, 13.200000 55.700000, 13.000000 55.700000, "
        "13.000000 55.500000))"
    )
    assert dcat.bbox_wkt(collection) == (
        "POLYGON((12.900000 55.500000, 13.200000 55.500000, 13.200000 55.800000, 12.900000 55.800000, "
        "12.900000 55.500000))"
    )
    assert dcat.bbox_wkt(None) is None and dcat.bbox_wkt({"type": "Polygon", "coordinates": []}) is None
