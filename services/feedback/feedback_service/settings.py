from typing import ClassVar
from uuid import UUID

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from feedback_service.domain.defaults import EVENT_EVALUATION_DE_ID
from feedback_service.domain.retention import DEFAULT_FREE_TEXT_RETENTION_DAYS
from netzwerkstatt.settings import ServiceSettings


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "feedback"

    # Links in the e-mails: <public_url>/p/feedback/<token> (env FEEDBACK_PUBLIC_URL).
    public_url: str = "http://127.0.0.1:8000"
    open_on_completion: bool = True
    default_template_id: UUID = EVENT_EVALUATION_DE_ID
    survey_open_days: int = Field(default=14, ge=1, le=365)
    free_text_retention_days: int = Field(default=DEFAULT_FREE_TEXT_RETENTION_DAYS, ge=1)
    # Period of the batched "responses submitted" announcement (see README, Anonymity).
    response_announcement_seconds: int = Field(default=3600, ge=60)
    # Background jobs: closing due surveys, handing out links, retention.
    jobs_interval_seconds: float = Field(default=30.0, gt=0)
    jobs_enabled: bool = True
    handout_batch_size: int = Field(default=100, ge=1, le=1000)
    handout_retry_seconds: float = Field(default=60.0, gt=0)
    handout_call_timeout_seconds: float = Field(default=5.0, gt=0)
