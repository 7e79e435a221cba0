"""Email over SMTP (aiosmtplib): a plain-text UTF-8 message to one address."""

from __future__ import annotations

from collections.abc import Mapping
from email.message import EmailMessage

import aiosmtplib

from notifications.domain.delivery import DeliveryFailed, OutgoingMessage
from notifications.settings import NotifySettings


def build(message: OutgoingMessage, *, sender: str, to: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, to, message.title
    mail.set_content("\n\n".join(p for p in (message.body, message.link) if p))
    return mail


class SmtpEmail:
    name = "email"

    def __init__(self, settings: NotifySettings) -> None:
        self.settings = settings

    async def send(self, target: Mapping[str, str], message: OutgoingMessage) -> None:
        s = self.settings
        try:
            await aiosmtplib.send(
                build(message, sender=s.smtp_from, to=target["to"]), hostname=s.smtp_host,
                port=s.smtp_port, username=s.smtp_username or None,
                password=s.smtp_password.get_secret_value() or None,
                start_tls=s.smtp_starttls, timeout=s.smtp_timeout_seconds)
        except (aiosmtplib.SMTPException, OSError) as error:
            raise DeliveryFailed(f"SMTP {type(error).__name__}: {error}") from error
