from __future__ import annotations

import re
from uuid import UUID

import pytest
from pydantic import SecretBytes

from feedback_service.domain.anonymity import (
    SurveyState,
    TokenRejected,
    TokenRejectedCode,
    authorise_response,
    issue_tokens,
    new_pepper,
    new_token,
    response_key,
    token_digest,
)

PERSONS = [UUID(int=n) for n in range(1, 21)]


def test_tokens_are_random_url_safe_and_long() -> None:
    tokens = {new_token().get_secret_value() for _ in range(50)}
    assert len(tokens) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)


def test_a_token_never_shows_in_a_repr_or_log_line() -> None:
    issue = issue_tokens(new_pepper(), PERSONS[:1])
    delivery = issue.deliveries[0]
    secret = delivery.token.get_secret_value()
    assert secret not in repr(delivery)
    assert delivery.digest not in repr(delivery)  # nor the person's link to the stored digest
    assert secret not in str(issue)
    assert delivery.model_dump()["token"] != secret


def test_issuing_gives_each_person_a_token_and_keeps_only_unordered_digests() -> None:
    pepper = new_pepper()
    issue = issue_tokens(pepper, PERSONS)
    assert [d.person_id for d in issue.deliveries] == PERSONS
    assert [d.digest for d in issue.deliveries] == [
        token_digest(pepper, d.token.get_secret_value()) for d in issue.deliveries
    ]
    assert set(issue.digests) == {d.digest for d in issue.deliveries}
    # sorted digests carry no trace of the attendance order the persons came in
    assert list(issue.digests) == sorted(issue.digests)
    stored = repr(issue.digests)
    assert all(str(person) not in stored for person in PERSONS)
    assert all(d.token.get_secret_value() not in stored for d in issue.deliveries)


def test_a_person_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="person_ids: each person gets exactly one token"):
        issue_tokens(new_pepper(), [PERSONS[0], PERSONS[0]])


def test_the_same_token_always_reaches_the_same_response_so_it_counts_once() -> None:
    pepper = new_pepper()
    issue = issue_tokens(pepper, PERSONS[:2])
    first, second = (d.token.get_secret_value() for d in issue.deliveries)
    key = authorise_response(state=SurveyState.OPEN, pepper=pepper, token=first, issued_digests=issue.digests)
    again = authorise_response(
        state=SurveyState.OPEN, pepper=pepper, token=first, issued_digests=issue.digests
    )
    other = authorise_response(
        state=SurveyState.OPEN, pepper=pepper, token=second, issued_digests=issue.digests
    )
    assert key == again == response_key(pepper, first)
    assert other != key


def test_response_keys_cannot_be_matched_to_token_digests() -> None:
    pepper = SecretBytes(b"\x01" * 32)
    token = new_token().get_secret_value()
    assert response_key(pepper, token) != token_digest(pepper, token)
    # domain separation: a token spelled "response" + t does not reproduce t's response key
    assert token_digest(pepper, "response" + token) != response_key(pepper, token)


def test_without_the_pepper_a_token_no_longer_leads_to_its_response() -> None:
    pepper, other_pepper = new_pepper(), new_pepper()
    token = new_token().get_secret_value()
    assert response_key(pepper, token) != response_key(other_pepper, token)


@pytest.mark.parametrize(
    "token",
    ["", "short", "x" * 43 + "y", "ä" * 43, "unknown_token_unknown_token_unknown_token_u"],
)
def test_an_unknown_or_malformed_token_is_rejected_without_echoing_it(token: str) -> None:
    pepper = new_pepper()
    issue = issue_tokens(pepper, PERSONS[:3])
    with pytest.raises(TokenRejected) as raised:
        authorise_response(state=SurveyState.OPEN, pepper=pepper, token=token, issued_digests=issue.digests)
    assert raised.value.code is TokenRejectedCode.UNKNOWN_TOKEN
    assert token == "" or token not in str(raised.value)


def test_a_token_of_another_survey_is_unknown() -> None:
    this_pepper, other_pepper = new_pepper(), new_pepper()
    this_issue = issue_tokens(this_pepper, PERSONS[:3])
    foreign = issue_tokens(other_pepper, PERSONS[:1]).deliveries[0].token.get_secret_value()
    with pytest.raises(TokenRejected) as raised:
        authorise_response(
            state=SurveyState.OPEN, pepper=this_pepper, token=foreign, issued_digests=this_issue.digests
        )
    assert raised.value.code is TokenRejectedCode.UNKNOWN_TOKEN


def test_a_closed_survey_takes_no_answers_even_from_valid_tokens() -> None:
    pepper = new_pepper()
    issue = issue_tokens(pepper, PERSONS[:1])
    token = issue.deliveries[0].token.get_secret_value()
    for state, kept_pepper in (
        (SurveyState.CLOSED, pepper),
        (SurveyState.CLOSED, None),
        (SurveyState.OPEN, None),
    ):
        with pytest.raises(TokenRejected) as raised:
            authorise_response(state=state, pepper=kept_pepper, token=token, issued_digests=issue.digests)
        assert raised.value.code is TokenRejectedCode.SURVEY_CLOSED


def test_a_draft_survey_takes_no_answers_yet() -> None:
    pepper = new_pepper()
    issue = issue_tokens(pepper, PERSONS[:1])
    with pytest.raises(TokenRejected) as raised:
        authorise_response(
            state=SurveyState.DRAFT,
            pepper=pepper,
            token=issue.deliveries[0].token.get_secret_value(),
            issued_digests=issue.digests,
        )
    assert raised.value.code is TokenRejectedCode.SURVEY_NOT_OPEN


def test_only_the_message_to_notifications_reveals_the_token() -> None:
    delivery = issue_tokens(new_pepper(), PERSONS[:1]).deliveries[0]
    assert delivery.message_payload() == {
        "person_id": str(PERSONS[0]),
        "token": delivery.token.get_secret_value(),
    }
    assert delivery.token.get_secret_value() not in delivery.model_dump_json()
