"""Reminders are planned per event (default 7 days and 1 day before), move with the event, are
dropped with it, and each due reminder goes out once: across a restart and with two replicas."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from nats.js import JetStreamContext
from notification_flows import (
    BERLIN,
    Call,
    StartNotifications,
    event,
    mails_to,
    moved,
    person,
    publish,
    registration,
)

from netzwerkstatt.contracts.events import (
    EventCancelled,
    EventFacts,
    EventPublished,
    EventUpdated,
    RegistrationConfirmed,
)
from netzwerkstatt.contracts.notifications import ReminderScheduleView
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.errors import Forbidden, InvalidInput, NotFound
from netzwerkstatt.principal import Principal, Role
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink

DAY = timedelta(days=1)


async def schedule(call: Call, facts: EventFacts, *, wait_for: int | None = None) -> ReminderScheduleView:
    async def current() -> ReminderScheduleView | None:
        try:
            view: ReminderScheduleView = await call(
                "reminder.get", {"event_id": facts.event_id}, ReminderScheduleView
            )
        except NotFound:
            return None
        planned = [job for job in view.jobs if job.status == "planned"]
        return view if wait_for is None or len(planned) == wait_for else None

    result: ReminderScheduleView = await eventually(current)
    return result


async def test_a_published_event_gets_reminders_seven_days_and_one_day_before_its_start(
    service: ServiceRuntime, producer: JetStreamContext, call: Call
) -> None:
    workshop = event(starts_at=datetime.now(BERLIN) + timedelta(days=30))
    await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)

    view = await schedule(call, workshop, wait_for=2)

    start = datetime.combine(workshop.days[0].date, workshop.days[0].start, tzinfo=BERLIN)
    assert view.offsets == [7 * DAY, DAY]
    assert view.customised is False
    assert [(job.due_at, job.status) for job in view.jobs] == [
        (start - 7 * DAY, "planned"),
        (start - DAY, "planned"),
    ]


async def test_reminders_move_with_the_event_and_are_dropped_when_it_is_cancelled(
    service: ServiceRuntime, producer: JetStreamContext, call: Call
) -> None:
    workshop = event(starts_at=datetime.now(BERLIN) + timedelta(days=30))
    await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)
    await schedule(call, workshop, wait_for=2)

    later = moved(workshop, to=datetime.now(BERLIN) + timedelta(days=50), version=2)
    await publish(
        producer,
        EventUpdated(event=later, changed_fields=["days"], schedule_changed=True),
        subject=later.event_id,
    )

    async def moved_jobs() -> ReminderScheduleView | None:
        view = await schedule(call, later)
        # the event's day is Berlin's: just after midnight there it is still the day before in UTC
        planned = {
            job.event_starts_at.astimezone(BERLIN).date() for job in view.jobs if job.status == "planned"
        }
        return view if planned == {later.days[0].date} else None

    view = await eventually(moved_jobs)
    assert sorted(job.status for job in view.jobs) == ["dropped", "dropped", "planned", "planned"]

    await publish(
        producer,
        EventCancelled(event=later.model_copy(update={"status": "cancelled", "version": 3})),
        subject=later.event_id,
    )
    await schedule(call, later, wait_for=0)


async def test_staff_choose_other_offsets_and_bad_ones_are_refused_with_the_field_named(
    service: ServiceRuntime, producer: JetStreamContext, call: Call
) -> None:
    workshop = event(starts_at=datetime.now(BERLIN) + timedelta(days=30))
    await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)
    await schedule(call, workshop, wait_for=2)

    view = await call(
        "reminder.configure",
        {"event_id": workshop.event_id, "offsets": ["P14D", "PT2H"]},
        ReminderScheduleView,
    )

    assert view.customised is True
    assert view.offsets == [timedelta(days=14), timedelta(hours=2)]
    assert sorted(job.offset for job in view.jobs if job.status == "planned") == [
        timedelta(hours=2),
        timedelta(days=14),
    ]
    with pytest.raises(InvalidInput) as refused:
        await call(
            "reminder.configure",
            {"event_id": workshop.event_id, "offsets": ["PT10S", "P2D", "P2D"]},
            ReminderScheduleView,
        )
    assert [(detail.field, detail.code) for detail in refused.value.details] == [
        ("offsets.0", "out_of_range"),
        ("offsets.2", "duplicate"),
    ]


async def test_only_admins_and_the_coordinators_of_the_events_network_choose_its_reminders(
    service: ServiceRuntime, producer: JetStreamContext, call: Call
) -> None:
    network_id = uuid.uuid4()
    workshop = event(starts_at=datetime.now(BERLIN) + timedelta(days=30)).model_copy(
        update={"network_id": network_id}
    )
    await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)
    await schedule(call, workshop, wait_for=2)
    body = {"event_id": workshop.event_id, "offsets": ["P14D"]}

    for refused in (
        Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.uuid4()]),
        Principal.staff(Role.COORDINATOR, token_name="reporting"),
        Principal.staff(Role.READ_ONLY, account_id=uuid.uuid4(), network_ids=[network_id]),
    ):
        with pytest.raises(Forbidden):
            await call("reminder.configure", body, ReminderScheduleView, principal=refused)
    assert (await schedule(call, workshop)).customised is False

    own = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[network_id])
    view = await call("reminder.configure", body, ReminderScheduleView, principal=own)
    assert view.offsets == [timedelta(days=14)]


async def test_a_due_reminder_is_sent_once_across_a_restart_and_with_two_replicas(
    start_notifications: StartNotifications, producer: JetStreamContext, mail_sink: MailSink, call: Call
) -> None:
    people = [person(), person(language="en")]
    for someone in people:
        await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    # The 1-day reminder falls due a few seconds from now.
    workshop = event(starts_at=datetime.now(BERLIN) + DAY + timedelta(seconds=4))
    await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)

    async with start_notifications():
        for someone in people:
            booked = registration(workshop, someone.person_id)
            await publish(
                producer, RegistrationConfirmed(registration=booked), subject=booked.registration_id
            )

        async def confirmed_everyone() -> bool:
            return all(len(mails_to(mail_sink, someone.email or "")) == 1 for someone in people)

        await eventually(confirmed_everyone)
        view = await schedule(call, workshop, wait_for=1)
        assert view.jobs[-1].offset == DAY
    # Restarted, now with two replicas side by side while the reminder falls due.
    async with start_notifications() as second, start_notifications() as third:

        async def reminded_everyone() -> bool:
            return all(len(mails_to(mail_sink, someone.email or "")) >= 2 for someone in people)

        await eventually(reminded_everyone, timeout=15)
        await asyncio.sleep(1.0)  # both replicas poll several times more
        jobs = second.database.table("reminder_jobs")
        async with third.database.read() as session:
            done = (await session.execute(sa.select(jobs).where(jobs.c.event_id == workshop.event_id))).all()
    for someone in people:
        subjects = [str(mail["Subject"]) for mail in mails_to(mail_sink, someone.email or "")]
        assert len(subjects) == 2
        assert subjects[1].startswith(("Erinnerung", "Reminder"))
    assert [(job.status, job.recipients) for job in done if job.offset_seconds == DAY.total_seconds()] == [
        ("done", 2)
    ]
