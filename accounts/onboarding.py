"""Password-setting links for new accounts, built on Django's password reset tokens.

A link lets its holder choose the account's password once; it stops working when the password is
set or after ``PASSWORD_RESET_TIMEOUT``. With email configured the link is sent to the person;
otherwise (or when sending fails, or the person has no email) it is shown to the staff member who
created the account, to pass on.
"""

import base64
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


def links_text(invitations: list[Invitation]) -> str:
    """Every link not sent by email, one line each, to copy at once (e.g. into a chat, person by person)."""
    lines = []
    for invitation in invitations:
        if not invitation.emailed:
            user = invitation.user
            name = user.get_full_name()
            lines.append(f"{user.username}{f' ({name})' if name else ''}: {invitation.link}")
    return "\n".join(lines)


def links_workbook(invitations: list[Invitation]) -> bytes:
    """The same links as a workbook: one row per account, the header frozen, the columns wide enough to read."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Links")
    header = [_("Username"), _("Name"), _("Email"), _("Password-setting link"), _("Sent by email")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for invitation in invitations:
        user = invitation.user
        emailed = _("yes") if invitation.emailed else _("no")
        sheet.append([user.username, user.get_full_name(), user.email, invitation.link, emailed])
    for column, width in zip("ABCDE", (28, 28, 30, 90, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def links_context(invitations: list[Invitation]) -> dict:
    """What the page showing new links needs: the links, their text to copy and the workbook to download.

    The links exist only in this answer (a token is never stored), so the workbook travels inside the page
    as a ``data:`` link rather than through a second request.
    """
    workbook = base64.b64encode(links_workbook(invitations)).decode("ascii")
    return {
        "invitations": invitations,
        "links_text": links_text(invitations),
        "links_xlsx": f"data:{XLSX_TYPE};base64,{workbook}",
    }
