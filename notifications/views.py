"""The inbox: a person's own notifications, newest first; opening one marks it read and follows its link.

Only the reader's own rows are ever looked up (another person's notification is 404); the link leads to the
record's page, which applies the scoping rule as usual.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import service
from .models import Notification

PER_PAGE = 30


def inbox(request):
    notifications = Notification.objects.of(request.user).select_related("actor")
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.unread()
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "notifications": list(page.object_list),
        "unread_only": unread_only,
        "page_query": "unread=1" if unread_only else None,
    }
    return render(request, "notifications/inbox.html", context)


def open_notification(request, pk):
    """Mark it read and go to what it is about (the inbox when it has no page)."""
    notification = get_object_or_404(Notification.objects.of(request.user).only("url", "read_at"), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:inbox")
    return redirect(target)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("notifications:inbox"))


@require_POST
def mark_read(request, pk):
    if not service.mark_read(request.user, pk):
        raise Http404
    return _back(request)


@require_POST
def mark_all_read(request):
    count = service.mark_all_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back(request)
