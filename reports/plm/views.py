"""Peer Learning Meeting pages: scoped list, detail, create/edit with presentations and follow-ups, briefing pack."""

from __future__ import annotations

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Flag
from evidence.quality import open_flags, quality
from foundation.scope import CHANGE
from foundation.tables import MonthColumn
from foundation.views import generic
from libraries.choices import LibraryLevel
from libraries.models import Library
from libraries.places import find_place
from reports.kpi import formula
from reports.models import MonthlyReport, PeerLearningMeeting, PlmPresentation, ProgressReport
from reports.models.kpi import KpiColour
from reports.models.plm import PresentationKind
from reports.models.progress import ReportScope
from reports.plans.summary import area_plans, report_place
from reports.progress.presenters import ReportPresenter
from reports.progress.views import breadcrumbs, get_report

from .filtersets import PlmFilterSet
from .forms import FollowUpFormSet, PlmForm, PresentationFormSet
from .review import review


class PlmTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    date = tables.DateColumn(verbose_name=_("Date"))
    level = tables.Column(verbose_name=_("Level"))
    province = tables.Column(verbose_name=_("Province"))
    regency = tables.Column(verbose_name=_("Regency/city"))
    mode = tables.Column(verbose_name=_("Mode"))
    period = MonthColumn(verbose_name=_("Month reviewed"))
    library_count = tables.Column(verbose_name=_("Libraries"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = PeerLearningMeeting
        fields = ["title", "date", "level", "province", "regency", "mode", "period", "library_count"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No peer learning meetings.")


class PlmListView(generic.ObjectListView):
    queryset = (
        PeerLearningMeeting.objects.select_related("province", "regency")
        .annotate(library_count=Count("libraries"))
        .order_by("-date", "-id")
    )
    filterset_class = PlmFilterSet
    table_class = PlmTable
    template_name = "reports/plm/list.html"


def participant_counts(libraries) -> list[tuple[str, int]]:
    """Participating libraries counted by level (one query)."""
    counts = libraries.aggregate(**{level.value: Count("pk", filter=Q(level=level)) for level in LibraryLevel})
    return [(level.label, counts[level.value]) for level in LibraryLevel if counts[level.value]]


class PlmDetailView(generic.ObjectDetailView):
    queryset = PeerLearningMeeting.objects.select_related("province", "regency", "created_by")
    template_name = "reports/plm/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        scope, code = meeting.report_scope
        # A national meeting's libraries come from every province: each reader sees those of their area, as in the API.
        visible = Library.objects.restrict(self.request.user)
        participants = meeting.libraries.filter(pk__in=visible.values("pk"))
        presentations = list(
            meeting.presentations.filter(Q(library__isnull=True) | Q(library__in=visible.values("pk"))).select_related(
                "library"
            )
        )
        context.update(
            {
                "participant_counts": participant_counts(participants),
                "participants": participants.select_related("regency").order_by("level", "regency", "name"),
                "presentations_by_kind": [
                    (kind.label, [p for p in presentations if p.kind == kind]) for kind in PresentationKind
                ],
                "follow_ups": meeting.follow_ups.all(),
                "reviewed": ProgressReport.objects.restrict(self.request.user)
                .filter(period=meeting.period, scope=scope, code=code)
                .only("scope", "code", "period", "name")
                .first(),
                "briefing_url": reverse_lazy("reports:plm_briefing", args=[meeting.period_key, scope, code]),
                "today": timezone.localdate(),
            }
        )
        return context


class PlmEditMixin:
    """The meeting form with its presentations and follow-up actions, saved together or not at all."""

    model = PeerLearningMeeting
    form_class = PlmForm
    template_name = "reports/plm/form.html"

    def formsets(self):
        kwargs = {"instance": self.object if self.object and self.object.pk else None, "user": self.request.user}
        data = self.request.POST if self.request.method == "POST" else None
        return (
            PresentationFormSet(data, prefix="presentations", **kwargs),
            FollowUpFormSet(data, prefix="follow_ups", **kwargs),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "presentation_formset" not in kwargs:
            context["presentation_formset"], context["follow_up_formset"] = self.formsets()
        return context

    def form_valid(self, form):
        presentations, follow_ups = self.formsets()
        if not (presentations.is_valid() and follow_ups.is_valid()):
            return self.render_to_response(
                self.get_context_data(form=form, presentation_formset=presentations, follow_up_formset=follow_ups)
            )
        with transaction.atomic():
            if not form.instance.pk:
                form.instance.created_by = self.request.user
            self.object = form.save()
            if not PeerLearningMeeting.objects.restrict(self.request.user, CHANGE).filter(pk=self.object.pk).exists():
                transaction.set_rollback(True)
                raise PermissionDenied(_("The record would be outside the area you may change."))
            for formset in (presentations, follow_ups):
                formset.instance = self.object
                formset.save()
        messages.success(self.request, generic.saved_message(self.object))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def form_invalid(self, form):
        presentations, follow_ups = self.formsets()
        presentations.is_valid()
        follow_ups.is_valid()
        return self.render_to_response(
            self.get_context_data(form=form, presentation_formset=presentations, follow_up_formset=follow_ups)
        )


class PlmCreateView(PlmEditMixin, generic.ObjectCreateView):
    pass


class PlmUpdateView(PlmEditMixin, generic.ObjectUpdateView):
    pass


class PlmDeleteView(generic.ObjectDeleteView):
    model = PeerLearningMeeting
    success_url = reverse_lazy("reports:plm_list")


# The briefing pack ----------------------------------------------------------------------------------------------

BRIEFING_TOP = 10


def evidence_context(user, scope, code) -> dict:
    """The open evidence flags of the briefing's area (``evidence.quality``), within the user's scope."""
    visible = Flag.objects.restrict(user)
    return {"quality": quality(scope, code, visible)[0], "open_flags": open_flags(scope, code, visible)}


def briefing_context(request, period, scope, code) -> dict:
    """Libraries ranked by KPI, the month's records, strongest practices and stories, the partners needing support
    (red, or not yet scored) and the problems they report."""
    if scope == ReportScope.LIBRARY:
        raise Http404
    report = get_report(request, period, scope, code)
    libraries_of = ProgressReport.objects.restrict(request.user).libraries_of(report)
    ranked = list(libraries_of.filter(kpi_score__isnull=False).select_related("regency").order_by("-kpi_score", "name"))
    library_filter = {
        ReportScope.PROVINCE: {"library__province": code},
        ReportScope.REGENCY: {"library__regency": code},
    }.get(scope, {})
    problems = {
        row["library_id"]: row
        for row in MonthlyReport.objects.restrict(request.user)
        .filter(period=period, **library_filter)
        .exclude(problems="")
        .values("library_id", "problems", "next_steps")
    }
    # Laggards: red, lowest score first; among equals, those who told us what is wrong. Then the partners not yet
    # scored (nothing recorded this month), those who told us what is wrong first.
    red = [row for row in ranked if row.kpi_colour == KpiColour.RED]
    red.sort(key=lambda row: (row.kpi_score, row.library_id not in problems, row.name))
    silent = libraries_of.filter(kpi_colour=KpiColour.NOT_SCORED).select_related("regency")
    silent = silent.order_by("regency__name", "name")
    told = list(silent.filter(library_id__in=list(problems))[:BRIEFING_TOP])
    silent = told + list(silent.exclude(library_id__in=list(problems))[: BRIEFING_TOP - len(told)])
    laggards = red[:BRIEFING_TOP] + silent
    for row in laggards:
        found = problems.get(row.library_id)
        row.problems = found["problems"] if found else ""
        row.next_steps = found["next_steps"] if found else ""
    # Strongest practices: the month's activities that reached the most people.
    practices = list(
        Activity.objects.restrict(request.user)
        .in_month(period)
        .filter(**library_filter)
        .select_related("library")
        .annotate(reached=F("participants"))
        .order_by("-reached", "-date", "-pk")[:BRIEFING_TOP]
    )
    shared = list(
        PlmPresentation.objects.restrict(request.user)
        .filter(meeting__period__lt=period, kind__in=[PresentationKind.TIPS, PresentationKind.ACHIEVEMENT])
        .filter(**({"meeting__province": code} if scope == ReportScope.PROVINCE else {}))
        .filter(**({"meeting__regency": code} if scope == ReportScope.REGENCY else {}))
        .select_related("meeting", "library")
        .order_by("-meeting__date")[:5]
    )
    return {
        "report": report,
        "p": ReportPresenter(report),
        "not_scored": (report.figures.get("kpi") or {}).get(KpiColour.NOT_SCORED, 0),
        "ranked": ranked,
        "top": ranked[:BRIEFING_TOP],
        "laggards": laggards,
        "practices": practices,
        "shared": shared,
        "highlights": report.highlights or [],
        **evidence_context(request.user, scope, code),
        "breadcrumbs": breadcrumbs(request.user, report),
        "now": timezone.now(),
        "work_plans": area_plans(report_place(report), report.period),
    }


def plm_briefing(request, period, scope, code):
    return render(request, "reports/plm/briefing.html", briefing_context(request, period, scope, code))


def plm_briefing_pdf(request, period, scope, code):
    from reports.progress.pdf import letterhead_for, render_pdf_html, report_charts

    context = briefing_context(request, period, scope, code)
    report = context["report"]
    with translation.override("id"):
        context.update(charts=report_charts(report), letterhead=letterhead_for(report.province_id))
        html = render_to_string("reports/plm/briefing_pdf.html", context)
        content = render_pdf_html(html)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"bahan-plm-{report.scope}-{report.code.replace('.', '-')}-{report.period_key}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class PlmReviewView(generic.ObjectDetailView):
    """The meeting's period under review: attendance by regency/city, the KPI over the period, award shortlists
    from verified records and pairs for peer support (``reports.plm.review``)."""

    queryset = PeerLearningMeeting.objects.select_related("province", "regency")
    template_name = "reports/plm/review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope, code = self.object.report_scope
        place = find_place(scope, code)
        context.update(review(self.object, place))
        context["labels"] = {name: label for name, (label, _c) in formula.INDICATORS.items()}
        return context
