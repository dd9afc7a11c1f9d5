"""Plans as plain rows (for CSV export) and as simple HTML snippets (round lists, cards, timetable).

Names are looked up in ``names`` (id -> display name) and fall back to the id. The snippets carry no
styling; the gateway wraps them in its page layout. Labels are the German UI terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from events_service.groupwork.barcamp_models import BarcampPlan
from events_service.groupwork.speed import SpeedPlan
from events_service.groupwork.workshops import WorkshopPlan
from events_service.groupwork.world_cafe_models import WorldCafePlan

Row = dict[str, str]


def _name(names: Mapping[str, str], entity_id: str) -> str:
    return names.get(entity_id, entity_id)


def world_cafe_rows(plan: WorldCafePlan, names: Mapping[str, str]) -> list[Row]:
    rows: list[Row] = []
    for cafe_round in plan.rounds:
        for table in cafe_round.tables:
            for role, people in (("host", table.host_ids), ("participant", table.participant_ids)):
                rows.extend(
                    {
                        "round": str(cafe_round.number),
                        "table_id": table.table_id,
                        "topic": table.topic,
                        "role": role,
                        "person_id": person,
                        "name": _name(names, person),
                    }
                    for person in people
                )
    return rows


def world_cafe_round_lists_html(plan: WorldCafePlan, names: Mapping[str, str]) -> str:
    parts = []
    for cafe_round in plan.rounds:
        parts.append(f'<section class="round"><h2>Runde {cafe_round.number}</h2>')
        for table in cafe_round.tables:
            hosts = ", ".join(escape(_name(names, h)) for h in table.host_ids)
            people = "".join(f"<li>{escape(_name(names, p))}</li>" for p in table.participant_ids)
            host_line = f"<p>Gastgeber*in: {hosts}</p>" if hosts else ""
            title = escape(table.topic or table.table_id)
            parts.append(f"<article><h3>{title}</h3>{host_line}<ul>{people}</ul></article>")
        parts.append("</section>")
    return "".join(parts)


def world_cafe_personal_cards_html(plan: WorldCafePlan, names: Mapping[str, str]) -> str:
    """One card per participant: which table (topic) to go to in each round."""
    visits: dict[str, list[tuple[int, str]]] = {}
    for cafe_round in plan.rounds:
        for table in cafe_round.tables:
            for person in table.participant_ids:
                visits.setdefault(person, []).append((cafe_round.number, table.topic or table.table_id))
    cards = []
    for person in sorted(visits, key=lambda p: _name(names, p)):
        lines = "".join(f"<li>Runde {n}: {escape(topic)}</li>" for n, topic in visits[person])
        cards.append(f'<div class="card"><h3>{escape(_name(names, person))}</h3><ol>{lines}</ol></div>')
    return "".join(cards)


def speed_rows(plan: SpeedPlan, names: Mapping[str, str]) -> list[Row]:
    rows = []
    for speed_round in plan.rounds:
        for number, group in enumerate(speed_round.groups, start=1):
            rows.append(
                {
                    "round": str(speed_round.number),
                    "start_seconds": str(speed_round.start_offset_seconds),
                    "group": str(number),
                    "speaking_order": " / ".join(_name(names, p) for p in group.speaking_order),
                }
            )
        if speed_round.byes:
            rows.append(
                {
                    "round": str(speed_round.number),
                    "start_seconds": str(speed_round.start_offset_seconds),
                    "group": "Pause",
                    "speaking_order": " / ".join(_name(names, p) for p in speed_round.byes),
                }
            )
    return rows


def speed_timetable_html(plan: SpeedPlan) -> str:
    rows = "".join(
        f"<tr><td>{step.round_number}</td><td>{_clock(step.offset_seconds)}</td>"
        f"<td>{step.duration_seconds} s</td><td>{escape(step.label)}</td></tr>"
        for step in plan.timetable
    )
    return (
        "<table><thead><tr><th>Runde</th><th>Start</th><th>Dauer</th><th>Schritt</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _clock(seconds: int) -> str:
    return f"{seconds // 60:d}:{seconds % 60:02d}"


def workshop_rows(plan: WorkshopPlan, names: Mapping[str, str]) -> list[Row]:
    return [
        {
            "person_id": a.participant_id,
            "name": _name(names, a.participant_id),
            "workshop_id": a.workshop_id or "",
            "choice": "" if a.choice is None else str(a.choice),
        }
        for a in plan.assignments
    ]


def barcamp_grid_html(
    plan: BarcampPlan, slot_ids: list[str], room_ids: list[str], titles: Mapping[str, str]
) -> str:
    """The session board: one row per slot, one column per room."""
    cell = {(p.slot_id, p.room_id): p for p in plan.placements if p.slot_id is not None}
    head = "".join(f"<th>{escape(titles.get(r, r))}</th>" for r in room_ids)
    body = []
    for slot in slot_ids:
        cells = []
        for room in room_ids:
            placement = cell.get((slot, room))
            text = (
                ""
                if placement is None
                else f"{escape(titles.get(placement.session_id, placement.session_id))}"
            )
            votes = "" if placement is None else f" ({placement.votes})"
            cells.append(f"<td>{text}{votes}</td>")
        body.append(f"<tr><th>{escape(titles.get(slot, slot))}</th>{''.join(cells)}</tr>")
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
