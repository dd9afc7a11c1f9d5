import html
from datetime import UTC, date

import pytest
from notification_builders import berlin, ideenwerkstatt, link, office, recipient, regionalworkshop
from pydantic import ValidationError

from notifications_service.messages.context import (
    AgreementDueContext,
    EventCancelledContext,
    EventDay,
    EventDetails,
    InvitationContext,
    RegistrationConfirmedContext,
    WaitlistedContext,
)
from notifications_service.messages.errors import (
    MessageError,
    TemplateSyntaxError,
    UnknownPlaceholderError,
)
from notifications_service.messages.formatting import FormOfAddress, format_salutation
from notifications_service.messages.kinds import Language, MessageKind
from notifications_service.messages.templates import (
    TemplateSet,
    load_templates,
    preview,
    render,
    sample_context,
    validate_templates,
)

ALL_KINDS_AND_LANGUAGES = [(kind, language) for kind in MessageKind for language in Language]


def invitation(language: Language = Language.GERMAN) -> InvitationContext:
    return InvitationContext(
        recipient=recipient(language=language),
        office=office(),
        event=regionalworkshop(),
        accept_link=link("accept"),
        decline_link=link("decline"),
        calendar_link=link("calendar.ics"),
    )


@pytest.mark.parametrize(("kind", "language"), ALL_KINDS_AND_LANGUAGES)
def test_every_shipped_template_uses_only_known_placeholders(kind: MessageKind, language: Language) -> None:
    validate_templates(kind, language, load_templates(kind, language))


@pytest.mark.parametrize(("kind", "language"), ALL_KINDS_AND_LANGUAGES)
def test_every_kind_renders_in_both_languages_without_leftover_placeholders(
    kind: MessageKind, language: Language
) -> None:
    message = preview(kind, language)

    assert message.language is language
    for part in (message.subject, message.text, message.html):
        assert "{{" not in part
        assert "}}" not in part
    assert "\n" not in message.subject
    assert f'<html lang="{language.value}">' in message.html


@pytest.mark.parametrize(("kind", "language"), ALL_KINDS_AND_LANGUAGES)
def test_every_link_a_kind_offers_appears_in_text_and_as_html_link(
    kind: MessageKind, language: Language
) -> None:
    context = sample_context(kind, language)
    message = render(kind, context)
    links = [getattr(context, name) for name in type(context).model_fields if name.endswith("_link")]

    assert links or kind in {
        MessageKind.REGISTRATION_CANCELLED,
        MessageKind.EVENT_CANCELLED,
        MessageKind.AGREEMENT_DUE,
    }
    for url in links:
        assert str(url) in message.text
        assert f'href="{html.escape(str(url))}"' in message.html


@pytest.mark.parametrize(("kind", "language"), ALL_KINDS_AND_LANGUAGES)
def test_every_message_greets_formally_and_is_signed_by_the_office(
    kind: MessageKind, language: Language
) -> None:
    message = preview(kind, language)

    greeting = "Sehr geehrte Frau Dr. Musterfrau," if language is Language.GERMAN else "Dear Dr Musterfrau,"
    assert message.text.startswith(greeting)
    assert "Koordinierungsstelle IQ Netzwerk Sachsen" in message.text
    assert "Koordinierungsstelle IQ Netzwerk Sachsen" in message.html


def test_german_messages_use_gender_inclusive_wording() -> None:
    assert "Kolleg*innen" in preview(MessageKind.INVITATION, Language.GERMAN).text
    assert "Teilnehmer*innen" in preview(MessageKind.REGISTRATION_CONFIRMED, Language.GERMAN).text
    assert "Kolleg*innen" in preview(MessageKind.REMINDER, Language.GERMAN).text


def test_a_message_is_written_in_the_recipients_language() -> None:
    german = render(MessageKind.INVITATION, invitation(language=Language.GERMAN))
    english = render(MessageKind.INVITATION, invitation(language=Language.ENGLISH))

    assert german.subject == "Einladung: Regionalworkshop Leipzig"
    assert english.subject == "Invitation: Regionalworkshop Leipzig"


def test_the_invitation_shows_the_event_in_berlin_local_time_and_its_reply_links() -> None:
    message = render(MessageKind.INVITATION, invitation())

    assert "Wann: Mittwoch, 12. März 2025, 09:30–15:00 Uhr" in message.text
    assert "Wo: Volkshochschule Leipzig, 04109 Leipzig" in message.text
    assert f"Zusagen: {link('accept')}" in message.text
    assert f"Absagen: {link('decline')}" in message.text


def test_a_cancellation_gives_the_reason_staff_wrote_and_leaves_its_paragraph_out_without_one() -> None:
    reason = "Grund der Absage: Die Referentin ist erkrankt."
    with_reason = EventCancelledContext(
        recipient=recipient(), office=office(), event=regionalworkshop(), cancellation_reason=reason
    )
    message = render(MessageKind.EVENT_CANCELLED, with_reason)
    assert f"entfernt.\n\n{reason}\n\nWir bedauern" in message.text
    assert f"<p>{reason}</p>" in message.html

    without = render(
        MessageKind.EVENT_CANCELLED,
        EventCancelledContext(recipient=recipient(), office=office(), event=regionalworkshop()),
    )
    assert "entfernt.\n\nWir bedauern" in without.text
    assert "<p></p>" not in without.html
    assert "Grund" not in without.text


def test_a_two_day_event_lists_both_days_with_their_own_times() -> None:
    context = RegistrationConfirmedContext(
        recipient=recipient(language=Language.ENGLISH),
        office=office(),
        event=ideenwerkstatt(),
        cancel_link=link("cancel"),
        calendar_link=link("calendar.ics"),
    )

    message = render(MessageKind.REGISTRATION_CONFIRMED, context)

    assert (
        "When: Thursday, 21 November 2024, 10:00–17:00 CET and Friday, 22 November 2024, 09:00–14:30 CET"
        in message.text
    )


def test_times_given_in_utc_are_shown_in_berlin_time_on_both_sides_of_the_clock_change() -> None:
    event = EventDetails(
        event_id="evt-dst",
        title="Netzwerktreffen",
        days=[
            EventDay(starts_at=berlin(2025, 10, 25, 10), ends_at=berlin(2025, 10, 25, 16)),
            EventDay(starts_at=berlin(2025, 10, 26, 10), ends_at=berlin(2025, 10, 26, 16)),
        ],
        venue="Volkshochschule Leipzig",
    )
    in_utc = event.model_copy(
        update={
            "days": [
                EventDay(starts_at=day.starts_at.astimezone(UTC), ends_at=day.ends_at.astimezone(UTC))
                for day in event.days
            ]
        }
    )

    assert [day.starts_at.hour for day in in_utc.days] == [8, 9]  # 10:00 CEST and 10:00 CET in UTC

    placeholders = in_utc.placeholders(Language.GERMAN)

    assert placeholders["event_dates"] == (
        "Samstag, 25. Oktober 2025, 10:00–16:00 Uhr und Sonntag, 26. Oktober 2025, 10:00–16:00 Uhr"
    )
    assert in_utc.placeholders(Language.ENGLISH)["event_dates"] == (
        "Saturday, 25 October 2025, 10:00–16:00 CEST and Sunday, 26 October 2025, 10:00–16:00 CET"
    )


def test_the_waitlist_message_tells_the_position() -> None:
    context = WaitlistedContext(
        recipient=recipient(),
        office=office(),
        event=regionalworkshop(),
        waitlist_position=3,
        cancel_link=link("cancel"),
    )

    assert "Platz 3 der Warteliste" in render(MessageKind.WAITLISTED, context).text


def test_the_agreement_reminder_shows_the_agreement_and_its_due_date() -> None:
    context = AgreementDueContext(
        recipient=recipient(language=Language.ENGLISH),
        office=office(),
        agreement_text="Share the contact list of the Jobcenter's employer service",
        due_date=date(2025, 4, 30),
    )

    message = render(MessageKind.AGREEMENT_DUE, context)

    assert message.subject == "Agreement due on Wednesday, 30 April 2025"
    assert "Share the contact list of the Jobcenter's employer service" in message.text
    assert "Share the contact list of the Jobcenter&#x27;s employer service" in message.html


@pytest.mark.parametrize(
    ("form_of_address", "title", "language", "expected"),
    [
        (FormOfAddress.MS, None, Language.GERMAN, "Sehr geehrte Frau Beispiel"),
        (FormOfAddress.MR, None, Language.GERMAN, "Sehr geehrter Herr Beispiel"),
        (FormOfAddress.NEUTRAL, None, Language.GERMAN, "Guten Tag Kim Beispiel"),
        (FormOfAddress.MS, "Dr.", Language.GERMAN, "Sehr geehrte Frau Dr. Beispiel"),
        (FormOfAddress.MS, None, Language.ENGLISH, "Dear Ms Beispiel"),
        (FormOfAddress.MR, None, Language.ENGLISH, "Dear Mr Beispiel"),
        (FormOfAddress.NEUTRAL, None, Language.ENGLISH, "Dear Kim Beispiel"),
        (FormOfAddress.MR, "Dr.", Language.ENGLISH, "Dear Dr Beispiel"),
    ],
)
def test_salutations_are_formal_and_fit_the_form_of_address(
    form_of_address: FormOfAddress, title: str | None, language: Language, expected: str
) -> None:
    assert (
        format_salutation(
            first_name="Kim",
            last_name="Beispiel",
            form_of_address=form_of_address,
            academic_title=title,
            language=language,
        )
        == expected
    )


def test_values_are_html_escaped_in_the_html_body_but_not_in_the_text() -> None:
    context = invitation().model_copy(
        update={"event": regionalworkshop().model_copy(update={"title": "Jobcenter <&> BAMF"})}
    )

    message = render(MessageKind.INVITATION, context)

    assert "Jobcenter &lt;&amp;&gt; BAMF" in message.html
    assert "Jobcenter <&> BAMF" not in message.html
    assert "„Jobcenter <&> BAMF“" in message.text
    assert message.subject == "Einladung: Jobcenter <&> BAMF"


def test_line_breaks_in_values_do_not_break_the_subject_line() -> None:
    context = invitation().model_copy(
        update={"event": regionalworkshop().model_copy(update={"title": "Regionalworkshop\nLeipzig"})}
    )

    assert render(MessageKind.INVITATION, context).subject == "Einladung: Regionalworkshop Leipzig"


def custom_invitation(
    subject: str = "Einladung zum {{ event_title }}", text: str = "", body: str = ""
) -> TemplateSet:
    return TemplateSet(
        subject=subject,
        text=text or "{{ salutation }},\nbitte antworten Sie: {{ accept_link }}",
        html=body or '<p>{{ salutation }}, <a href="{{ accept_link }}">zusagen</a></p>',
    )


def test_a_custom_template_saved_by_staff_is_used_instead_of_the_shipped_one() -> None:
    message = render(MessageKind.INVITATION, invitation(), templates=custom_invitation())

    assert message.subject == "Einladung zum Regionalworkshop Leipzig"
    assert message.text == f"Sehr geehrte Frau Beispiel,\nbitte antworten Sie: {link('accept')}\n"


def test_a_template_saved_again_is_used_at_once_although_the_earlier_text_was_compiled() -> None:
    first = custom_invitation(subject="Bitte vormerken: {{ event_title }}")
    revised = custom_invitation(subject="Neu: {{ event_title }}")

    before = render(MessageKind.INVITATION, invitation(), templates=first)
    after = render(MessageKind.INVITATION, invitation(), templates=revised)
    back_to_shipped = render(MessageKind.INVITATION, invitation())

    assert before.subject == "Bitte vormerken: Regionalworkshop Leipzig"
    assert after.subject == "Neu: Regionalworkshop Leipzig"
    assert back_to_shipped.subject == "Einladung: Regionalworkshop Leipzig"


def test_a_compiled_template_is_kept_per_language_as_well_as_per_text() -> None:
    shared_text = custom_invitation(subject="{{ event_title }}")

    german = render(MessageKind.INVITATION, invitation(Language.GERMAN), templates=shared_text)
    english = render(MessageKind.INVITATION, invitation(Language.ENGLISH), templates=shared_text)

    assert german.language is Language.GERMAN
    assert english.language is Language.ENGLISH
    assert 'lang="de"' in german.html
    assert 'lang="en"' in english.html


def test_a_template_that_failed_its_check_is_refused_every_time_it_is_used() -> None:
    broken = custom_invitation(subject="Einladung: {{ event_titel }}")

    for _ in range(2):
        with pytest.raises(UnknownPlaceholderError):
            render(MessageKind.INVITATION, invitation(), templates=broken)


def test_staff_can_preview_a_custom_template_with_sample_data() -> None:
    message = preview(MessageKind.INVITATION, Language.GERMAN, templates=custom_invitation())

    assert message.subject == "Einladung zum 14. Ideenwerkstatt der Integrationskoordinator*innen"


def test_a_template_with_an_unknown_placeholder_is_rejected_naming_placeholder_and_template() -> None:
    templates = custom_invitation(subject="Einladung: {{ event_titel }}")

    with pytest.raises(UnknownPlaceholderError) as raised:
        validate_templates(MessageKind.INVITATION, Language.GERMAN, templates)

    assert raised.value.placeholder == "event_titel"
    assert raised.value.template == "de/invitation.subject.txt"
    assert "event_titel" in str(raised.value)
    assert "de/invitation.subject.txt" in str(raised.value)


def test_a_placeholder_of_another_kind_is_unknown_in_this_kind() -> None:
    templates = custom_invitation(text="{{ salutation }}, zur Umfrage: {{ survey_link }}")

    with pytest.raises(UnknownPlaceholderError, match="survey_link") as raised:
        render(MessageKind.INVITATION, invitation(), templates=templates)

    assert raised.value.template == "de/invitation.txt"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<p>{{ Event Title }}</p>", "is not a placeholder"),
        ("<p>{{ event_title.upper() }}</p>", "is not a placeholder"),
        ("<p>{{ event_title </p>", "unmatched '{{'"),
        ("<p>event_title }}</p>", "unmatched '}}'"),
        ("   ", "empty"),
        # Tags of other template languages would be mailed as they stand: this one has none.
        ("<p>{% for x in y %}{{ event_title }}{% endfor %}</p>", "'{% for x in y %}' is not a placeholder"),
        ("<p>{# note #}{{ event_title }}</p>", "'{# note #}' is not a placeholder"),
        ("<p>{% if</p>", "'{%' is not a placeholder"),
    ],
)
def test_a_malformed_template_is_rejected_with_a_clear_error(body: str, problem: str) -> None:
    with pytest.raises(TemplateSyntaxError, match=r"de/invitation\.html") as raised:
        validate_templates(MessageKind.INVITATION, Language.GERMAN, custom_invitation(body=body))

    assert problem in str(raised.value)


def test_a_subject_over_several_lines_is_rejected() -> None:
    with pytest.raises(TemplateSyntaxError, match="single line"):
        validate_templates(
            MessageKind.INVITATION, Language.GERMAN, custom_invitation(subject="Einladung\n{{ event_title }}")
        )


def test_rendering_with_the_context_of_another_kind_is_refused() -> None:
    with pytest.raises(MessageError, match="needs a ReminderContext") as raised:
        render(MessageKind.REMINDER, invitation())

    assert raised.value.field == "context"


def test_an_event_day_ending_before_it_starts_is_rejected() -> None:
    with pytest.raises(ValidationError, match="ends_at must be later than starts_at"):
        EventDay(starts_at=berlin(2025, 3, 12, 15), ends_at=berlin(2025, 3, 12, 9))


def test_event_days_out_of_order_are_rejected() -> None:
    later = EventDay(starts_at=berlin(2025, 3, 13, 9), ends_at=berlin(2025, 3, 13, 15))
    earlier = EventDay(starts_at=berlin(2025, 3, 12, 9), ends_at=berlin(2025, 3, 12, 15))

    with pytest.raises(ValidationError, match="chronological order"):
        EventDetails(event_id="e", title="Netzwerktreffen", days=[later, earlier], venue="Rathaus")


def test_a_context_without_a_required_link_is_rejected_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="decline_link"):
        InvitationContext.model_validate(
            {
                "recipient": recipient(),
                "office": office(),
                "event": regionalworkshop(),
                "accept_link": str(link("accept")),
                "calendar_link": str(link("calendar.ics")),
            }
        )
