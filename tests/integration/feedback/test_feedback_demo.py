"""The demo data: results for past seed events, loaded idempotently through the operations as the
stack's seeding does (the events entered as held, then their paper surveys), the Ideenwerkstatt
series comparable edition by edition."""

from __future__ import annotations

from decimal import Decimal

from feedback_support import Feedback

from netzwerkstatt import demo
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.feedback import SeriesComparisonView, SurveyView
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.seeding import seed_events, seed_feedback_history, seed_registry


async def test_demo_results_show_the_ideenwerkstatt_getting_better_edition_by_edition(
    feedback: Feedback, registry: ServiceRuntime, events: ServiceRuntime
) -> None:
    await seed_registry(feedback.admin)
    await seed_events(feedback.admin)
    await seed_feedback_history(feedback.admin)
    again = await seed_feedback_history(feedback.admin)
    assert (again.created, again.present) == ({}, {"paper_surveys": len(demo.current().surveys)})

    series_id = demo.event_series("ikoe-ideenwerkstatt").id
    surveys = (await feedback.call("survey.list", {"series_id": series_id}, Page[SurveyView])).items
    assert [(s.edition, s.state, s.responses) for s in surveys] == [
        (11, "closed", 4),
        (12, "closed", 4),
        (13, "closed", 6),
    ]
    comparison = await feedback.call("results.series", {"series_id": series_id}, SeriesComparisonView)
    overall = next(q for q in comparison.questions if q.question_key == "overall")
    assert [p.mean for p in overall.points] == [Decimal("3.50"), Decimal("4.25"), Decimal("4.67")]
    assert [p.change_to_previous for p in overall.points] == [None, Decimal("0.75"), Decimal("0.42")]
    assert overall.change_over_series == Decimal("1.17")
    editions_held = sorted(
        event.edition or 0
        for event in demo.completed_demo_events()
        if event.series_slug == "ikoe-ideenwerkstatt"
    )
    assert [s.edition for s in surveys] == editions_held, "the events service shows the same editions"
