"""A stored plan as a CSV file or as one printable HTML page (German labels, as the UI shows them)."""

from __future__ import annotations

import re
from html import escape

from events_service.groupwork import render
from events_service.groupwork.barcamp_models import BarcampPlan
from events_service.groupwork.speed import SpeedPlan
from events_service.groupwork.workshops import WorkshopPlan
from events_service.groupwork.world_cafe_models import WorldCafePlan
from events_service.planning.build import stored_plan
from netzwerkstatt import tabular
from netzwerkstatt.contracts.groupwork import ExportFormat, GroupworkExport, GroupworkKind, GroupworkPlanView

KIND_LABELS = {
    GroupworkKind.WORLD_CAFE: "World Café",
    GroupworkKind.SPEED_CONSULTATION: "Speed Consultation",
    GroupworkKind.WORKSHOP_CHOICE: "Workshopwahl",
    GroupworkKind.BARCAMP: "Barcamp",
}

PRINT_STYLE = (
    "body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse;margin:.5rem 0}"
    "td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}"
    ".card{border:1px dashed #666;display:inline-block;margin:.3rem;padding:.5rem;width:15rem;"
    "vertical-align:top}section{page-break-inside:avoid}"
)


def rows(view: GroupworkPlanView) -> list[dict[str, str]]:
    plan = stored_plan(view.kind, view.plan)
    if isinstance(plan, WorldCafePlan):
        return render.world_cafe_rows(plan, view.names)
    if isinstance(plan, SpeedPlan):
        return render.speed_rows(plan, view.names)
    if isinstance(plan, WorkshopPlan):
        return render.workshop_rows(plan, view.names)
    return _barcamp_rows(plan, view)


def _barcamp_rows(plan: BarcampPlan, view: GroupworkPlanView) -> list[dict[str, str]]:
    titles = {p["id"]: p["title"] for p in view.inputs.get("proposals", [])}
    return [
        {
            "session_id": p.session_id,
            "title": titles.get(p.session_id, p.session_id),
            "slot_id": p.slot_id or "",
            "room_id": p.room_id or "",
            "votes": str(p.votes),
            "room_capacity": "" if p.room_capacity is None else str(p.room_capacity),
        }
        for p in plan.placements
    ]


def csv_text(records: list[dict[str, str]]) -> str:
    """The plan's rows as CSV (the kernel's one tabular export: BOM, ``;``, formulas neutralised)."""
    if not records:
        return ""
    headers = tuple(records[0])
    rows = tuple(tuple(record.get(header) for header in headers) for record in records)
    return tabular.csv_text(tabular.Table(title="Plan", headers=headers, rows=rows))


def body_html(view: GroupworkPlanView) -> str:
    plan = stored_plan(view.kind, view.plan)
    if isinstance(plan, WorldCafePlan):
        return (
            "<h2>Rundenlisten</h2>"
            + render.world_cafe_round_lists_html(plan, view.names)
            + "<h2>Tischkarten</h2>"
            + render.world_cafe_personal_cards_html(plan, view.names)
        )
    if isinstance(plan, SpeedPlan):
        return "<h2>Zeitplan</h2>" + render.speed_timetable_html(plan) + _speed_rounds_html(plan, view)
    if isinstance(plan, WorkshopPlan):
        return _workshops_html(plan, view)
    slots = [s["id"] for s in view.parameters["slots"]]
    rooms = [r["id"] for r in view.parameters["rooms"]]
    titles = {s["id"]: s["label"] or s["id"] for s in view.parameters["slots"]}
    titles |= {r["id"]: r["name"] or r["id"] for r in view.parameters["rooms"]}
    titles |= {p["id"]: p["title"] for p in view.inputs.get("proposals", [])}
    return "<h2>Sessionplan</h2>" + render.barcamp_grid_html(plan, slots, rooms, titles)


def _speed_rounds_html(plan: SpeedPlan, view: GroupworkPlanView) -> str:
    table = "".join(
        f"<tr><td>{escape(r['round'])}</td><td>{escape(r['group'])}</td><td>{escape(r['speaking_order'])}</td></tr>"
        for r in render.speed_rows(plan, view.names)
    )
    return (
        "<h2>Gesprächsrunden</h2><table><thead><tr><th>Runde</th><th>Gruppe</th><th>Reihenfolge</th></tr>"
        f"</thead><tbody>{table}</tbody></table>"
    )


def _workshops_html(plan: WorkshopPlan, view: GroupworkPlanView) -> str:
    parts = []
    for workshop in view.parameters["workshops"]:
        people = [a for a in plan.assignments if a.workshop_id == workshop["id"]]
        items = "".join(
            f"<li>{escape(view.names.get(a.participant_id, a.participant_id))}"
            f"{'' if a.choice is None else f' ({a.choice}. Wahl)'}</li>"
            for a in people
        )
        title = escape(workshop["title"] or workshop["id"])
        parts.append(
            f"<section><h3>{title} ({len(people)}/{workshop['capacity']})</h3><ul>{items}</ul></section>"
        )
    satisfaction = plan.satisfaction
    parts.append(
        f"<p>Erstwahl: {satisfaction.share_first_choice:.0%} · unter den ersten drei: "
        f"{satisfaction.share_top_three:.0%} · ohne Platz: {satisfaction.unassigned}</p>"
    )
    return "<h2>Workshopzuteilung</h2>" + "".join(parts)


def html_page(view: GroupworkPlanView, event_title: str) -> str:
    # The printout is for the room: the planner's notices stay on the staff page, in words there.
    title = f"{KIND_LABELS[view.kind]}: {view.title}"
    return (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{PRINT_STYLE}</style></head><body><h1>{escape(title)}</h1><p>{escape(event_title)}</p>"
        f"{body_html(view)}</body></html>"
    )


def _file_stem(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "plan"


def document(view: GroupworkPlanView, event_title: str, format: ExportFormat) -> GroupworkExport:
    stem = f"{view.kind.value}-{_file_stem(view.title)}"
    if format == ExportFormat.CSV:
        return GroupworkExport(
            filename=f"{stem}.csv", media_type=tabular.CSV_MEDIA_TYPE, content=csv_text(rows(view))
        )
    return GroupworkExport(
        filename=f"{stem}.html", media_type="text/html", content=html_page(view, event_title)
    )
