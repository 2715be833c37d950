"""The open data's catalogue in DCAT-AP-SE, as RDF/XML for dataportal.se to harvest: the service's catalogue, one
dataset per pledge, one distribution per data file of the pledge's folder (:data:`DISTRIBUTIONS`).

What DCAT-AP-SE 3.0.1 makes mandatory, and the recommended properties given here too (source: the profile,
https://docs.dataportal.se/dcat/3.0.1/en/, whose cardinalities are in
https://github.com/diggsweden/DCAT-AP-SE/blob/main/3.0.1/bundle.json: ``"min": 1`` mandatory, ``"pref": 1``
recommended):

================= ================================================== ==============================================
Class             Mandatory                                          Recommended, given here
================= ================================================== ==============================================
dcat:Catalog      dcterms:title, dcterms:description,                dcterms:issued, dcterms:modified (when figures
                  dcterms:publisher, dcterms:license (in Sweden      are published), dcterms:language,
                  CC0 1.0: http://creativecommons.org/publicdomain/  foaf:homepage, dcat:themeTaxonomy (EU data
                  zero/1.0/), dcat:dataset                           themes)
dcat:Dataset      dcterms:title, dcterms:description,                dcat:contactPoint, dcat:keyword, dcat:theme
                  dcterms:publisher                                  (EU data theme JUST, SOCI), dcterms:temporal,
                                                                     dcterms:spatial, dcterms:accrualPeriodicity
                                                                     (EU frequency QUARTERLY), dcterms:issued and
                                                                     dcterms:modified (when figures are published),
                                                                     dcat:landingPage, dcterms:accessRights,
                                                                     dcat:distribution
dcat:Distribution dcat:accessURL, dcterms:format (one: EU file type) dcterms:description, dcterms:title,
                                                                     dcat:downloadURL, dcat:mediaType (IANA),
                                                                     dcterms:license, dcatap:availability,
                                                                     dcterms:conformsTo (SDMX-CSV 2.0)
foaf:Agent        foaf:name                                          dcterms:type (ADMS publisher type)
contact point     rdf:type vcard:Organization, vcard:fn,             —
(vcard:Kind)      vcard:hasEmail
================= ================================================== ==============================================

The contact point is the service's (``INDICATORS_CONTACT``): an e-mail address becomes ``vcard:hasEmail``; any
other contact (or none) becomes ``vcard:hasURL`` to the page Om tjänsten, which shows it, so the contact point then
lacks the e-mail address the profile asks for. The publisher is ``INDICATORS_PUBLISHER_IRI`` and
``INDICATORS_PUBLISHER_NAME``, typed as a local authority (a municipality publishes this).

Only what the public can see: what is derived from figures (the dates, how many are invented example data) comes
from the published figures of the pledge's public indicators (:func:`indicators.io.feed.pledge_figures`), nothing
else. Text from the store goes into literals without the characters XML 1.0 forbids (:func:`indicators.io.feed.
xml_safe`); rdflib escapes the rest.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, GEO, SKOS
from sqlmodel import Session

from indicators.base.config import Settings
from indicators.base.models import Area
from indicators.io import export
from indicators.io.feed import demo_count, pledge_figures, xml_safe
from indicators.read import queries

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
THEME_SCHEME = URIRef(f"{EU}data-theme")
#: Justice, legal system and public safety; Population and society.
THEMES = (URIRef(f"{EU}data-theme/JUST"), URIRef(f"{EU}data-theme/SOCI"))
QUARTERLY = URIRef(f"{EU}frequency/QUARTERLY")
LANGUAGES = {"sv": URIRef(f"{EU}language/SWE"), "en": URIRef(f"{EU}language/ENG")}
PUBLIC_ACCESS = URIRef(f"{EU}access-right/PUBLIC")
STABLE = URIRef(f"{EU}planned-availability/STABLE")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
IANA = "https://www.iana.org/assignments/media-types/"
SDMX_CSV = URIRef("https://github.com/sdmx-twg/sdmx-csv/blob/v2.0.0/data-message/docs/sdmx-csv-field-guide.md")
_EMAIL = re.compile(r"^(?:mailto:)?([^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Distribution:
    """One data file of a pledge's folder as the catalogue describes it."""

    file_type: str  # EU file type
    media_type: str  # IANA
    title: tuple[str, str]  # sv, en
    description: tuple[str, str]
    conforms_to: URIRef | None = None


_ROWS = (
    "En rad per siffra: indikator med namn och definition, område, period, värde eller symbol, antal svarande, källa "
    "och licens.",
    "One row per figure: the indicator with its name and definition, area, period, value or symbol, respondents, "
    "source and licence.",
)
#: The files of :data:`indicators.io.export.FILES` the catalogue offers (the Data Package's descriptor is metadata).
DISTRIBUTIONS = {
    "figurer.csv": Distribution("CSV", "text/csv", ("Publicerade siffror (CSV)", "Published figures (CSV)"), _ROWS),
    "figurer.xlsx": Distribution(
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("Publicerade siffror (Excel)", "Published figures (Excel)"),
        _ROWS,
    ),
    "figurer.json": Distribution(
        "JSON",
        "application/json",
        ("Publicerade siffror med metadata (JSON)", "Published figures with metadata (JSON)"),
        (
            "Siffrorna med licens, röjandekontroll och teckenförklaring.",
            "The figures with their licence, disclosure control and the symbols explained.",
        ),
    ),
    "figurer-sdmx.csv": Distribution(
        "CSV",
        "text/csv",
        ("Publicerade siffror (SDMX-CSV 2.0)", "Published figures (SDMX-CSV 2.0)"),
        (
            "Siffrorna som SDMX-CSV 2.0: dimensionerna indikator, område och period.",
            "The figures as SDMX-CSV 2.0: the dimensions indicator, area and period.",
        ),
        SDMX_CSV,
    ),
}
KEYWORDS = {
    "sv": ("medborgarlöfte", "trygghet", "brottsförebyggande arbete", "uppföljning", "indikatorer", "polisen"),
    "en": ("citizen pledge", "safety", "crime prevention", "follow-up", "indicators", "police"),
}


def email(contact: str) -> str | None:
    """The e-mail address ``INDICATORS_CONTACT`` is (with or without ``mailto:``), or None when it is something else."""
    found = _EMAIL.match(contact.strip())
    return found.group(1) if found else None


def _iri(text: str) -> URIRef:
    """An IRI made of absolute parts (the public address, which the settings check, and quoted codes)."""
    return URIRef(text)


def _code(code: str) -> str:
    """A code as one path segment or fragment part of an IRI."""
    return urllib.parse.quote(code, safe="-._~")


def _text(graph: Graph, node: URIRef, prop: URIRef, value: object, lang: str) -> None:
    """A language-tagged literal, when there is text."""
    text = xml_safe(value).strip()
    if text:
        graph.add((node, prop, Literal(text, lang=lang)))


def _points(coordinates: Any) -> Iterator[tuple[float, float]]:
    """Every (lon, lat) of a GeoJSON coordinates array, however deeply nested."""
    if isinstance(coordinates, list | tuple) and coordinates:
        if all(isinstance(c, int | float) for c in coordinates[:2]) and len(coordinates) >= 2:
            yield float(coordinates[0]), float(coordinates[1])
        else:
            for part in coordinates:
                yield from _points(part)


def _geometries(geojson: Any) -> Iterator[Any]:
    """The coordinates arrays of a GeoJSON object: a geometry, a collection, a feature or a feature collection."""
    if not isinstance(geojson, dict):
        return
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        for feature in geojson.get("features") or []:
            yield from _geometries(feature)
    elif kind == "Feature":
        yield from _geometries(geojson.get("geometry"))
    elif kind == "GeometryCollection":
        for geometry in geojson.get("geometries") or []:
            yield from _geometries(geometry)
    elif "coordinates" in geojson:
        yield geojson["coordinates"]


def bbox_wkt(geojson: Any) -> str | None:
    """The bounding box of a GeoJSON geometry as a WKT polygon (lon lat, WGS 84 as GeoJSON is: the WKT literal's
    default CRS84), or None when it has no coordinates."""
    points = [p for coords in _geometries(geojson) for p in _points(coords)]
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return "POLYGON((" + ", ".join(f"{x:.6f} {y:.6f}" for x, y in corners) + "))"


def _demo_text(demo: int, total: int) -> tuple[str, str]:
    """What the description says of invented figures (sv, en), or nothing."""
    if not demo:
        return "", ""
    return (
        f" {demo} av de {total} publicerade siffrorna är påhittade exempeldata (källan demo), inte verkliga uppgifter.",
        f" {demo} of the {total} published figures are invented example data (source demo), not real figures.",
    )


def catalogue(session: Session, config: Settings) -> bytes:
    """The catalogue as RDF/XML (UTF-8)."""
    base = config.public_url
    doc = export.file_url(base, export.CATALOGUE)
    graph = Graph(store="SimpleMemory")  # its indexes are dicts: the file comes out in the same order every time
    for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD),
                              ("skos", SKOS), ("geo", GEO), ("dcatap", DCATAP)):  # fmt: skip
        graph.bind(prefix, namespace)

    catalog = _iri(f"{doc}#katalog")
    agent = _iri(config.publisher_iri)
    graph.add((agent, RDF.type, FOAF.Agent))
    _text(graph, agent, FOAF.name, config.publisher_name, "sv")
    graph.add((agent, DCTERMS.type, LOCAL_AUTHORITY))

    contact = _iri(f"{doc}#kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(xml_safe(config.publisher_name).strip() or "Utgivaren")))
    address = email(config.contact)
    if address:
        graph.add((contact, VCARD.hasEmail, _iri("mailto:" + urllib.parse.quote(address, safe="@.+-_~"))))
    else:
        graph.add((contact, VCARD.hasURL, _iri(f"{base}/om-tjansten")))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    _text(graph, catalog, DCTERMS.title, "Medborgarlöften – uppföljning, öppna data", "sv")
    _text(graph, catalog, DCTERMS.title, "Citizen pledges – follow-up, open data", "en")
    _text(graph, catalog, DCTERMS.description, "Publicerade siffror för uppföljningen av medborgarlöften: löften "
          "som polisen, kommunen och andra aktörer ger dem som bor och verkar i ett område. En datamängd per löfte, "
          "med siffrorna för löftets offentliga indikatorer efter röjandekontroll.", "sv")  # fmt: skip
    _text(graph, catalog, DCTERMS.description, "Published figures following up citizen pledges: promises the "
          "police, the municipality and other actors make to the people who live and work in an area. One dataset "
          "per pledge, with the figures of the pledge's public indicators after disclosure control.", "en")  # fmt: skip
    graph.add((catalog, DCTERMS.publisher, agent))
    graph.add((catalog, DCTERMS.license, URIRef(export.LICENCE_URL)))
    graph.add((catalog, FOAF.homepage, _iri(f"{base}/")))
    for language in LANGUAGES.values():
        graph.add((catalog, DCTERMS.language, language))
    graph.add((catalog, DCAT.themeTaxonomy, THEME_SCHEME))

    times: list[dt.datetime] = []
    for listed in queries.pledges_in_order(session):
        pledge = queries.pledge(session, listed["code"])
        if pledge is None:
            continue
        dataset = _iri(f"{doc}#{_code(pledge['code'])}")
        graph.add((catalog, DCAT.dataset, dataset))
        times += _dataset(session, config, graph, dataset, pledge, agent, contact)
    if times:
        graph.add((catalog, DCTERMS.issued, Literal(min(times), datatype=XSD.dateTime)))
        graph.add((catalog, DCTERMS.modified, Literal(max(times), datatype=XSD.dateTime)))
    return _sorted_namespaces(graph.serialize(format="pretty-xml", encoding="utf-8"))


def _sorted_namespaces(xml: bytes) -> bytes:
    """The file with the root element's namespace declarations in order: rdflib collects them in a set, so they come
    out in a different order in every process, and two builds of the same catalogue would differ in bytes."""
    head, end, rest = xml.partition(b"\n>\n")
    lines = head.split(b"\n")
    declarations = [line for line in lines if line.startswith(b"  xmlns:")]
    if not end or not declarations:
        return xml
    others = [line for line in lines if not line.startswith(b"  xmlns:")]
    return b"\n".join([*others, *sorted(declarations)]) + end + rest


def _dataset(
    session: Session,
    config: Settings,
    graph: Graph,
    dataset: URIRef,
    pledge: dict[str, Any],
    agent: URIRef,
    contact: URIRef,
) -> list[dt.datetime]:
    """One pledge's dataset and its distributions; returns when its figures were published."""
    base, code = config.public_url, pledge["code"]
    figs = pledge_figures(session, code)
    times = [t for t in figs["published"] if t is not None]
    demo, total = demo_count(figs), len(figs)
    demo_sv, demo_en = _demo_text(demo, total)
    area = session.get(Area, pledge["area_code"])
    area_name = xml_safe(area.name if area else pledge["area_code"])

    graph.add((dataset, RDF.type, DCAT.Dataset))
    _text(graph, dataset, DCTERMS.title, pledge["name"], "sv")
    _text(graph, dataset, DCTERMS.title, pledge["name_en"], "en")
    about_sv = (
        f"Publicerade siffror för uppföljningen av {xml_safe(pledge['name']).strip()}: siffrorna för löftets "
        "offentliga indikatorer (resurser och aktiviteter, prestationer, effekter) efter röjandekontroll."
    )
    about_en = (
        f"Published figures following up {xml_safe(pledge['name_en'] or pledge['name']).strip()}: the figures of the "
        "pledge's public indicators (resources and activities, outputs, effects) after disclosure control."
    )
    summary_sv, summary_en = xml_safe(pledge["summary"]).strip(), xml_safe(pledge["summary_en"]).strip()
    _text(graph, dataset, DCTERMS.description, (summary_sv + "\n\n" if summary_sv else "") + about_sv + demo_sv, "sv")
    _text(graph, dataset, DCTERMS.description, (summary_en + "\n\n" if summary_en else "") + about_en + demo_en, "en")
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    graph.add((dataset, DCTERMS.publisher, agent))
    graph.add((dataset, DCAT.contactPoint, contact))
    for lang, words in KEYWORDS.items():
        for word in words:
            graph.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    _text(graph, dataset, DCAT.keyword, area_name, "sv")
    if demo:
        graph.add((dataset, DCAT.keyword, Literal("exempeldata", lang="sv")))
        graph.add((dataset, DCAT.keyword, Literal("example data", lang="en")))
    for theme in THEMES:
        graph.add((dataset, DCAT.theme, theme))
    graph.add((dataset, DCTERMS.language, LANGUAGES["sv"]))
    graph.add((dataset, DCTERMS.accessRights, PUBLIC_ACCESS))
    graph.add((dataset, DCTERMS.accrualPeriodicity, QUARTERLY))
    graph.add((dataset, DCAT.landingPage, _iri(f"{base}/loftet?{urllib.parse.urlencode({'pledge': code})}")))

    period = _iri(f"{dataset}/period")
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(pledge["start"], datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(pledge["end"], datatype=XSD.date)))

    place = _iri(f"{dataset}/omrade")
    graph.add((dataset, DCTERMS.spatial, place))
    graph.add((place, RDF.type, DCTERMS.Location))
    _text(graph, place, SKOS.prefLabel, area_name or pledge["area_code"], "sv")
    box = bbox_wkt(area.geometry) if area else None
    if box:
        graph.add((place, DCAT.bbox, Literal(box, datatype=GEO.wktLiteral)))

    if times:
        graph.add((dataset, DCTERMS.issued, Literal(min(times), datatype=XSD.dateTime)))
        graph.add((dataset, DCTERMS.modified, Literal(max(times), datatype=XSD.dateTime)))

    for name, file in DISTRIBUTIONS.items():
        url = _iri(export.file_url(base, name, _code(code)))
        node = _iri(f"{dataset}/{_code(name)}")
        graph.add((dataset, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCAT.accessURL, url))
        graph.add((node, DCAT.downloadURL, url))
        graph.add((node, DCTERMS.format, URIRef(f"{EU}file-type/{file.file_type}")))
        graph.add((node, DCAT.mediaType, URIRef(IANA + file.media_type)))
        if file.conforms_to is not None:
            graph.add((node, DCTERMS.conformsTo, file.conforms_to))
        graph.add((node, DCTERMS.license, URIRef(export.LICENCE_URL)))
        graph.add((node, DCATAP.availability, STABLE))
        for lang, title, description in zip(("sv", "en"), file.title, file.description, strict=True):
            _text(graph, node, DCTERMS.title, title, lang)
            _text(graph, node, DCTERMS.description, description, lang)
    return times
