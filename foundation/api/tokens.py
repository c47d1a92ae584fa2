"""API tokens: django-rest-knox's, one per login (a phone, a script), each listed and revocable on the profile.

Knox keeps only a hash of each token, lets it expire after ``TPBIS_API_TOKEN_IDLE_DAYS`` without use and
refuses inactive users; ``accounts.models.User.save`` deletes a user's tokens when the password changes or
the account is deactivated.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import exceptions

#: Tokens one user keeps at most: a new login beyond them revokes the oldest.
TOKENS_PER_USER = 20


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's, answering a header that is not a token at all (bytes that are no text) with a 401."""

    #: The characters of a token that are kept in clear to find it (and to name it on the profile page).
    key_length = CONSTANTS.TOKEN_KEY_LENGTH

    def authenticate_credentials(self, token):
        try:
            token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return super().authenticate_credentials(token)

    def _cleanup_token(self, auth_token) -> bool:
        """Only the token used is checked for expiry (knox scans all of the user's tokens on every request);
        a user's other expired tokens are removed when they next log in (``issue_token``)."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


def issue_token(user) -> str:
    """A new token for ``user`` (shown once), the oldest beyond ``TOKENS_PER_USER`` revoked."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    _instance, token = AuthToken.objects.create(user=user)
    kept = AuthToken.objects.filter(user=user).order_by("-created").values("digest")[:TOKENS_PER_USER]
    AuthToken.objects.filter(user=user).exclude(digest__in=kept).delete()
    return token
