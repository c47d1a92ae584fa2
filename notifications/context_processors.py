from django.utils.functional import SimpleLazyObject

from .service import unread_count_of_request


def inbox(request):
    """The navbar's unread count, counted only when a page shows it."""
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count_of_request(request))}
