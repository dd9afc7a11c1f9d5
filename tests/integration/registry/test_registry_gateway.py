"""The registry's JSON API through the gateway: happy paths, files, and errors as HTTP statuses
with field details."""

from __future__ import annotations

import base64
import uuid

import httpx

from netzwerkstatt.service import ServiceRuntime


async def test_regions_organisations_and_people_through_http(
    registry: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    region = await gateway.get("/api/regions/15")
    assert region.status_code == 200
    assert len(region.json()["district_keys"]) == 14
    found = await gateway.get("/api/regions", params={"text": "Neukölln"})
    assert found.json()[0]["key"] == "11000-08"

    tag = uuid.uuid4().hex[:8]
    created = await gateway.post(
        "/api/organisations", json={"name": f"Jobcenter {tag}", "type": "jobcenter", "region_keys": ["15002"]}
    )
    assert created.status_code == 201
    organisation_id = created.json()["id"]
    changed = await gateway.patch(
        f"/api/organisations/{organisation_id}",
        json={"address": {"postal_code": "06108", "city": "Halle (Saale)"}},
    )
    assert changed.status_code == 200
    assert changed.json()["address"]["city"] == "Halle (Saale)"
    assert changed.json()["version"] == 2

    person = await gateway.post(
        "/api/people",
        json={"given_name": "Ria", "family_name": f"Probe{tag}", "emails": [f"ria.{tag}@example.org"]},
    )
    assert person.status_code == 201
    person_id = person.json()["id"]
    joined = await gateway.put(
        f"/api/people/{person_id}/memberships/{organisation_id}",
        json={"function": "Leitung", "decision_maker": True},
    )
    assert joined.status_code == 200
    assert joined.json()["memberships"][0]["function"] == "Leitung"
    exported = await gateway.get(f"/api/people/{person_id}/export")
    assert exported.json()["person"]["emails"] == [f"ria.{tag}@example.org"]
    erased = await gateway.post(f"/api/people/{person_id}/erase")
    assert erased.status_code == 200
    assert (await gateway.get(f"/api/people/{person_id}")).status_code == 404


async def test_errors_become_http_statuses_with_the_fields_named(
    registry: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    missing = await gateway.get(f"/api/organisations/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json()["error"]["details"][0]["field"] == "organisation_id"

    name = f"Sozialamt {uuid.uuid4().hex[:8]}"
    body = {"name": name, "type": "social_welfare_office", "region_keys": ["14713"]}
    assert (await gateway.post("/api/organisations", json=body)).status_code == 201
    duplicate = await gateway.post("/api/organisations", json=body)
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["details"][0]["field"] == "name"

    invalid = await gateway.post(
        "/api/people", json={"given_name": "A", "family_name": "B", "emails": ["nope"], "phone": "12"}
    )
    assert invalid.status_code == 422
    assert {d["field"] for d in invalid.json()["error"]["details"]} == {"emails.0", "phone"}


async def test_the_issued_paper_is_downloaded_as_html_csv_and_xlsx(
    registry: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    tag = uuid.uuid4().hex[:8]
    organisation = (
        await gateway.post(
            "/api/organisations", json={"name": f"BAMF {tag}", "type": "bamf", "region_keys": ["14713"]}
        )
    ).json()
    network = (
        await gateway.post(
            "/api/networks",
            json={
                "name": f"Netz {tag}",
                "kind": "regional_institutions",
                "member_organisation_ids": [organisation["id"]],
            },
        )
    ).json()
    preview = await gateway.get("/api/interface-papers/preview", params={"network_id": network["id"]})
    assert preview.status_code == 200
    assert preview.json()["id"] is None
    issued = await gateway.post(
        "/api/interface-papers", json={"network_id": network["id"], "title": f"Papier {tag}"}
    )
    assert issued.status_code == 201
    paper_id = issued.json()["id"]

    html = await gateway.get(f"/api/interface-papers/{paper_id}/file.html")
    assert html.headers["content-type"].startswith("text/html")
    assert f"Papier {tag}" in html.text
    csv_file = await gateway.get(f"/api/interface-papers/{paper_id}/file.csv")
    assert csv_file.headers["content-disposition"] == (
        f"attachment; filename=\"papier-{tag}-v1.csv\"; filename*=UTF-8''papier-{tag}-v1.csv"
    )
    assert csv_file.content.startswith(b"\xef\xbb\xbfArt;Thema")
    xlsx = await gateway.get(f"/api/interface-papers/{paper_id}/file.xlsx")
    assert xlsx.content[:2] == b"PK"
    unknown_format = await gateway.get(f"/api/interface-papers/{paper_id}/file.pdf")
    assert unknown_format.status_code == 422


async def test_an_import_dry_run_over_http(registry: ServiceRuntime, gateway: httpx.AsyncClient) -> None:
    content = base64.b64encode(b"Name;Typ;Region\nVHS Test;VHS;99999\n").decode()
    report = await gateway.post(
        "/api/imports/dry-run",
        json={"kind": "organisations", "file_name": "a.csv", "content_base64": content},
    )
    assert report.status_code == 200
    assert report.json()["invalid_rows"][0]["problems"][0]["field"] == "region"
