"""The session's NATS server can go down and come back with the same URL and JetStream store."""

from __future__ import annotations

import nats

from netzwerkstatt.testing import NatsServer


async def test_a_restarted_nats_server_keeps_its_streams_and_messages(nats_server: NatsServer) -> None:
    admin = nats_server.admin
    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    stream = client.jetstream()
    await stream.add_stream(name="OUTAGE_PROBE", subjects=["outage.probe"])
    await stream.publish("outage.probe", b"before the outage")
    await client.close()

    nats_server.stop()
    nats_server.start()

    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        stream = client.jetstream()
        kept = await stream.get_msg("OUTAGE_PROBE", seq=1)
        await stream.delete_stream("OUTAGE_PROBE")
    finally:
        await client.close()
    assert kept.data == b"before the outage"
