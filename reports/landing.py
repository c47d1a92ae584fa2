"""Where a steering page (KPI, IPLM) lands: the user's own area, or a choice when they follow several."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from libraries.places import home_place


def land(request, detail: str, template: str):
    """Redirect to ``detail`` for the widest place the user may see, or render ``template`` with their places."""
    place, choices = home_place(request.user)
    if place is not None:
        return redirect(detail, place.scope, place.code)
    if not choices:
        raise Http404
    links = [(name, reverse(detail, args=[scope, code])) for scope, code, name in choices]
    return render(request, template, {"links": links})
