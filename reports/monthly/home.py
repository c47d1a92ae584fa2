"""Each user's landing page: a librarian's month; for everyone else the libraries in their area."""

from django.db.models import Count, Q
from django.shortcuts import render

from foundation.scope import scope_for
from libraries.choices import LibraryLevel
from libraries.models import Library

from .month_tasks import month_tasks


def home(request):
    """Each user's landing page: a librarian's tasks of the month; for others the libraries in scope by level."""
    scope = scope_for(request.user)
    context = {
        "assignments": request.user.role_assignments.select_related("province", "regency", "library"),
        "read_only": scope.read_only,
        "month_tasks": month_tasks(request.user),
    }
    if context["month_tasks"]:
        return render(request, "home.html", context)
    libraries = Library.objects.restrict(request.user)
    counts = libraries.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        **{level.value: Count("pk", filter=Q(level=level)) for level in LibraryLevel},
    )
    context.update(
        counts=counts,
        by_level=[(level.label, level.value, counts[level.value]) for level in LibraryLevel if counts[level.value]],
        by_regency=libraries.filter(regency__isnull=False)
        .values("regency__code", "regency__name", "province__code")
        .annotate(total=Count("pk"), villages=Count("pk", filter=Q(level=LibraryLevel.VILLAGE)))
        .order_by("regency__code")[:60],
        recent_libraries=libraries.with_places().order_by("-updated_at")[:10],
    )
    return render(request, "home.html", context)
