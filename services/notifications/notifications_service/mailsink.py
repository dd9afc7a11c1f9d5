"""A local mail sink: a real SMTP server on loopback that keeps every message it receives.

Used by the local run command instead of a mail provider, so staff can read the sent e-mails in the
UI. Each message is stored as `<id>.eml` in the store directory, and `index.jsonl` lists them (one
JSON object per line: id, received_at, from, to, subject) in the order they arrived.

Run it on its own with `python -m notifications_service.mailsink --port 1025 --dir .data/mail`.
"""

import argparse
import json
import re
import signal
import threading
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Self

from aiosmtpd.controller import Controller
from pydantic import BaseModel, ConfigDict, Field

from netzwerkstatt.contracts.notifications import MAIL_ID_PATTERN
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.stack.processes import free_port

INDEX_FILE = "index.jsonl"
_MAIL_ID = re.compile(MAIL_ID_PATTERN)


class MailNotFoundError(LookupError):
    pass


class StoredMail(BaseModel):
    """One line of the index."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    id: str
    received_at: datetime
    sender: str = Field(alias="from")
    to: list[str]
    subject: str


# One lock per folder, shared by every store of it in this process: the sink's thread appends to the
# index while an erasure (through a store of its own) rewrites it.
_FOLDER_LOCKS: dict[Path, threading.Lock] = {}
_FOLDER_LOCKS_LOCK = threading.Lock()


def _folder_lock(directory: Path) -> threading.Lock:
    with _FOLDER_LOCKS_LOCK:
        return _FOLDER_LOCKS.setdefault(directory.resolve(), threading.Lock())


class MailStore:
    """The directory of received messages; safe to use from the SMTP thread and the caller's, and
    through several stores of the same directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = _folder_lock(directory)

    def save(self, sender: str, recipients: list[str], content: bytes) -> StoredMail:
        received_at = datetime.now(UTC)
        headers = BytesParser(policy=default_policy).parsebytes(content, headersonly=True)
        entry = StoredMail(
            id=f"{received_at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:12]}",
            received_at=received_at,
            sender=sender,
            to=list(recipients),
            subject=str(headers.get("Subject", "")),
        )
        with self._lock:
            (self.directory / f"{entry.id}.eml").write_bytes(content)
            with (self.directory / INDEX_FILE).open("a", encoding="utf-8") as index:
                index.write(entry.model_dump_json(by_alias=True) + "\n")
        return entry

    def messages(self) -> list[StoredMail]:
        """All stored messages, oldest first."""
        index_path = self.directory / INDEX_FILE
        with self._lock:
            if not index_path.exists():
                return []
            lines = index_path.read_text(encoding="utf-8").splitlines()
        return [StoredMail.model_validate(json.loads(line)) for line in lines if line.strip()]

    def count(self) -> int:
        """How many messages are stored, without reading them (cheap enough to poll)."""
        index_path = self.directory / INDEX_FILE
        with self._lock:
            if not index_path.exists():
                return 0
            return index_path.read_bytes().count(b"\n")

    def forget(self, address: str) -> int:
        """Erasure: delete every stored message to ``address`` (its file and its index line);
        returns how many went. The messages to others stay as they were."""
        wanted = address.strip().lower()
        index_path = self.directory / INDEX_FILE
        with self._lock:
            if not index_path.exists():
                return 0
            lines = [line for line in index_path.read_text(encoding="utf-8").splitlines() if line.strip()]
            kept: list[str] = []
            removed = 0
            for line in lines:
                entry = StoredMail.model_validate(json.loads(line))
                if wanted in (recipient.strip().lower() for recipient in entry.to):
                    (self.directory / f"{entry.id}.eml").unlink(missing_ok=True)
                    removed += 1
                else:
                    kept.append(line)
            if removed:
                replacement = index_path.with_suffix(".tmp")
                replacement.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
                replacement.replace(index_path)
        return removed

    def raw(self, mail_id: str) -> bytes:
        # The id ends up in a file path, so only the shape this store hands out is accepted.
        path = self.directory / f"{mail_id}.eml"
        if not _MAIL_ID.fullmatch(mail_id) or not path.is_file():
            raise MailNotFoundError(f"no stored mail with id '{mail_id}'")
        return path.read_bytes()

    def message(self, mail_id: str) -> EmailMessage:
        parsed = BytesParser(policy=default_policy).parsebytes(self.raw(mail_id))
        assert isinstance(parsed, EmailMessage)  # guaranteed by the default policy
        return parsed


class _StoringHandler:
    """aiosmtpd handler: accepts every recipient (the default) and stores each message."""

    def __init__(self, store: MailStore) -> None:
        self._store = store

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        self._store.save(envelope.mail_from, list(envelope.rcpt_tos), bytes(content))
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self, *, store_dir: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        # aiosmtpd's Controller cannot use port 0: its start-up check connects to the configured port.
        self.port = port or free_port()
        self.store = MailStore(store_dir)
        self._controller: Controller | None = None

    def start(self) -> None:
        if self._controller is not None:
            return
        controller = Controller(_StoringHandler(self.store), hostname=self.host, port=self.port)
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self) -> list[StoredMail]:
        return self.store.messages()

    def message(self, mail_id: str) -> EmailMessage:
        return self.store.message(mail_id)

    def count(self) -> int:
        return self.store.count()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local SMTP sink that stores every message it receives.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=1025, help="port to listen on (default: 1025)")
    parser.add_argument("--dir", type=Path, default=Path(".data/mail"), help="where to store messages")
    arguments = parser.parse_args(argv)
    # The SMTP server's own log lines (aiosmtpd's "mail.log") go through the masking log setup.
    configure_logging("mailsink", level="WARNING")

    stopped = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with MailSink(host=arguments.host, port=arguments.port, store_dir=arguments.dir) as sink:
        print(f"mail sink listening on {sink.host}:{sink.port}, storing in {arguments.dir}", flush=True)
        stopped.wait()


if __name__ == "__main__":
    main()
