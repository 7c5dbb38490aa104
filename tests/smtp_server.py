"""A local SMTP server for tests (aiosmtpd): it keeps what it is sent, and refuses the
recipients it is told to, with the SMTP answer given."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class SmtpStandIn:
    port: int
    received: list[EmailMessage] = field(default_factory=list)
    # An address and the answers to give its RCPT, one per try, before accepting it.
    refuse: dict[str, list[str]] = field(default_factory=dict)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        answers = self.refuse.get(address)
        if answers:
            return answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_stand_in() -> Iterator[SmtpStandIn]:
    stand_in = SmtpStandIn(port=free_port())
    controller = Controller(stand_in, hostname="127.0.0.1", port=stand_in.port)
    controller.start()
    try:
        yield stand_in
    finally:
        controller.stop()


def use_smtp(settings: Any, port: int) -> None:
    """Send through Django's SMTP backend to 127.0.0.1:`port`, not the tests' outbox."""
    settings.EMAIL_PROVIDER = "smtp"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
