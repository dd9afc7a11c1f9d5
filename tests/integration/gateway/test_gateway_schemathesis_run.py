"""`schemathesis run --checks all` against the running gateway (served by uvicorn, every service
running) with an admin token: no server error, no failure of the JSON API outside its one error
shape, no stall (a request taking more than 2 s right after a failed one), and no finding of a
check other than the two the gateway's README accepts, with its reasons (ST202, ST105); those are
printed.

The run must reach every operation and finish all four phases (examples, coverage, fuzzing,
stateful): its summaries are checked, so a run cut short fails rather than tests less. Examples and
coverage are a fixed set of requests and run to their end however slow the machine; fuzzing and
the stateful phase repeat until their time is spent, each in a run of its own (together, fuzzing
left the stateful phase no time on a loaded machine), with half of
`NETZWERKSTATT_SCHEMATHESIS_SECONDS` each (60 s in all unless set; longer finds more).

The run erases, archives and cancels whatever it finds, so it gets NATS and PostgreSQL servers of
its own: the session's data (the demo records other tests load) stays as those tests left it."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway_service.app import create_app
from gateway_service.settings import GatewaySettings
from gateway_service.testing import admin_token, served
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.fixtures import servers_of_its_own
from netzwerkstatt.testing.servers import NatsServer
from tests.integration.gateway.test_gateway_fuzz import reset_message_templates

RUN_SECONDS = int(os.environ.get("NETZWERKSTATT_SCHEMATHESIS_SECONDS", "60"))
PHASES = ("Examples", "Coverage", "Fuzzing", "Stateful")
# The runs: the schema's examples and its coverage cases (a fixed set: no time limit), generated
# single requests, then chains of requests along the schema's links, the last two for a time each.
RUNS: tuple[tuple[str, int | None], ...] = (
    ("examples,coverage", None),
    ("fuzzing", RUN_SECONDS // 2),
    ("stateful", RUN_SECONDS // 2),
)
# The examples and coverage run took 66 s alone and 240 s beside the rest of the suite (2 cores,
# December 2026): room for a machine several times slower, still inside the suite's 20 minutes.
RUN_TIMEOUT_SECONDS = 1200
# A phase's line in the summary: ran and passed, or ran and found something (the checks above decide).
PHASE_RAN = re.compile(r"^\s*(?:✅|❌) (\w+)\s*$", re.MULTILINE)
STALL_SECONDS = 2.0
# A check's findings in the summary (``❌ ST202 Schema-valid request rejected: 33``). Accepted, with the
# reasons in the gateway's README: schema-valid requests the services refuse (ids of nothing), and the
# downloads' media types, which depend on the format asked for. Any other check's finding fails.
FINDING = re.compile(r"^\s*❌ (ST\d+) ", re.MULTILINE)
ACCEPTED_FINDINGS = {"ST202", "ST105"}


module_servers_dir, nats_server, postgres_server = servers_of_its_own()


def schemathesis_run(
    base_url: str, token: str, schema: Path, report: Path, phases: str, seconds: int | None
) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        str(schema),
        "--url",
        base_url,
        "--checks",
        "all",
        "--header",
        f"Authorization: Bearer {token}",
        "--phases",
        phases,
        *(["--max-time", str(seconds)] if seconds else []),
        "--request-timeout",
        "10",
        "--workers",
        "1",
        "--continue-on-failure",
        "--report",
        "har",
        "--report-har-path",
        str(report),
        "--no-color",
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False, cwd=report.parent
    )


def findings(har: dict[str, Any], token: str) -> tuple[list[str], list[str], list[str], int]:
    """Server errors, failures outside the error shape, stalls after a failed request, and how many
    requests were sent. A slow request after a failed one is sent again right after the failed one:
    only if it is slow again is it a stall of the gateway rather than a busy machine (two cores shared
    by many test runs)."""
    entries = har["log"]["entries"]
    server_errors = [
        f"{entry['request']['method']} {entry['request']['url']} → {entry['response']['status']}"
        for entry in entries
        if entry["response"]["status"] >= 500
    ]
    out_of_shape = [
        f"{entry['request']['method']} {entry['request']['url']} → {entry['response']['status']} "
        f"{entry['response']['content'].get('text', '')[:200]}"
        for entry in entries
        if entry["response"]["status"] >= 400
        and "/api/" in entry["request"]["url"]
        and not in_error_shape(entry["response"]["content"].get("text", ""))
    ]
    stalls = [
        f"{entry['request']['method']} {entry['request']['url']} took {seconds * 1000:.0f} ms"
        for previous, entry in itertools.pairwise(entries)
        if previous["response"]["status"] >= 400
        and entry["time"] > STALL_SECONDS * 1000
        and (seconds := replayed_after(previous, entry, token)) > STALL_SECONDS
    ]
    return server_errors, out_of_shape, stalls, len(entries)


def coverage(summary: str) -> tuple[list[int], set[str]]:
    """From the run's summary: the operations selected, in the schema and tested (three equal numbers
    when every operation was reached), and the phases that ran to their end (a skipped, interrupted or
    broken phase is not among them)."""
    counts = re.search(r"Selected: (\d+)/(\d+)\s+Tested: (\d+)", summary)
    return [int(count) for count in counts.groups()] if counts else [], set(PHASE_RAN.findall(summary))


def in_error_shape(text: str) -> bool:
    """``{"error": {"code": ..., "message": ..., "details": [...]}}``, the JSON API's one failure shape."""
    try:
        body = json.loads(text)
    except ValueError:
        return False
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and {"code", "message", "details"} <= error.keys()


def replayed_after(failed: dict[str, Any], slow: dict[str, Any], token: str) -> float:
    """Seconds the slow request takes when sent again right after the failed one."""
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        send(client, failed)
        started = time.perf_counter()
        send(client, slow)
        return time.perf_counter() - started


def send(client: httpx.Client, entry: dict[str, Any]) -> None:
    request = entry["request"]
    headers = {
        item["name"]: item["value"]
        for item in request.get("headers", [])
        if item["name"].lower() == "content-type"
    }
    body = (request.get("postData") or {}).get("text")
    client.request(request["method"], request["url"], headers=headers, content=body)


@pytest.mark.slow
@pytest.mark.timeout(RUN_TIMEOUT_SECONDS + RUN_SECONDS + 300)
async def test_schemathesis_with_all_checks_finds_no_server_error_and_no_stall(
    registry: ServiceRuntime,
    events: ServiceRuntime,
    feedback: ServiceRuntime,
    notifications: ServiceRuntime,
    gateway_settings: Callable[..., GatewaySettings],
    nats_server: NatsServer,
    tmp_path: Path,
) -> None:
    settings = gateway_settings()
    token = await admin_token(settings, "schemathesis")
    app = create_app(settings)
    schema = tmp_path / "openapi.json"  # the document /openapi.json serves, read once here
    schema.write_text(json.dumps(app.openapi()))
    summaries: list[str] = []
    entries: list[Any] = []
    try:
        with served(app) as base_url:
            for number, (phases_run, seconds) in enumerate(RUNS):
                report = tmp_path / f"run-{number}.har"
                finished = await asyncio.to_thread(
                    schemathesis_run, base_url, token, schema, report, phases_run, seconds
                )
                print(finished.stdout[-20_000:])  # the other checks' findings, for the README's list
                assert report.exists(), finished.stdout[-5000:] + finished.stderr[-5000:]
                summaries.append(finished.stdout)
                entries += json.loads(report.read_text())["log"]["entries"]
            har = {"log": {"entries": entries}}
            server_errors, out_of_shape, stalls, sent = await asyncio.to_thread(findings, har, token)
    finally:
        await reset_message_templates(nats_server)

    assert sent > 0, summaries[0][-5000:]
    operations, _ = coverage(summaries[0])
    assert len(operations) == 3, summaries[0][-3000:]
    assert len(set(operations)) == 1, summaries[0][-3000:]
    phases = set().union(*(coverage(summary)[1] for summary in summaries))
    assert phases == set(PHASES), "".join(summary[-3000:] for summary in summaries)
    assert server_errors == []
    assert out_of_shape == []
    assert stalls == []
    found = set().union(*(FINDING.findall(summary) for summary in summaries))
    assert found <= ACCEPTED_FINDINGS, "".join(summary[-20_000:] for summary in summaries)
