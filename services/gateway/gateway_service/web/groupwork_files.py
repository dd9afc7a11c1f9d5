"""A group work plan as files, in the reader's language: a printable page (a Jinja template, like the
participant list and the Schnittstellenpapier) with a card for each table, group or room in each
round, and CSV or XLSX (written by ``netzwerkstatt.tabular``: BOM, ``;``, the same headings in both,
no cell a spreadsheet runs as a formula). The events service sends the plan as data
(``events.groupwork.get``: the planner's plan, the parameters, the inputs and the people's names);
every word on the files comes from the catalogue here."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from fastapi.responses import Response

from gateway_service.i18n import Language, translator
from gateway_service.web.downloads import disposition as content_disposition
from gateway_service.web.rendering import environment
from netzwerkstatt import tabular

FileFormat = Literal["html", "csv", "xlsx"]
Plan = Mapping[str, Any]

HTML_MEDIA_TYPE = "text/html; charset=utf-8"
# The printout is a document of its own: no scripts, nothing loaded from elsewhere.
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


class TableCard(NamedTuple):
    """One table of a World Café round, or one group of a speed round, or one room in a Barcamp slot."""

    place: str
    hosts: list[str]
    people: list[str]


class Round(NamedTuple):
    number: int
    start: str
    cards: list[TableCard]
    byes: list[str]


class WalkCard(NamedTuple):
    person: str
    tables: list[tuple[int, str]]


class Step(NamedTuple):
    round: int
    start: str
    seconds: int
    words: str


class WorkshopCard(NamedTuple):
    title: str
    capacity: int | None
    people: list[tuple[str, str]]


class RoomCard(NamedTuple):
    slot: str
    room: str
    session: str
    givers: list[str]
    votes: int


def clock(seconds: int) -> str:
    return f"{seconds // 60:d}:{seconds % 60:02d}"


class PlanWords:
    """What a plan's ids and codes read as in one language: places by their topic, title or name
    (else numbered, "Tisch 2"), people by their name (an erased person as such)."""

    def __init__(self, plan: Plan, language: Language, event_title: str = "") -> None:
        self.plan = plan
        self.language = language
        self.event_title = event_title
        self.t = translator(language)
        self.kind: str = plan["kind"]
        self.names: Mapping[str, str] = plan.get("names") or {}
        self.parameters: Mapping[str, Any] = plan.get("parameters") or {}
        self.inputs: Mapping[str, Any] = plan.get("inputs") or {}
        self.body: Mapping[str, Any] = plan.get("plan") or {}

    # -- words ---------------------------------------------------------------------------------------

    def kind_name(self) -> str:
        return self.t(f"groupwork.{self.kind}")

    def heading(self) -> str:
        return f"{self.kind_name()}: {self.plan['title']}"

    def person(self, person_id: str) -> str:
        # A person erased from the registry is no longer among the names the service sends.
        return self.names.get(person_id) or self.t("person.erased")

    def people(self, person_ids: Sequence[str]) -> list[str]:
        return [self.person(person_id) for person_id in person_ids]

    def _place(self, items_key: str, name_key: str, word: str, place_id: str | None) -> str:
        if not place_id:
            return ""
        for number, item in enumerate(self.parameters.get(items_key) or [], start=1):
            if item.get("id") == place_id:
                return str(item.get(name_key) or f"{self.t(word)} {number}")
        return place_id

    def table(self, table_id: str, topic: str = "") -> str:
        return topic or self._place("tables", "topic", "groupwork.table", table_id)

    def workshop(self, workshop_id: str | None) -> str:
        if not workshop_id:
            return self.t("groupwork.print_no_place")
        return self._place("workshops", "title", "groupwork.workshop", workshop_id)

    def room(self, room_id: str | None) -> str:
        return self._place("rooms", "name", "groupwork.room", room_id)

    def slot(self, slot_id: str | None) -> str:
        return self._place("slots", "label", "groupwork.slot", slot_id)

    def _proposal(self, session_id: str) -> Mapping[str, Any]:
        return next((p for p in self.inputs.get("proposals") or [] if p.get("id") == session_id), {})

    def session(self, session_id: str) -> str:
        return str(self._proposal(session_id).get("title") or session_id)

    def givers(self, session_id: str) -> list[str]:
        return self.people(self._proposal(session_id).get("giver_ids") or [])

    def choice(self, choice: int | None) -> str:
        if choice is None:
            return self.t("groupwork.print_unranked")
        return self.t("groupwork.print_choice_number").format(number=choice)

    # -- World Café ----------------------------------------------------------------------------------

    def cafe_rounds(self) -> list[Round]:
        return [
            Round(
                cafe_round["number"],
                "",
                [
                    TableCard(
                        self.table(table["table_id"], table.get("topic") or ""),
                        self.people(table.get("host_ids") or []),
                        self.people(table.get("participant_ids") or []),
                    )
                    for table in cafe_round["tables"]
                ],
                [],
            )
            for cafe_round in self.body.get("rounds") or []
        ]

    def walk_cards(self) -> list[WalkCard]:
        """One card per participant: the table (its topic) to go to in each round."""
        visits: dict[str, list[tuple[int, str]]] = {}
        for cafe_round in self.body.get("rounds") or []:
            for table in cafe_round["tables"]:
                place = self.table(table["table_id"], table.get("topic") or "")
                for person in table.get("participant_ids") or []:
                    visits.setdefault(person, []).append((cafe_round["number"], place))
        cards = [WalkCard(self.person(person), tables) for person, tables in visits.items()]
        return sorted(cards, key=lambda card: card.person.casefold())

    # -- speed consultations ------------------------------------------------------------------------

    def speed_rounds(self) -> list[Round]:
        return [
            Round(
                speed_round["number"],
                clock(int(speed_round.get("start_offset_seconds") or 0)),
                [
                    TableCard(
                        f"{self.t('groupwork.print_group')} {number}",
                        [],
                        self.people(group.get("speaking_order") or group.get("participant_ids") or []),
                    )
                    for number, group in enumerate(speed_round.get("groups") or [], start=1)
                ],
                self.people(speed_round.get("byes") or []),
            )
            for speed_round in self.body.get("rounds") or []
        ]

    def steps(self) -> list[Step]:
        """The timer's steps, phrased here: in each round the speakers in turn, then the changeover to
        the next round (the planner writes them in this order)."""
        rounds = self.body.get("rounds") or []
        speakers = {
            r["number"]: max((len(g.get("speaking_order") or []) for g in r.get("groups") or []), default=0)
            for r in rounds
        }
        steps: list[Step] = []
        position: dict[int, int] = {}
        for step in self.body.get("timetable") or []:
            number = int(step["round_number"])
            index = position[number] = position.get(number, 0) + 1
            count = speakers.get(number, 0)
            if index <= count:
                words = self.t("groupwork.print_speaker").format(round=number, number=index, count=count)
            else:
                words = self.t("groupwork.print_changeover").format(round=number + 1)
            steps.append(
                Step(number, clock(int(step["offset_seconds"])), int(step["duration_seconds"]), words)
            )
        return steps

    # -- workshop choice -----------------------------------------------------------------------------

    def workshop_cards(self) -> list[WorkshopCard]:
        assignments = self.body.get("assignments") or []

        def seated(workshop_id: str | None) -> list[tuple[str, str]]:
            return [
                (self.person(a["participant_id"]), self.choice(a.get("choice")))
                for a in assignments
                if a.get("workshop_id") == workshop_id
            ]

        cards = [
            WorkshopCard(self.workshop(w["id"]), w.get("capacity"), seated(w["id"]))
            for w in self.parameters.get("workshops") or []
        ]
        unassigned = [(name, "") for name, _ in seated(None)]
        if unassigned:
            words = self.t("groupwork.print_no_place")
            cards.append(WorkshopCard(words[:1].upper() + words[1:], None, unassigned))
        return cards

    def satisfaction(self) -> str:
        found = self.body.get("satisfaction")
        if not found:
            return ""
        return self.t("groupwork.print_satisfaction").format(
            first=round(100 * float(found.get("share_first_choice") or 0)),
            top_three=round(100 * float(found.get("share_top_three") or 0)),
            unassigned=int(found.get("unassigned") or 0),
        )

    # -- Barcamp -------------------------------------------------------------------------------------

    def placements(self) -> list[Mapping[str, Any]]:
        return list(self.body.get("placements") or [])

    def board(self) -> tuple[list[str], list[tuple[str, list[str]]]]:
        """The session board: the rooms as columns, one row per slot (a session with its votes)."""
        rooms = [r["id"] for r in self.parameters.get("rooms") or []]
        cells = {(p.get("slot_id"), p.get("room_id")): p for p in self.placements() if p.get("slot_id")}

        def cell(slot_id: str, room_id: str) -> str:
            placed = cells.get((slot_id, room_id))
            return "" if placed is None else f"{self.session(placed['session_id'])} ({placed['votes']})"

        rows = [
            (self.slot(s["id"]), [cell(s["id"], room) for room in rooms])
            for s in self.parameters.get("slots") or []
        ]
        return [self.room(room) for room in rooms], rows

    def room_cards(self) -> list[RoomCard]:
        """One card for the door of each room in each slot: which session runs there."""
        slots = [s["id"] for s in self.parameters.get("slots") or []]
        placed = [p for p in self.placements() if p.get("slot_id")]
        placed.sort(key=lambda p: slots.index(p["slot_id"]) if p["slot_id"] in slots else len(slots))
        return [
            RoomCard(
                self.slot(p["slot_id"]),
                self.room(p.get("room_id")),
                self.session(p["session_id"]),
                self.givers(p["session_id"]),
                int(p.get("votes") or 0),
            )
            for p in placed
        ]

    def not_placed(self) -> list[str]:
        return [self.session(p["session_id"]) for p in self.placements() if not p.get("slot_id")]

    # -- the spreadsheet -----------------------------------------------------------------------------

    def table_file(self) -> tabular.Table:
        """The plan's rows under headings in the reader's language, the same in CSV and XLSX."""
        t = self.t
        headers: tuple[str, ...]
        rows: list[tuple[tabular.Cell, ...]]
        if self.kind == "world_cafe":
            headers = (
                t("groupwork.round"),
                t("groupwork.table"),
                t("groupwork.print_role"),
                t("common.name"),
            )
            rows = [
                (cafe_round.number, card.place, t(role), person)
                for cafe_round in self.cafe_rounds()
                for card in cafe_round.cards
                for role, people in (
                    ("groupwork.print_host", card.hosts),
                    ("groupwork.print_participant", card.people),
                )
                for person in people
            ]
        elif self.kind == "speed_consultation":
            headers = (
                t("groupwork.round"),
                t("groupwork.print_start"),
                t("groupwork.print_group"),
                t("groupwork.print_speaking_order"),
            )
            rows = []
            for speed_round in self.speed_rounds():
                rows += [
                    (speed_round.number, speed_round.start, number, " / ".join(card.people))
                    for number, card in enumerate(speed_round.cards, start=1)
                ]
                if speed_round.byes:
                    rows.append(
                        (
                            speed_round.number,
                            speed_round.start,
                            t("groupwork.byes"),
                            " / ".join(speed_round.byes),
                        )
                    )
        elif self.kind == "workshop_choice":
            headers = (t("common.name"), t("groupwork.workshop"), t("groupwork.choice"))
            rows = [
                (self.person(a["participant_id"]), self.workshop(a.get("workshop_id")), a.get("choice"))
                for a in self.body.get("assignments") or []
            ]
        else:
            headers = (
                t("groupwork.session"),
                t("groupwork.slot"),
                t("groupwork.room"),
                t("groupwork.votes"),
                t("groupwork.print_room_capacity"),
            )
            rows = [
                (
                    self.session(p["session_id"]),
                    self.slot(p.get("slot_id")) or t("groupwork.print_not_placed"),
                    self.room(p.get("room_id")),
                    p.get("votes"),
                    p.get("room_capacity"),
                )
                for p in self.placements()
            ]
        preamble = (self.heading(), self.event_title) if self.event_title else (self.heading(),)
        return tabular.Table(self.kind_name()[:31], headers, tuple(rows), preamble)


def to_csv(plan: Plan, language: Language, event_title: str = "") -> bytes:
    return tabular.csv_bytes(PlanWords(plan, language, event_title).table_file())


def to_xlsx(plan: Plan, language: Language, event_title: str = "") -> bytes:
    return tabular.xlsx_bytes([PlanWords(plan, language, event_title).table_file()])


def to_html(plan: Plan, language: Language, event_title: str = "") -> bytes:
    """The printable page (A4), rendered by the gateway's templates."""
    words = PlanWords(plan, language, event_title)
    document = environment.get_template("groupwork/print.html").render(
        plan=plan, words=words, t=words.t, language=language
    )
    return document.encode("utf-8")


RENDERERS: dict[FileFormat, tuple[Callable[[Plan, Language, str], bytes], str]] = {
    "html": (to_html, HTML_MEDIA_TYPE),
    "csv": (to_csv, tabular.CSV_MEDIA_TYPE),
    "xlsx": (to_xlsx, tabular.XLSX_MEDIA_TYPE),
}


def file_name(plan: Plan, language: Language, extension: str) -> str:
    kind = translator(language)(f"groupwork.{plan['kind']}")
    title = str(plan.get("title") or "")
    title = title if tabular.slug(title) else translator(language)("groupwork.file_name")
    return tabular.file_name(kind, title, extension=extension)


def plan_file(plan: Plan, event_title: str, file_format: FileFormat, language: Language) -> Response:
    """The plan as a file in the reader's language: the printable page shown in the browser, CSV and
    XLSX downloaded; not kept anywhere (no-store)."""
    render, media_type = RENDERERS[file_format]
    disposition = "inline" if file_format == "html" else "attachment"
    headers = {
        "Content-Disposition": content_disposition(file_name(plan, language, file_format), disposition),
        "Cache-Control": "no-store",
    }
    if file_format == "html":
        headers["Content-Security-Policy"] = HTML_POLICY
    return Response(render(plan, language, event_title), media_type=media_type, headers=headers)
