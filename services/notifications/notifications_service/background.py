"""The notifications service's background work for one running instance: the local mail sink in
development, the delivery workers and the reminder scheduler; and the mail queue's figures for the
metrics."""

from __future__ import annotations

import sqlalchemy as sa

from netzwerkstatt import metrics, service
from netzwerkstatt.logs import get_logger
from netzwerkstatt.principal import Principal
from netzwerkstatt.rpc import RpcClient
from notifications_service import mailbox, queue
from notifications_service.delivery import DeliveryWorker
from notifications_service.mailsink import MailSink
from notifications_service.reminders import ReminderScheduler
from notifications_service.settings import NotificationsSettings
from notifications_service.store import messages

log = get_logger(__name__)


class Background:
    """The background work of one running instance (each replica has its own)."""

    def __init__(self, settings: NotificationsSettings) -> None:
        self.settings = settings
        self.mail_sink: MailSink | None = None
        self.delivery: DeliveryWorker | None = None
        self.reminders: ReminderScheduler | None = None

    async def start(self, runtime: service.ServiceRuntime) -> None:
        settings = self.settings
        if settings.mail_sink_dir is not None:
            sink = MailSink(
                store_dir=settings.mail_sink_dir, host=settings.smtp_host, port=settings.smtp_port
            )
            try:
                sink.start()
            except OSError as error:
                # Another replica on this machine already runs the sink on that port.
                log.warning("local mail sink not started", port=settings.smtp_port, error=repr(error))
            else:
                self.mail_sink = sink
                mailbox.sink_started(settings.mail_sink_dir)
                log.info("local mail sink listening", port=sink.port, directory=str(settings.mail_sink_dir))
        links = RpcClient(
            runtime.broker,
            timeout=settings.link_call_timeout_seconds,
            principal=Principal.of_service("notifications"),
            caller="notifications",
        )
        self.delivery = DeliveryWorker(settings, runtime.database, links)
        self.delivery.start(runtime.loops)
        self.reminders = ReminderScheduler(runtime.database, settings.reminder_poll_seconds)
        self.reminders.start(runtime.loops)

    async def stop(self, runtime: service.ServiceRuntime) -> None:
        if self.reminders is not None:
            await self.reminders.stop()
        if self.delivery is not None:
            await self.delivery.stop()
        if self.mail_sink is not None:
            self.mail_sink.stop()
            self.mail_sink = None
            if self.settings.mail_sink_dir is not None:
                mailbox.sink_stopped(self.settings.mail_sink_dir)


def mail_queue_sample(runtime: service.ServiceRuntime) -> metrics.Sample:
    """The mail queue for the metrics: e-mails still pending and the age of the oldest."""
    query = sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.extract("epoch", sa.func.now() - sa.func.min(messages.c.created_at)), 0),
    ).where(messages.c.status == queue.PENDING)
    return metrics.mail_queue_sample(runtime.name, runtime.database, query)
