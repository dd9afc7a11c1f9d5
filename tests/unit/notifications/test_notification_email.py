from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy

import pytest
from icalendar import Calendar
from notification_builders import link, office, recipient, regionalworkshop

from notifications_service.messages.calendar import Attendee, CalendarFile, build_calendar
from notifications_service.messages.compose import ComposedEmail, compose_email, validate_address
from notifications_service.messages.context import InvitationContext, ReminderContext
from notifications_service.messages.errors import InvalidAddressError, MissingAddressError
from notifications_service.messages.idempotency import idempotency_key
from notifications_service.messages.kinds import CalendarMethod, Language, MessageKind
from notifications_service.messages.templates import RenderedMessage, render

KEY = idempotency_key(MessageKind.INVITATION, "contact-17", "evt-regionalworkshop-leipzig", 0)
GOERLITZ = office().model_copy(update={"name": "Koordinierungsstelle Görlitz"})


def umlaut_invitation() -> tuple[InvitationContext, RenderedMessage, CalendarFile]:
    event = regionalworkshop().model_copy(update={"title": "Übergänge gestalten – Regionalworkshop Görlitz"})
    context = InvitationContext(
        recipient=recipient(last_name="Müßig"),
        office=GOERLITZ,
        event=event,
        accept_link=link("accept"),
        decline_link=link("decline"),
        calendar_link=link("calendar.ics"),
    )
    calendar = build_calendar(
        event,
        method=CalendarMethod.REQUEST,
        organizer=GOERLITZ,
        attendee=Attendee(name="Kim Müßig", email="kim.beispiel@example.org"),
    )
    return context, render(MessageKind.INVITATION, context), calendar


def sent_and_received(email: ComposedEmail) -> EmailMessage:
    parsed = BytesParser(policy=default_policy).parsebytes(email.as_bytes())
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_an_invitation_with_umlauts_survives_encoding_and_parsing() -> None:
    context, rendered, calendar = umlaut_invitation()

    raw = compose_email(
        rendered, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY, calendar=calendar
    )
    received = sent_and_received(raw)

    header_block = raw.as_bytes().split(b"\r\n\r\n", 1)[0]
    assert b"Subject:" in header_block
    assert header_block.isascii()  # umlauts travel as RFC 2047 encoded words
    assert received["Subject"] == "Einladung: Übergänge gestalten – Regionalworkshop Görlitz"
    assert received["From"].addresses[0].display_name == "Koordinierungsstelle Görlitz"
    assert received["From"].addresses[0].addr_spec == "koordination@example.org"
    assert received["To"].addresses[0].display_name == "Kim Müßig"
    assert received["To"].addresses[0].addr_spec == "kim.beispiel@example.org"
    assert received["Content-Language"] == "de"
    assert received["Auto-Submitted"] == "auto-generated"
    text = received.get_body(preferencelist=("plain",))
    html = received.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert "Sehr geehrte Frau Müßig," in text.get_content()
    assert "Übergänge gestalten" in html.get_content()


def test_the_calendar_travels_as_itip_part_and_as_attachment() -> None:
    context, rendered, calendar = umlaut_invitation()

    received = sent_and_received(
        compose_email(
            rendered, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY, calendar=calendar
        )
    )

    assert received.get_content_type() == "multipart/mixed"
    alternative, attachment = received.iter_parts()
    assert isinstance(alternative, EmailMessage)
    assert isinstance(attachment, EmailMessage)
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    itip = list(alternative.iter_parts())[2]
    assert itip.get_param("method") == "REQUEST"
    assert itip.get_content_charset() == "utf-8"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    for part in (itip, attachment):
        parsed = Calendar.from_ical(part.get_content())
        [entry] = parsed.walk("VEVENT")
        assert str(entry["SUMMARY"]) == "Übergänge gestalten – Regionalworkshop Görlitz"


def test_a_message_without_calendar_is_plain_text_and_html_only() -> None:
    context, rendered, _ = umlaut_invitation()

    received = sent_and_received(
        compose_email(rendered, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY)
    )

    assert received.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in received.iter_parts()] == ["text/plain", "text/html"]


def test_the_message_id_comes_from_the_idempotency_key_so_a_retry_keeps_it() -> None:
    context, rendered, _ = umlaut_invitation()

    first = compose_email(rendered, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY)
    retry = compose_email(rendered, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY)

    assert first.message()["Message-ID"] == retry.message()["Message-ID"] == f"<{KEY}@example.org>"


def test_optional_messages_carry_one_click_unsubscribe_headers() -> None:
    context = ReminderContext(
        recipient=recipient(language=Language.ENGLISH),
        office=office(),
        event=regionalworkshop(),
        cancel_link=link("cancel"),
        calendar_link=link("calendar.ics"),
        unsubscribe_link=link("unsubscribe"),
    )
    rendered = render(MessageKind.REMINDER, context)

    email = compose_email(
        rendered, recipient=context.recipient, sender=office(), idempotency_key="reminder-1"
    ).message()

    assert email["List-Unsubscribe"] == f"<{link('unsubscribe')}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_essential_messages_carry_no_unsubscribe_header() -> None:
    context, rendered, _ = umlaut_invitation()

    email = compose_email(rendered, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY)

    assert email.message()["List-Unsubscribe"] is None


def test_a_contact_without_e_mail_gets_a_clear_error_naming_the_contact() -> None:
    _, rendered, _ = umlaut_invitation()

    with pytest.raises(
        MissingAddressError, match=r"contact 'contact-17' \(Kim Beispiel\) has no e-mail address"
    ) as raised:
        compose_email(rendered, recipient=recipient(email=None), sender=GOERLITZ, idempotency_key=KEY)

    assert raised.value.field == "recipient.email"


@pytest.mark.parametrize(
    "address", ["kim.beispiel.example.org", "kim@", "kim beispiel@example.org", "kim@@example.org"]
)
def test_an_invalid_address_gets_a_clear_error_naming_address_and_field(address: str) -> None:
    _, rendered, _ = umlaut_invitation()

    with pytest.raises(InvalidAddressError) as raised:
        compose_email(rendered, recipient=recipient(email=address), sender=GOERLITZ, idempotency_key=KEY)

    assert raised.value.field == "recipient.email"
    assert f"'{address}' is not a valid e-mail address" in str(raised.value)


def test_an_invalid_sender_address_is_reported_for_the_sender() -> None:
    context, rendered, _ = umlaut_invitation()
    sender = GOERLITZ.model_copy(update={"email": "koordination"})

    with pytest.raises(InvalidAddressError) as raised:
        compose_email(rendered, recipient=context.recipient, sender=sender, idempotency_key=KEY)

    assert raised.value.field == "sender.email"


def test_an_internationalised_domain_is_sent_in_ascii_form() -> None:
    punycode = "bücherei.example".encode("idna").decode("ascii")

    assert punycode.startswith("xn--")
    assert validate_address("kim@bücherei.example", field="email", owner="test") == f"kim@{punycode}"


def test_an_address_whose_local_part_needs_smtputf8_is_refused() -> None:
    with pytest.raises(InvalidAddressError, match=r"'jürgen@example\.org': letters such as ä, ö, ü or ß"):
        validate_address("jürgen@example.org", field="email", owner="test")


def test_surrounding_blanks_around_an_address_are_ignored() -> None:
    assert validate_address("  kim@example.org ", field="email", owner="test") == "kim@example.org"


def test_long_subjects_and_links_survive_folding_unchanged() -> None:
    context, rendered, _ = umlaut_invitation()
    long_german = "Einladung: " + "Übergänge gestalten – " * 6 + "Görlitz"
    long_english = "Invitation: " + "regional workshop on transitions " * 5 + "in Leipzig"
    long_link = "https://netzwerkstatt.example.org/p/unsubscribe/" + "t" * 90

    for subject in (long_german, long_english):
        message = rendered.model_copy(
            update={"kind": MessageKind.REMINDER, "subject": subject, "unsubscribe_url": long_link}
        )
        raw = compose_email(message, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY)
        received = sent_and_received(raw)

        assert received["Subject"] == subject
        assert received["List-Unsubscribe"] == f"<{long_link}>"
        assert all(len(line) <= 998 for line in raw.as_bytes().split(b"\r\n"))


def test_every_line_ends_with_crlf_as_smtp_requires() -> None:
    context, rendered, calendar = umlaut_invitation()

    raw = compose_email(
        rendered, recipient=context.recipient, sender=GOERLITZ, idempotency_key=KEY, calendar=calendar
    ).as_bytes()

    assert raw.isascii()
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_line_breaks_in_names_and_subjects_never_start_a_header_of_their_own() -> None:
    context, rendered, _ = umlaut_invitation()
    someone = context.recipient.model_copy(
        update={"first_name": "Eve\r\nBcc: victim@evil.example\r\nX-Evil: 1"}
    )
    sender = GOERLITZ.model_copy(update={"name": "Org\nReply-To: phish@evil.example"})
    message = rendered.model_copy(update={"subject": "Einladung\r\nBcc: other@evil.example\u2028Ende"})

    raw = compose_email(message, recipient=someone, sender=sender, idempotency_key=KEY)
    received = sent_and_received(raw)

    assert received["Bcc"] is None
    assert received["X-Evil"] is None
    assert received["Reply-To"] is None
    assert received["To"].addresses[0].display_name == "Eve Bcc: victim@evil.example X-Evil: 1 Müßig"
    assert received["To"].addresses[0].addr_spec == "kim.beispiel@example.org"
    assert received["From"].addresses[0].display_name == "Org Reply-To: phish@evil.example"
    assert received["Subject"] == "Einladung Bcc: other@evil.example Ende"


def test_the_mail_comes_from_the_system_address_and_answers_go_to_the_office() -> None:
    context, rendered, _ = umlaut_invitation()
    system = GOERLITZ.model_copy(update={"email": "koordination@netzwerkstatt.example.org"})

    received = sent_and_received(
        compose_email(
            rendered,
            recipient=context.recipient,
            sender=system,
            reply_to="koordination@example.org",
            idempotency_key=KEY,
        )
    )
    same = sent_and_received(
        compose_email(
            rendered, recipient=context.recipient, sender=system, reply_to=system.email, idempotency_key=KEY
        )
    )

    assert received["From"].addresses[0].addr_spec == "koordination@netzwerkstatt.example.org"
    assert received["Reply-To"].addresses[0].addr_spec == "koordination@example.org"
    assert received["Reply-To"].addresses[0].display_name == "Koordinierungsstelle Görlitz"
    assert received["Message-ID"] == f"<{KEY}@netzwerkstatt.example.org>"
    assert same["Reply-To"] is None
