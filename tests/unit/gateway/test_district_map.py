"""The district map: an SVG drawn on the server from the shipped outlines, every district with its
state in a title, districts without an outline as tiles below it, names escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from gateway_service.web import district_map as maps
from gateway_service.web.districts import label
from netzwerkstatt.reference import reference_regions

TEXTS = maps.MapTexts(
    represented="vertreten",
    guest="vertreten, nicht im Netzwerk",
    missing="nicht vertreten",
    outside="nicht im Netzwerk",
    host="nächster Gastgeber",
    without_outline="Ohne Kartenumriss",
)
SVG = "{http://www.w3.org/2000/svg}"
SAXONY = [key for key, region in reference_regions().items() if region.parent_key == "14"]


def titles(svg: str) -> dict[str, str]:
    """The class of each drawn shape by the text of its title."""
    root = ElementTree.fromstring(svg)
    found = {}
    for element in root.iter():
        title = element.find(f"{SVG}title")
        if title is not None and element.tag in (f"{SVG}path", f"{SVG}g"):
            shape = element if element.tag == f"{SVG}path" else element.find(f"{SVG}rect")
            assert shape is not None
            found[title.text or ""] = shape.get("class", "")
    return found


def test_every_district_of_the_reference_data_and_every_land_has_an_outline() -> None:
    outlines, lands = maps._outlines()
    districts = {
        key for key, region in reference_regions().items() if region.kind in ("landkreis", "kreisfreie_stadt")
    }
    assert set(outlines) == districts
    assert set(lands) == {key for key, region in reference_regions().items() if region.kind == "land"}


def test_each_district_is_drawn_once_with_its_state_and_the_host_is_starred() -> None:
    rows = maps.map_districts(SAXONY, ["14713", "14612", "15002"], "14729", label)
    result = maps.district_map("map", "Karte", rows, TEXTS)

    shapes = titles(result.svg)
    assert shapes["Leipzig: vertreten"] == "map-district map-represented"
    assert shapes["Dresden: vertreten"] == "map-district map-represented"
    assert shapes["Leipzig (Landkreis): nicht vertreten; nächster Gastgeber"] == (
        "map-district map-missing map-host"
    )
    assert shapes["Halle (Saale): vertreten, nicht im Netzwerk"] == "map-district map-guest"
    # the other districts of Saxony-Anhalt, the guest's Land, are drawn outside the network
    assert shapes["Magdeburg: nicht im Netzwerk"] == "map-district map-outside"
    assert sum(text.endswith(": nicht vertreten") for text in shapes) == len(SAXONY) - 3
    assert result.svg.count('class="map-host-marker"') == 2  # on the map and in the legend
    assert result.outlined
    assert len(re.findall(r'<path class="map-district', result.svg)) == len(SAXONY) + 14
    assert [row.key for row in result.rows if row.state == "missing"][:1] == ["14625"]  # Bautzen, by name


def test_the_svg_names_itself_and_describes_every_district() -> None:
    rows = maps.map_districts(["14713", "14729"], ["14713"], None, label)
    svg = str(maps.district_map("series-map", "Vertretene Kreise", rows, TEXTS).svg)

    assert 'role="img" aria-labelledby="series-map-title series-map-desc"' in svg
    assert '<title id="series-map-title">Vertretene Kreise</title>' in svg
    assert "Leipzig: vertreten; Leipzig (Landkreis): nicht vertreten</desc>" in svg
    assert "nicht im Netzwerk" in svg  # the legend names the other districts of Saxony


def test_berlins_bezirke_are_a_tile_cartogram_and_other_districts_without_an_outline_a_row() -> None:
    berlin = [f"11000-{number:02d}" for number in range(1, 13)]
    rows = maps.map_districts([*berlin, "99999"], ["11000-08"], "11000-03", label)
    result = maps.district_map("map", "Karte", rows, TEXTS)

    shapes = titles(result.svg)
    assert shapes["Berlin-Neukölln: vertreten"] == "map-tile map-represented"
    assert shapes["Berlin-Pankow: nicht vertreten; nächster Gastgeber"] == "map-tile map-missing map-host"
    assert shapes["99999: nicht vertreten"] == "map-tile map-missing"  # in the row below
    assert "Ohne Kartenumriss" in result.svg
    assert ">Tempelhof-</text>" in result.svg  # a long name on two lines of its tile
    assert ">Schöneberg</text>" in result.svg
    assert not result.outlined
    assert "map-district" not in result.svg
    assert {row.key for row in result.rows} == {*berlin, "99999"}


def test_a_bezirk_of_its_own_stands_among_the_other_bezirke() -> None:
    rows = maps.map_districts(["11000-08"], ["11000-08"], None, label)
    svg = str(maps.district_map("map", "Karte", rows, TEXTS).svg)

    shapes = titles(svg)
    assert shapes["Berlin-Neukölln: vertreten"] == "map-tile map-represented"
    assert shapes["Berlin-Mitte: nicht im Netzwerk"] == "map-tile map-outside"
    assert len(shapes) == 12
    assert "Ohne Kartenumriss" not in svg


def test_a_host_outside_the_network_is_shown_as_such() -> None:
    rows = maps.map_districts(["14713"], [], "14612", label)

    assert [(row.name, row.state, row.host) for row in rows] == [
        ("Dresden", "outside", True),
        ("Leipzig", "missing", False),
    ]


def test_names_and_ids_are_escaped() -> None:
    rows = (
        maps.MapDistrict("14713", 'Leipzig <script>alert("x")</script>', "represented"),
        maps.MapDistrict("custom-1", "Nord & Süd <b>", "missing", host=True),
    )
    texts = maps.MapTexts("ja <i>", "Gast", "nein", "außen", "Gastgeber & Co", "Ohne <Umriss>")
    svg = str(maps.district_map('m"1<', "Karte <b>&", rows, texts).svg)

    ElementTree.fromstring(svg)  # well-formed
    for tag in ("<script>", "<b>", "<i>"):
        assert tag not in svg
    assert "Leipzig &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in svg
    assert "Nord &amp; Süd &lt;b&gt;: nein; Gastgeber &amp; Co" in svg
    assert 'id="m&#34;1&lt;"' in svg
    assert "Karte &lt;b&gt;&amp;</title>" in svg


def test_no_map_without_figures_or_districts() -> None:
    assert maps.page_map("de", "event", None, None) is None
    assert maps.page_map("de", "series", {"district_keys": [], "represented_district_keys": []}, None) is None
    found = maps.page_context(
        "en",
        "event",
        {
            "district_keys": ["14713"],
            "represented_district_keys": [],
            "districts_represented": 0,
            "districts_total": 1,
        },
        None,
    )
    assert found["map_heading"] == "Districts represented: 0 / 1"
    assert "not represented" in found["district_map"].svg
