"""A demo person somebody erased stays erased when the demo data is loaded again (as `make up` does
on every start): the run creates nothing anew, names nobody in their place and keeps the rest.
On servers of its own: erasing a demo person must not reach the other tests' demo data."""

from __future__ import annotations

import pytest
from registry_helpers import RegistryApi

from netzwerkstatt import demo
from netzwerkstatt.errors import NotFound
from netzwerkstatt.stack.seeding import seed_registry
from netzwerkstatt.testing.fixtures import servers_of_its_own

module_servers_dir, nats_server, postgres_server = servers_of_its_own()


async def test_an_erased_demo_person_stays_erased_when_the_demo_loads_again(api: RegistryApi) -> None:
    await seed_registry(api.connection)
    # Amira Haddou's substitute at IBAS Leipzig, in her membership and in her responsibility.
    erased = demo.person("lorenz-quast")
    await api.call("person.erase", {"person_id": str(erased.id)})

    report = await seed_registry(api.connection)

    assert report.created == {}, "nothing is created anew, the erased person least of all"
    with pytest.raises(NotFound) as refused:
        await api.call("person.get", {"person_id": str(erased.id)})
    assert [detail.code for detail in refused.value.details] == ["erased_person"]
    amira = await api.call("person.get", {"person_id": str(demo.person("amira-haddou").id)})
    assert [membership["substitute_person_id"] for membership in amira["memberships"]] == [None]
    listed = await api.call(
        "responsibility.list",
        {"topic": "recognition_of_qualifications", "region_key": demo.LEIPZIG_CITY},
    )
    assert [item["substitute_person_id"] for item in listed["items"]] == [None]
    assert [item["contact_person_id"] for item in listed["items"]] == [str(demo.person("amira-haddou").id)]
