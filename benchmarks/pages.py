"""Page-speed benchmark of the staff UI: the render time of every staff page with the demo data and
the real services, next to the gateway's bare ``/health`` answer measured in the same run.

Starts the whole system as `make up` does (every service as its own process, demo data) in a
temporary folder, signs in as the demo coordinator, finds the staff pages by following the links
from the dashboard (one page per address pattern, e.g. one event page for all events), then asks
each page ``--rounds`` times in turn, sequentially, one request at a time, and prints the median and
the 95th percentile per page. The goal is a median under 150 ms for every page.

Run: ``uv run python benchmarks/pages.py [--quick] [--rounds 20]``; against a running stack instead:
``uv run python benchmarks/pages.py --url http://127.0.0.1:8000 --password <demo password>``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit

import httpx

from gateway_service.testing import csrf_token_in
from netzwerkstatt.stack.supervisor import demo_password, temporary_stack

GOAL_MS = 150.0
SKIPPED = re.compile(r"/logout|/p/|/static/|/docs|/api/|/openapi|\.(csv|xlsx|ics|html|json)$|/file\.")
IDENTIFIER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LINK = re.compile(r'href="([^"#]+)"')
START = ["/", "/events/events", "/events/series", "/events/groupwork", "/registry/organisations"]


@contextmanager
def system(url: str | None, password: str | None) -> Iterator[tuple[str, str]]:
    if url and password:
        yield url, password
        return
    print("starting the whole system with its demo data …", flush=True)
    with temporary_stack(demo=True, registry_data=True) as options:
        yield options.public_url, demo_password(options.data_dir)


def signed_in(url: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    form = client.get("/login")
    client.post(
        "/login",
        data={
            "email": "koordination@example.org",
            "password": password,
            "csrf_token": csrf_token_in(form.text),
        },
    )
    return client


def staff_pages(client: httpx.Client, limit: int) -> list[str]:
    """One page per address pattern, found by following links from the start pages."""
    found: list[str] = []
    patterns: set[str] = set()
    queue = list(START)
    host = urlsplit(str(client.base_url)).netloc
    while queue and len(found) < limit:
        path = queue.pop(0)
        pattern = IDENTIFIER.sub("ID", path.split("?")[0])
        if pattern in patterns:
            continue
        patterns.add(pattern)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found.append(path)
        for href in LINK.findall(response.text):
            target = urlsplit(urljoin(f"{client.base_url}{path}", href.replace("&amp;", "&")))
            if target.netloc == host and not SKIPPED.search(target.path):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="requests per page (default 20, quick 3)")
    parser.add_argument("--pages", type=int, default=60, help="at most this many page patterns")
    parser.add_argument("--url")
    parser.add_argument("--password")
    parser.add_argument("--quick", action="store_true", help="fewer rounds (3)")
    options = parser.parse_args()
    options.rounds = options.rounds or (3 if options.quick else 20)
    with system(options.url, options.password) as (url, password):
        client = signed_in(url, password)
        try:
            pages = staff_pages(client, options.pages)
            timings: dict[str, list[float]] = {path: [] for path in ["/health", *pages]}
            for _ in range(options.rounds):
                for path in timings:
                    started = time.perf_counter()
                    response = client.get(path)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
                    timings[path].append(elapsed)
        finally:
            client.close()
    width = max(len(IDENTIFIER.sub("…", path)) for path in timings)
    print(f"\n{'page':<{width}}  median ms    p95 ms")
    slow = []
    for path, values in timings.items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        mark = "" if median < GOAL_MS or path == "/health" else "  over the goal"
        if mark:
            slow.append(path)
        print(f"{IDENTIFIER.sub('…', path):<{width}}  {median:9.1f}  {p95:8.1f}{mark}")
    print(
        f"\n{len(pages)} staff pages, {options.rounds} rounds; "
        f"goal: median < {GOAL_MS:.0f} ms; over it: {len(slow)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
