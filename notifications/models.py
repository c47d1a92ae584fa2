"""What the portal tells a person: one row per recipient and event, read in the inbox and mailed as they choose.

A notification names what it is about as it was named when it happened (``subject``) and links to the record's
own page (``url``), which checks the scoping rule as every page does: a link never shows more than its reader
may see. ``target_type``/``target_id`` keep which record it was, for any model.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for verification")
    RETURNED = "returned", _("Returned for correction")
    VERIFIED = "verified", _("Verified")
    COMMITMENT_DUE = "commitment_due", _("Commitment nearing its due date")


class MailState(models.TextChoices):
    NONE = "none", _("not mailed")
    PENDING = "pending", _("to be mailed")
    DIGEST = "digest", _("in the daily digest")
    SENDING = "sending", _("being mailed")
    SENT = "sent", _("mailed")
    FAILED = "failed", _("mail failed")


#: States in which a notification still waits for its mail.
MAIL_WAITING = (MailState.PENDING, MailState.DIGEST, MailState.SENDING)


class NotificationQuerySet(models.QuerySet):
    def of(self, user):
        """A person's own notifications: the only rule, nobody sees another's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    subject = models.CharField(_("about"), max_length=300)
    comment = models.TextField(_("comment"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    target_type = models.ForeignKey(ContentType, models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    #: Set for events that must reach a person only once (a commitment's due date): unique per person and kind.
    once = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mail = models.CharField(_("e-mail"), max_length=10, choices=MailState.choices, default=MailState.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    #: When a sender took it (a sender that died leaves it ``sending``: it is taken again after a while).
    mail_claimed_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            # The navbar's unread count reads only this small index.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["mail", "created_at"], condition=Q(mail__in=MAIL_WAITING), name="notification_mail"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "once"], condition=~Q(once=""), name="notification_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def headline(self) -> str:
        return HEADLINES[self.kind]


#: One line saying what happened, in the reader's language (``subject`` names the record).
HEADLINES = {
    Kind.SUBMITTED: _("Submitted, waiting for your verification"),
    Kind.RETURNED: _("Returned to you for correction"),
    Kind.VERIFIED: _("Verified"),
    Kind.COMMITMENT_DUE: _("A commitment is nearing its due date"),
}


class Preference(models.Model):
    """How one person wants one kind of notification by mail (the inbox always has them all)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preferences", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mail = models.BooleanField(_("by e-mail"), default=True)
    digest = models.BooleanField(_("once a day, in a digest"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


#: What a person gets until they choose: every kind by mail, at once, except submissions for verifiers, which
#: can be many on a deadline day and come in one daily digest.
DEFAULTS = {kind: {"mail": True, "digest": kind == Kind.SUBMITTED} for kind in Kind.values}
