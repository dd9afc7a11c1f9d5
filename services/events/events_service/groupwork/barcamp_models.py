"""Input and output models of the Barcamp planner."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from events_service.groupwork.common import (
    EntityId,
    FrozenModel,
    NonNegativeInt,
    PlanNotice,
    PositiveInt,
    check_unique_ids,
)


class Room(FrozenModel):
    id: EntityId
    name: str = ""
    capacity: NonNegativeInt


class Slot(FrozenModel):
    id: EntityId
    label: str = ""


class Session(FrozenModel):
    """A proposed session; ``voter_ids`` are the people who want to attend it."""

    id: EntityId
    title: str = ""
    giver_ids: tuple[EntityId, ...] = Field(min_length=1)
    voter_ids: tuple[EntityId, ...] = ()


class Pin(FrozenModel):
    """Staff fixed a session to a slot (and optionally a room)."""

    session_id: EntityId
    slot_id: EntityId
    room_id: EntityId | None = None


class BarcampRequest(FrozenModel):
    rooms: tuple[Room, ...] = Field(min_length=1)
    slots: tuple[Slot, ...] = Field(min_length=1)
    sessions: tuple[Session, ...]
    pins: tuple[Pin, ...] = ()
    seed: int = 0
    search_steps_per_session: PositiveInt = 3000

    @model_validator(mode="after")
    def _references_are_known(self) -> Self:
        check_unique_ids([r.id for r in self.rooms], "rooms")
        check_unique_ids([s.id for s in self.slots], "slots")
        check_unique_ids([s.id for s in self.sessions], "sessions")
        check_unique_ids([p.session_id for p in self.pins], "pins")
        sessions, slots, rooms = (
            {s.id for s in self.sessions},
            {s.id for s in self.slots},
            {r.id for r in self.rooms},
        )
        for index, pin in enumerate(self.pins):
            if pin.session_id not in sessions:
                raise ValueError(f"pins[{index}].session_id: unknown session {pin.session_id!r}")
            if pin.slot_id not in slots:
                raise ValueError(f"pins[{index}].slot_id: unknown slot {pin.slot_id!r}")
            if pin.room_id is not None and pin.room_id not in rooms:
                raise ValueError(f"pins[{index}].room_id: unknown room {pin.room_id!r}")
        return self


class Placement(FrozenModel):
    session_id: str
    slot_id: str | None
    room_id: str | None
    votes: int
    room_capacity: int | None


class BarcampQuality(FrozenModel):
    """``voter_conflicts`` counts wanted sessions voters miss because another wanted one runs at the
    same time (per voter and slot: wanted sessions in the slot minus one)."""

    voter_conflicts: int
    giver_conflicts: int
    overflow: int
    unplaced_sessions: int


class BarcampPlan(FrozenModel):
    seed: int
    placements: tuple[Placement, ...]
    quality: BarcampQuality
    notices: tuple[PlanNotice, ...] = ()
