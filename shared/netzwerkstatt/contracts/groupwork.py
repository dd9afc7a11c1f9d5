"""Group work plans of an event (served by the events service under ``events.groupwork.*``):
World Café, speed consultations, workshop choice and Barcamp.

A plan is made from the event's confirmed (or checked-in) registrations, stored with the event, and
can be re-run (the same seed gives the same plan) and adjusted by hand; the gateway prints and
exports it from the plan's data. What the planner
cannot do as asked comes back as ``notices`` on the best plan it could make, not as an error.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from netzwerkstatt.contracts import MAX_STORED_INT, Page, PageRequest, Request, View

SERVICE = "events"


class Variant(BaseModel):
    """Base of the members of a tagged union (``kind``/``action``). Like ``Request`` but without its
    per-field check, which pydantic does not allow on a tag; the request that holds the union checks
    the whole nested value."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Key = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_-]+$")]


class GroupworkKind(StrEnum):
    WORLD_CAFE = "world_cafe"
    SPEED_CONSULTATION = "speed_consultation"
    WORKSHOP_CHOICE = "workshop_choice"
    BARCAMP = "barcamp"


class ParticipantSource(StrEnum):
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"


# -- parameters per kind -----------------------------------------------------------------------------


class CafeTableInput(Request):
    id: Key = Field(examples=["t1"])
    topic: str = Field(default="", max_length=200, examples=["Anerkennung ausländischer Abschlüsse"])
    host_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Hosts stay at the table"
    )


class WorldCafeParameters(Variant):
    kind: Literal["world_cafe"] = "world_cafe"
    tables: list[CafeTableInput] = Field(min_length=1, max_length=50)
    rounds: int = Field(ge=1, le=20, examples=[3])
    avoid_series_encounters: bool = Field(
        default=False, description="Avoid pairs that met at World Cafés of earlier events of the series"
    )


class SpeedParameters(Variant):
    kind: Literal["speed_consultation"] = "speed_consultation"
    group_size: Literal[2, 3] = 2
    rounds: int = Field(ge=1, le=60, examples=[6])
    speaking_seconds: int = Field(default=45, ge=30, le=60)
    changeover_seconds: int = Field(default=30, ge=0, le=600)


class WorkshopInput(Request):
    id: Key = Field(examples=["w1"])
    title: str = Field(default="", max_length=200, examples=["Praxisworkshop Arbeitsmarktzugang"])
    capacity: int = Field(ge=0, le=10_000, examples=[12])


class WorkshopChoiceParameters(Variant):
    kind: Literal["workshop_choice"] = "workshop_choice"
    workshops: list[WorkshopInput] = Field(min_length=1, max_length=50)
    assign_unranked: bool = Field(default=True, description="Seat people whose ranked workshops are full")


class RoomInput(Request):
    id: Key = Field(examples=["r1"])
    name: str = Field(default="", max_length=100, examples=["Saal"])
    capacity: int = Field(ge=0, le=10_000, examples=[30])


class SlotInput(Request):
    id: Key = Field(examples=["s1"])
    label: str = Field(
        default="",
        max_length=100,
        examples=["11:00–11:45"],
        description="A time of day (11:00) or a span (11:00–11:45, 11.00 - 11.45 Uhr, 11:00 bis 11:45) "
        "that ends after it begins and overlaps no other slot (slot_not_a_time, slot_ends_before_start, "
        "slot_overlaps at the label); empty: the slot by its number",
    )


class BarcampParameters(Variant):
    kind: Literal["barcamp"] = "barcamp"
    rooms: list[RoomInput] = Field(min_length=1, max_length=50)
    slots: list[SlotInput] = Field(min_length=1, max_length=50)
    rounds: int | None = Field(
        default=None,
        ge=1,
        le=50,
        description="A Barcamp's rounds are its slots: when given, the number of slots "
        "(else barcamp_rounds_are_slots at rounds)",
    )


GroupworkParameters = Annotated[
    WorldCafeParameters | SpeedParameters | WorkshopChoiceParameters | BarcampParameters,
    Field(discriminator="kind"),
]


# -- requests ----------------------------------------------------------------------------------------


class GroupworkPlanInput(Request):
    """A new plan for the event; its participants are the event's registrations."""

    title: str = Field(min_length=1, max_length=200, examples=["World Café Nachmittag"])
    parameters: GroupworkParameters
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    participants: ParticipantSource = ParticipantSource.CONFIRMED
    day: date | None = Field(
        default=None, description="With checked_in: present on this day (any day if empty)"
    )


class PlanGroupwork(GroupworkPlanInput):
    event_id: uuid.UUID


class GroupworkEventRef(PageRequest):
    """An event's group work plans (a page of them)."""

    event_id: uuid.UUID


class GroupworkPlanRef(Request):
    plan_id: uuid.UUID


class RerunInput(Request):
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Empty: keep the plan's seed")
    version: int | None = Field(
        default=None, le=MAX_STORED_INT, description="Refuse if the plan changed meanwhile"
    )


class RerunPlan(RerunInput):
    plan_id: uuid.UUID


class MovePerson(Variant):
    """World Café: seat a person at another table in one round. Workshop choice: another workshop."""

    action: Literal["move_person"] = "move_person"
    person_id: uuid.UUID
    round: int | None = Field(default=None, ge=1, le=1000, description="World Café only")
    table_id: str | None = Field(default=None, description="World Café table or workshop id")


class SwapPeople(Variant):
    """Speed consultations: two people change places in one round."""

    action: Literal["swap_people"] = "swap_people"
    round: int = Field(ge=1, le=1000)
    person_id: uuid.UUID
    other_person_id: uuid.UUID


class MoveSession(Variant):
    """Barcamp: put a session into a slot (and room) by hand; a session already there changes places."""

    action: Literal["move_session"] = "move_session"
    session_id: str
    slot_id: str
    room_id: str | None = None


class PinSession(Variant):
    """Barcamp: fix a session to a slot (and room) and plan the rest around it."""

    action: Literal["pin_session"] = "pin_session"
    session_id: str
    slot_id: str
    room_id: str | None = None


class UnpinSession(Variant):
    action: Literal["unpin_session"] = "unpin_session"
    session_id: str


Adjustment = Annotated[
    MovePerson | SwapPeople | MoveSession | PinSession | UnpinSession, Field(discriminator="action")
]


class AdjustmentInput(Request):
    change: Adjustment
    version: int | None = Field(
        default=None, le=MAX_STORED_INT, description="Refuse if the plan changed meanwhile"
    )


class AdjustPlan(AdjustmentInput):
    plan_id: uuid.UUID


class ModerationAction(StrEnum):
    """What the moderator does in the room. ``start`` begins the first round (or restarts the plan's
    timer); ``next`` ends the current round (recording who met whom) and starts the next one; ``skip``
    moves on without recording; ``repeat`` starts the current round's time anew; ``no_show`` takes a
    person out of the rounds still to come and ``arrived`` adds a late arrival, each with the fewest
    moves of others."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    SKIP = "skip"
    REPEAT = "repeat"
    FINISH = "finish"
    NO_SHOW = "no_show"
    ARRIVED = "arrived"


class ModerationInput(Request):
    action: ModerationAction
    person_id: uuid.UUID | None = Field(default=None, description="no_show and arrived only")
    speaking_seconds: int | None = Field(
        default=None, ge=30, le=60, description="start only; speed consultations: time per speaker"
    )
    round_seconds: int | None = Field(
        default=None, ge=60, le=4 * 3600, description="start only; World Café and Barcamp: time per round"
    )


class ModeratePlan(ModerationInput):
    plan_id: uuid.UUID


class WorkshopPreferenceInput(Request):
    person_id: uuid.UUID
    ranked_workshop_ids: list[Key] = Field(max_length=50, description="Best first", examples=[["w2", "w1"]])


class SetPreferences(WorkshopPreferenceInput):
    plan_id: uuid.UUID


class ProposalInput(Request):
    id: Key = Field(examples=["integration-kurse"])
    title: str = Field(min_length=1, max_length=200, examples=["Integrationskurse und Arbeit"])
    giver_ids: list[uuid.UUID] = Field(min_length=1, max_length=10)


class ProposeSession(ProposalInput):
    plan_id: uuid.UUID


class VotesInput(Request):
    person_id: uuid.UUID
    session_ids: list[Key] = Field(max_length=50)


class CastVotes(VotesInput):
    plan_id: uuid.UUID


# -- views -------------------------------------------------------------------------------------------


class NoticeView(View):
    severity: str
    code: str
    field: str
    message: str


class GroupworkPlanSummary(View):
    id: uuid.UUID
    event_id: uuid.UUID
    kind: GroupworkKind
    title: str
    seed: int
    participants: int
    notices: int
    outdated: bool
    version: int
    updated_at: datetime


class GroupworkPlanList(Page[GroupworkPlanSummary]):
    event_id: uuid.UUID


class GroupworkPlanView(View):
    """The stored plan. ``plan`` and ``quality`` have the planner's shape for the kind; ``names``
    maps the ids in them to display names. ``outdated``: inputs or registrations changed since."""

    id: uuid.UUID
    event_id: uuid.UUID
    kind: GroupworkKind
    title: str
    parameters: dict[str, Any]
    participant_source: ParticipantSource
    day: date | None
    seed: int
    participant_ids: list[str]
    inputs: dict[str, Any]
    plan: dict[str, Any]
    quality: dict[str, Any]
    notices: list[NoticeView]
    adjustments: list[dict[str, Any]]
    names: dict[str, str]
    outdated: bool
    version: int
    created_at: datetime
    updated_at: datetime
    # The moderation state while the group work runs in the room (``None`` before it starts):
    # status (running/paused/finished), round (1-based), started_at (when the running stretch began),
    # elapsed_seconds (time of the round before that stretch), speaking_seconds, round_seconds,
    # absent and arrived person ids. The page computes remaining time from these and ``server_time``.
    live: dict[str, Any] | None = None
    # Who actually met whom: per finished round, the groups as they were after live changes.
    outcome: list[dict[str, Any]] = Field(default_factory=list)
    server_time: datetime | None = None


class ParticipantChanges(View):
    added: list[str]
    removed: list[str]
    plan: GroupworkPlanView
