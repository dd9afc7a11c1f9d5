import pytest
from pydantic import ValidationError

from notifications_service.settings import NotificationsSettings


def test_the_default_pool_holds_the_default_delivery_workers() -> None:
    settings = NotificationsSettings(environment="test")

    assert settings.database_pool_size >= settings.delivery_workers + 3


def test_more_delivery_workers_than_the_pool_holds_are_refused_at_start_naming_both_settings() -> None:
    with pytest.raises(ValidationError) as refused:
        NotificationsSettings(environment="test", delivery_workers=8, database_pool_size=10)

    message = str(refused.value)
    assert "8 delivery workers need a database pool of at least 11" in message
    assert "NOTIFICATIONS_DATABASE_POOL_SIZE is 10" in message


def test_a_pool_raised_with_the_workers_is_accepted() -> None:
    settings = NotificationsSettings(environment="test", delivery_workers=8, database_pool_size=11)

    assert settings.delivery_workers == 8
