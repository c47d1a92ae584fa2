from django.utils.functional import SimpleLazyObject

from .service import unread_count


def inbox(request):
    """The navbar's unread count, counted only when a page shows it."""
    user = getattr(request, "user", None)
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
