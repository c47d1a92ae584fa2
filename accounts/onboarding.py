"""Password-setting links for new accounts, built on Django's password reset tokens.

A link lets its holder choose the account's password once; it stops working when the password is
set or after ``PASSWORD_RESET_TIMEOUT``. With email configured the link is sent to the person;
otherwise (or when sending fails, or the person has no email) it is shown to the staff member who
created the account, to pass on.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


@dataclass
class Invitation:
    user: object
    link: str
    emailed: bool = False


def password_link(request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("password_reset_confirm", args=[uid, token]))


def invite(request, users) -> list[Invitation]:
    """A link for each user; emailed to those with an address when email is configured."""
    invitations = [Invitation(user, password_link(request, user)) for user in users]
    to_email = [i for i in invitations if i.user.email] if settings.EMAIL_CONFIGURED else []
    if to_email:
        messages = [_message(request, invitation) for invitation in to_email]
        try:
            get_connection().send_messages(messages)
        except OSError:
            logger.exception("Sending password-setting links failed; showing them instead")
        else:
            for invitation in to_email:
                invitation.emailed = True
    return invitations


def _message(request, invitation: Invitation) -> EmailMessage:
    context = {
        "user": invitation.user,
        "link": invitation.link,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        "site": request.get_host(),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)
    return EmailMessage(subject, body, to=[invitation.user.email])
