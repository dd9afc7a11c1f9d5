"""A survey link's token in a request: too short or too long is said as for every other text field
(the same codes and figures the events service's link tokens give), and the token never shows in a
model's text."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from netzwerkstatt.contracts.feedback import (
    TOKEN_MAX_LENGTH,
    TOKEN_MIN_LENGTH,
    SubmitResponse,
    SurveyForToken,
)


@pytest.mark.parametrize("model", [SurveyForToken, SubmitResponse])
@pytest.mark.parametrize(
    ("token", "code", "limit"),
    [
        ("x" * 25, "string_too_short", {"min_length": TOKEN_MIN_LENGTH}),
        ("x" * 80, "string_too_long", {"max_length": TOKEN_MAX_LENGTH}),
    ],
)
def test_a_token_of_the_wrong_length_is_refused_as_text_naming_the_field(
    model: type[SurveyForToken | SubmitResponse], token: str, code: str, limit: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as raised:
        model.model_validate({"token": token} | ({"answers": {}} if model is SubmitResponse else {}))
    [error] = raised.value.errors()
    assert (error["loc"], error["type"], error["ctx"]) == (("token",), code, limit)
    assert "characters" in error["msg"]


def test_a_token_of_the_right_length_is_kept_out_of_the_models_text() -> None:
    token = "a" * TOKEN_MIN_LENGTH
    request = SurveyForToken.model_validate({"token": token})
    assert request.token.get_secret_value() == token
    assert token not in repr(request)
    assert token not in request.model_dump_json()
