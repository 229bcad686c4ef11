"""E-mail when none is configured in production.

Receipts, signature requests and komplettering notices carry names,
organisations and links to cases. With DEBUG off and no EMAIL_HOST, Django's
console backend would print them whole to the server's log, which is read by
people who are not their addressees. This backend drops them and logs only
that mail could not be sent (how many, not to whom nor what), so the operator
sees that EMAIL_HOST is missing. Password reset says it is unavailable then
(samordning.konto.password_reset_available)."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class EjKonfigurerad(BaseEmailBackend):
    def send_messages(self, email_messages):
        if email_messages:
            logger.warning(
                "E-post är inte konfigurerad (EMAIL_HOST saknas): %d meddelanden skickades inte.",
                len(email_messages),
            )
        return 0
