"""Every staff page, walked in Chromium over the demo data of the whole system as `make up` runs it
(every service with its demo series of each seed format and their events, and the registry's
organisations, people, networks, responsibilities and Schnittstellenpapier): a coordinator
in German sees no code (snake_case words, bare district keys, code words such as "draft") and no
English; an admin in English sees no code either; axe-core finds no serious or critical
accessibility violation on any page. Screenshots for the user guide land in
test-artifacts/screenshots/guide/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.async_api import Browser, BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from gateway_service import i18n
from netzwerkstatt.demo import demo_id
from netzwerkstatt.stack.supervisor import demo_password, temporary_stack
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# A district key standing alone (not a date, time, amount, phone number or part of an address).
DISTRICT_KEY = re.compile(r"(?<![\d.,:/+-])\d{5}(?:-\d{2})?(?![\d.,:/])")
# Code words that are single English words (statuses, kinds, types) as they would leak onto a page.
CODE_WORDS = {
    key.rsplit(".", 1)[1].removeprefix("status_")
    for key in i18n.CATALOGUE
    if key.startswith(
        ("organisation_type.", "network_kind.", "agenda_format.", "events.status_", "agreement.status_")
    )
    and "_" not in key.rsplit(".", 1)[1].removeprefix("status_")
} | {"waitlisted", "confirmed", "declined", "issued", "accepted", "withdrawn", "pending", "suppressed"}
ENGLISH = re.compile(
    r"\b(the|and|of|is|are|not|with|please|should|must|cannot|input|value|field|required|"
    r"invalid|error|none|true|false|unknown)\b"
)
# Words that German pages use as they are.
LOANWORDS = ("Save the Date", "Save-the-Date")
# Pages that change something or are files, and the sign-out.
SKIPPED = re.compile(
    r"/export|/language/|/logout|/p/|/static/|/docs|/api/|/openapi|\.(csv|xlsx|ics|html|json)$|/file\.|/participants|/sign-in-sheet"
)
IDENTIFIER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=/)\d+(?=/|$)")
# A completed edition with its attendees' districts on the map, and its series with the next host:
# walked besides the first page of each kind, and shown in the user guide.
EDITION = f"/events/{demo_id('event', 'ikoe-ideenwerkstatt-13')}"
SERIES = f"/events/series/{demo_id('series', 'ikoe-ideenwerkstatt')}"
# A person's right of access to print (Art. 15 GDPR): a demo person of the demo coordinator's networks.
PERSONAL_DATA = f"/registry/people/{demo_id('person', 'mara-lindqvist')}/personal-data"
# Pages shown in the user guide (docs/anleitung/README.md): an exact path, or the first page walked of
# a kind (its path with identifiers as ID).
GUIDE = {
    "/": "01-uebersicht",
    "/events/events": "02-veranstaltungen",
    "/events/new": "03-neue-veranstaltung",
    EDITION: "04-veranstaltung",
    "/events/ID/agenda": "05-programm",
    "/events/ID/invitations": "06-einladungen",  # an upcoming event's, with the invitation form
    f"{EDITION}/registrations": "07-anmeldungen",
    f"{EDITION}/figures": "08-zahlen",
    "/events/series": "09-reihen",
    SERIES: "10-reihe",
    "/events/ID/groupwork": "11-gruppenarbeit",
    "/events/ID/groupwork/ID": "12-gruppenarbeit-plan",
    "/events/agreements": "13-vereinbarungen",
    "/registry/organisations": "14-organisationen",
    "/registry/interface-papers/ID": "15-schnittstellenpapier",
    "/feedback/surveys/ID": "16-feedback",
}
# The text of the page without what is not words of the page; a detached copy has no layout, so the
# texts of cells, items and blocks are kept apart as the page shows them (not run together).
TEXT_OF_PAGE = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[translate="no"], script, style, datalist, svg').forEach((e) => e.remove());
  body.querySelectorAll(
    'td, th, tr, li, dt, dd, p, div, br, option, label, legend, caption, summary, h1, h2, h3, h4, h5, h6'
  ).forEach((e) => e.append('\\n'));
  return body.textContent;
}"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, where: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
  }));
}"""


@dataclass
class Findings:
    pages: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)

    def add(self, path: str, problem: str) -> None:
        self.problems.setdefault(path, []).append(problem)


@pytest.fixture(scope="module")
def demo_stack() -> Iterator[tuple[str, str]]:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make browser` (npm ci in tests/browser/axe)")
    with temporary_stack(demo=True, registry_data=True) as options:
        yield options.public_url, demo_password(options.data_dir)


async def signed_in(
    browser: Browser, url: str, email: str, password: str, language: str, *, axe: bool = False
) -> BrowserContext:
    context = await browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE" if language == "de" else "en-GB"
    )
    if axe:
        # In every page before its own scripts, under the page's own Content-Security-Policy (a
        # script Playwright adds is not one the policy governs), compiled once for the whole walk.
        await context.add_init_script(path=str(AXE))
    await context.add_cookies([{"name": "nw_lang", "value": language, "url": url}])
    page = await context.new_page()
    await page.goto(f"{url}/login")
    await page.locator("#email").fill(email)
    await page.locator("#password").fill(password)
    await page.locator("form button[type=submit]").click()
    await page.wait_for_url(lambda target: "/login" not in target)
    return context


def pattern_of(path: str) -> str:
    return IDENTIFIER.sub("ID", path.split("?")[0])


async def links_of(page: Page, url: str) -> list[str]:
    found: list[str] = []
    for href in await page.eval_on_selector_all(
        "a[href]", "(links) => links.map((a) => a.getAttribute('href'))"
    ):
        target = urlsplit(urljoin(page.url, href))
        if target.netloc != urlsplit(url).netloc:
            continue
        path = target.path + (f"?{target.query}" if target.query else "")
        if not SKIPPED.search(target.path):
            found.append(path)
    return found


def problems_in(text: str, language: str) -> list[str]:
    found = sorted(set(SNAKE_CASE.findall(text))) + sorted(set(DISTRICT_KEY.findall(text)))
    words = set(re.findall(r"\b[a-z]+\b", text))
    found += sorted(words & CODE_WORDS) if language == "de" else []
    if language == "de":
        german = text
        for loanword in LOANWORDS:
            german = german.replace(loanword, "")
        found += sorted({f"English: {word}" for word in ENGLISH.findall(german)})
    return found


async def walk(
    context: BrowserContext, url: str, language: str, start: list[str], *, per_pattern: int, axe: bool
) -> Findings:
    """Every page reached from ``start``, up to ``per_pattern`` of each kind; pages of ``start`` with
    an identifier are walked afterwards, besides those, and do not count."""
    findings = Findings()
    seen: set[str] = set()
    counts: dict[str, int] = {}
    chosen_pages = [path for path in start if pattern_of(path) != path]
    queue = [path for path in start if path not in chosen_pages]
    page = await context.new_page()
    while queue or chosen_pages:
        path = queue.pop(0) if queue else chosen_pages.pop(0)
        pattern = pattern_of(path)
        chosen = path in start and pattern != path
        if path in seen or (not chosen and counts.get(pattern, 0) >= per_pattern):
            continue
        seen.add(path)
        if not chosen:
            counts[pattern] = counts.get(pattern, 0) + 1
        try:
            response = await page.goto(url + path)
        except PlaywrightError as error:  # a link that is a download, not a page
            findings.add(path, f"not a page: {error.message.splitlines()[0]}")
            continue
        findings.pages.append(path)
        if response is None or response.status >= 400:
            findings.add(path, f"HTTP {response.status if response else '?'}")
            continue
        for problem in problems_in(await page.evaluate(TEXT_OF_PAGE), language):
            findings.add(path, problem)
        if axe:
            for violation in await page.evaluate(AXE_RUN):
                if violation["impact"] in ("serious", "critical"):
                    findings.add(
                        path, f"axe {violation['impact']}: {violation['id']} at {violation['where']}"
                    )
        shown = GUIDE.get(path) or (GUIDE.get(pattern) if not chosen and counts[pattern] == 1 else None)
        if language == "de" and shown:
            (SCREENSHOTS / "guide").mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(SCREENSHOTS / "guide" / f"{shown}.png"), full_page=True)
        queue += [link for link in await links_of(page, url) if link not in seen]
    await page.close()
    return findings


START = [
    "/",
    "/events/events",
    "/events/series",
    "/events/new",
    "/events/groupwork",
    "/registry/organisations",
    EDITION,
    f"{EDITION}/registrations",
    f"{EDITION}/figures",
    SERIES,
    PERSONAL_DATA,
]


async def test_a_coordinator_reads_every_page_in_german_without_codes_english_or_barriers(
    demo_stack: tuple[str, str], chromium: Browser
) -> None:
    url, password = demo_stack
    context = await signed_in(chromium, url, "koordination@example.org", password, "de", axe=True)
    findings = await walk(context, url, "de", START, per_pattern=1, axe=True)
    await context.close()
    assert findings.problems == {}
    assert len(findings.pages) >= 30, findings.pages
    visited = {pattern_of(page) for page in findings.pages}
    assert {"/events/ID", "/events/series/ID", "/events/ID/agenda", "/events/ID/figures"} <= visited
    registry = {"/registry/organisations/ID", "/registry/people/ID", "/registry/networks/ID"}
    assert registry | {"/registry/interface-papers/ID", "/registry/people/ID/personal-data"} <= visited


async def test_an_admin_reads_every_page_in_english_without_codes(
    demo_stack: tuple[str, str], chromium: Browser
) -> None:
    url, password = demo_stack
    context = await signed_in(chromium, url, "admin@example.org", password, "en")
    start = [*START, "/admin/accounts", "/operations/dead-letters"]
    findings = await walk(context, url, "en", start, per_pattern=1, axe=False)
    await context.close()
    assert len(findings.pages) >= 30, findings.pages
    assert findings.problems == {}
