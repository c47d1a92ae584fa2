"""The portal's URL patterns, read from the resolver, with arguments and bad query values to fill them.

``routes()`` lists every pattern there is (pages, API, admin, static files), so a new page is walked
as soon as it exists; ``Places`` builds one record of every kind at a library inside and one outside a
role's area and fills a pattern's arguments from them. A pattern whose arguments it cannot fill fails
the walk with a request for a recipe here.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from accounts.models import RoleAssignment, User
from activities.models import (
    Activity,
    ActivityPhoto,
    Advocacy,
    Flag,
    Publication,
    Replication,
    ServiceSnapshot,
    SuccessStory,
    Training,
)
from activities.photos import save_photo
from foundation.months import PeriodFormField
from foundation.views.generic import ScopedFormMixin
from libraries.models import Aid, Commitment, Library, Meeting, Province, Regency, SynergyTeam, TeamMember
from notifications.models import Notification
from reports.dashboards.forms import DashboardFilterForm, RecordsForm
from reports.models import CompileJob, MonthlyReport, PeerLearningMeeting, ProgressReport, WorkPlan

from .activities.factories import jpeg_bytes
from .api.uploads import photo_upload

MONTH = dt.date(2019, 7, 1)
REPORT_MONTH = "2021-08"  # the demo data's compiled month
REPORT_PERIOD = dt.date(2021, 8, 1)

LONG = "x" * 5000
NUL = "a\x00b"
HUGE = "9" * 30
#: Query parameters every page is sent, whatever it reads: paging, sorting, months, exports and junk.
GENERIC = {
    "page": ["0", "-1", "x", HUGE],
    "per_page": ["-5", "x", HUGE],
    "page_size": [HUGE, "0"],
    "sort": ["x", "-" + NUL],
    "export": ["csv", "xlsx", NUL],
    "q": [NUL, LONG],
    "period": ["9999-12", "0000-01"],
    "month": ["9999-12", "x"],
    "year": [HUGE, "0"],
    "format": ["x"],
    "size": ["thumb"],
    "next": ["https://elsewhere.example/"],
    # what create forms take as their initial record
    "library": [HUGE, NUL, "x"],
    "team": [HUGE, "-1"],
    "meeting": [HUGE, "x"],
    "activity": [HUGE, NUL],
}
#: For the admin's lists: search, page, order, and a lookup it does not know.
ADMIN_GENERIC = {"q": [NUL], "p": [HUGE], "o": ["x"], "nonsense__lookup": ["1"]}


def generic_combined() -> list[dict[str, str]]:
    """The generic values all at once, a few times over (the i-th value of each): for pages that read no query."""
    rounds = max(len(values) for values in GENERIC.values())
    return [{name: values[i % len(values)] for name, values in GENERIC.items()} for i in range(rounds)]


@dataclass(frozen=True)
class Route:
    """One URL pattern: its route text (for messages), name, view and arguments."""

    route: str
    name: str
    pattern: URLPattern
    prefix: list  # the resolvers' patterns leading to it

    @property
    def view(self):
        callback = self.pattern.callback
        return getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback

    @property
    def arguments(self) -> list[str]:
        names = []
        for part in [*self.prefix, self.pattern.pattern]:
            regex = part.regex
            names += list(regex.groupindex)
        return names

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    def url(self, values: dict[str, str]) -> str:
        parts = []
        for part in [*self.prefix, self.pattern.pattern]:
            parts.append(_fill(part, values))
        return "/" + "".join(parts)


def _fill(pattern, values: dict[str, str]) -> str:
    """The text a pattern (RoutePattern or RegexPattern) matches with these argument values."""
    text = str(pattern)
    if isinstance(pattern, RoutePattern):  # <conv:name>
        for name in pattern.regex.groupindex:
            start = text.index("<")
            end = text.index(">", start)
            assert text[start + 1 : end].split(":")[-1] == name, text
            text = text[:start] + values[name] + text[end + 1 :]
        return text

    def named(match):
        return values[match.group(1)]

    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", named, text)
    return text.lstrip("^").rstrip("$").replace("\\.", ".")


def routes() -> list[Route]:
    """Every URL pattern of the portal, recursively."""
    found = []

    def walk(resolver, prefix, namespace):
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                ns = namespace
                if item.namespace:
                    ns = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item, [*prefix, item.pattern], ns)
            else:
                name = f"{namespace}:{item.name}" if namespace and item.name else (item.name or "")
                text = "".join(str(p) for p in [*prefix, item.pattern])
                found.append(Route(text, name, item, prefix))

    walk(get_resolver(), [], "")
    return found


# -- the records the walk fills arguments with ------------------------------------------------------------------


@dataclass
class Place:
    """One record of each kind at one library."""

    library: Library
    objects: dict = field(default_factory=dict)

    def pk(self, model) -> str:
        if model not in self.objects:
            raise LookupError(f"add a {model.__name__} to build_place() in tests/urlwalk.py")
        return str(self.objects[model].pk)


def build_place(library: Library, librarian: User | None) -> Place:
    place = Place(library)
    # Entered 45 days after its date: it carries an evidence flag (``backdated``) for the flag routes.
    activity = Activity.objects.create(
        library=library,
        date=MONTH.replace(day=15),
        strategy="advocacy",
        title="Audiensi",
        participants_male=2,
        entered_on=MONTH.replace(day=15) + dt.timedelta(days=45),
    )
    team = SynergyTeam.objects.filter(province_id=library.province_id).first() or SynergyTeam.objects.create(
        name="Tim Sinergi", level="province", province_id=library.province_id
    )
    photo, _created = save_photo(activity, photo_upload(jpeg_bytes(size=(64, 48), gps=False)), None, caption="Foto")
    training = Training.objects.create(
        title="Bimtek",
        organiser="Perpusnas",
        start_date=MONTH,
        end_date=MONTH,
        province_id=library.province_id,
        regency_id=library.regency_id,
    )
    training.libraries.add(library)
    plm = PeerLearningMeeting.objects.create(
        title="PLM",
        level="regency",
        regency_id=library.regency_id,
        date=MONTH.replace(day=25),
        host="DKPUS",
        period=MONTH,
    )
    plm.libraries.add(library)
    meeting = Meeting.objects.create(team=team, date=MONTH, agenda="Rapat")
    reader = librarian or User.objects.filter(role_assignments__library=library).first()
    place.objects = {
        Library: library,
        Activity: activity,
        ActivityPhoto: photo,
        SuccessStory: SuccessStory.objects.create(
            library=library, activity=activity, date=MONTH, person_name="Sari", title="Anyaman", story="Naik"
        ),
        Aid: Aid.objects.create(library=library, year=2019, item="books", quantity=10),
        SynergyTeam: team,
        TeamMember: TeamMember.objects.create(team=team, name="Rina", institution="Bappeda", sector="government"),
        Meeting: meeting,
        Commitment: Commitment.objects.create(
            team=team, meeting=meeting, kind="internet", party="Diskominfo", description="Internet"
        ),
        Training: training,
        MonthlyReport: MonthlyReport.objects.create(library=library, period=MONTH, visitors=10),
        PeerLearningMeeting: plm,
        CompileJob: CompileJob.objects.create(
            period=MONTH,
            scope="library",
            code=str(library.pk),
            library=library,
            province_id=library.province_id,
            regency_id=library.regency_id,
        ),
        User: reader,
        Advocacy: Advocacy.objects.create(
            library=library, date=MONTH.replace(day=16), title="Audiensi kepala desa", targets=["village_head"]
        ),
        Publication: Publication.objects.create(
            library=library, date=MONTH.replace(day=17), title="Berita kegiatan", media_outlet="Radio desa"
        ),
        ServiceSnapshot: ServiceSnapshot.objects.create(library=library, period=MONTH, books=100, computers=2),
        Replication: Replication.objects.create(
            province_id=library.province_id, regency_id=library.regency_id, year=MONTH.year, villages=3
        ),
        Notification: Notification.objects.create(
            recipient=reader, kind="returned", subject="Laporan bulanan", url=f"/libraries/{library.pk}/"
        ),
        Province: library.province,
        Regency: library.regency,
        Flag: activity.evidence_flags.get(),
        ProgressReport: ProgressReport.objects.get(scope="library", code=str(library.pk), period=REPORT_PERIOD),
        WorkPlan: WorkPlan.objects.create(library=library, year=MONTH.year, engagement_events=24),
    }
    return place


def librarian_of(library: Library) -> User:
    user = User.objects.filter(role_assignments__library=library).first()
    if user is None:
        user = User.objects.create(username=f"pustakawan.uji{library.pk}")
        RoleAssignment.objects.create(user=user, role="librarian", library=library)
    return user


#: Function views (and views without a model) by URL name: the model their ``pk`` names.
PK_MODELS = {
    "libraries:commitment_evidence": Commitment,
    "activities:activity_photo_add": Activity,
    "activities:activity_photo": ActivityPhoto,
    "reports:compile_job": CompileJob,
    "reports:compile_job_status": CompileJob,
    "reports:compile_job_retry": CompileJob,
    "accounts:user_password_link": User,
    "accounts:user_active": User,
    "activities:advocacy_document": Advocacy,
    "reports:queue_record": Activity,
    "reports:queue_record_verify": Activity,
    "reports:queue_record_return": Activity,
    "reports:queue_record_next": Activity,
    "reports:queue_record_resubmit": Activity,
    "reports:queue_record_flag_accept": Activity,
    "notifications:open": Notification,
    "notifications:read": Notification,
    "reports:monthlyreport_submit": MonthlyReport,
    "reports:monthlyreport_verify": MonthlyReport,
    "reports:monthlyreport_return": MonthlyReport,
    "reports:workplan_agree": WorkPlan,
    "reports:workplan_return": WorkPlan,
}


def model_of(route: Route):
    """The model a route's ``pk`` refers to."""
    if route.name in PK_MODELS:
        return PK_MODELS[route.name]
    view = route.view
    queryset = getattr(view, "queryset", None)
    model = getattr(view, "model", None) or (queryset.model if queryset is not None else None)
    if model is None:
        raise LookupError(f"{route.route} ({route.name}): add the model of its pk to PK_MODELS in tests/urlwalk.py")
    return model


def report_arguments(place: Place, scope: str) -> dict[str, str]:
    library = place.library
    code = {"library": str(library.pk), "regency": library.regency_id, "province": library.province_id}[scope]
    return {"period": REPORT_MONTH, "scope": scope, "code": code}


def arguments(route: Route, place: Place) -> dict[str, str] | None:
    """Values for every argument of ``route`` naming records at ``place``; None for a route that takes none."""
    names = route.arguments
    if not names:
        return None
    values = {}
    for name in names:
        if name == "pk":
            values[name] = place.pk(model_of(route))
        elif name in {"period", "scope", "code"}:
            values.update(report_arguments(place, "regency"))
            if "period" not in names:
                values.pop("period")
        elif name == "kind":
            values[name] = "activities" if (route.name or "").startswith("reports:queue_record") else "all"
        elif name == "flag":
            values[name] = place.pk(Flag)
        elif name == "fmt":
            values[name] = "xlsx"
        elif name in {"uidb64", "token"}:
            values[name] = "MQ" if name == "uidb64" else "set-password"
        elif name == "path":  # static files
            values[name] = "css/portal.css"
        elif route.is_admin:
            values.update(admin_arguments(route, place, name))
        else:
            raise LookupError(f"{route.route}: teach tests/urlwalk.py how to fill {name!r}")
    return values


def admin_arguments(route: Route, place: Place, name: str) -> dict[str, str]:
    if name == "app_label":
        return {name: "libraries"}
    if name == "object_id" and "content_type_id" in route.arguments:  # "view on site"
        return {name: str(place.library.pk)}
    if name in {"object_id", "id"}:
        model = route.pattern.callback.model_admin.model if hasattr(route.pattern.callback, "model_admin") else None
        model = model or _admin_model(route)
        obj = place.objects.get(model) or model._default_manager.order_by("pk").first()
        return {name: str(obj.pk) if obj is not None else "1"}
    if name == "content_type_id":
        return {name: str(ContentType.objects.get_for_model(Library).pk)}
    if name == "url":
        return {name: "no-such-page/"}
    raise LookupError(f"{route.route}: teach tests/urlwalk.py how to fill {name!r}")


def _admin_model(route: Route):
    for part in route.prefix:
        text = str(part)
        for model in admin.site._registry:
            if text == f"{model._meta.app_label}/{model._meta.model_name}/":
                return model
    raise LookupError(route.route)


# -- what a page reads from its query string ---------------------------------------------------------------------

#: Function views that read a form from the query string.
QUERY_FORMS = {
    "reports:dashboard_detail": DashboardFilterForm,
    "reports:dashboard_map": DashboardFilterForm,
    "reports:dashboard_export": DashboardFilterForm,
    "reports:dashboard_libraries": RecordsForm,
}


def query_fields(route: Route, request) -> dict[str, forms.Field]:
    """The form fields behind the query parameters a page reads: its FilterSet's, or its filter form's."""
    filterset_class = getattr(route.view, "filterset_class", None)
    if filterset_class is not None:
        model = filterset_class._meta.model
        filterset = filterset_class(data={}, queryset=model._default_manager.none(), request=request)
        return dict(filterset.form.fields)
    form_class = QUERY_FORMS.get(route.name)
    return dict(form_class().fields) if form_class else {}


def form_fields(route: Route, request) -> dict[str, forms.Field]:
    """The fields of the form a create or edit page posts."""
    form_class = getattr(route.view, "form_class", None)
    if form_class is None:
        return {}
    takes_user = "user" in inspect.signature(form_class.__init__).parameters or issubclass(form_class, ScopedFormMixin)
    return dict((form_class(user=request.user) if takes_user else form_class()).fields)


def bad_values(form_field: forms.Field, outside: Place) -> list[str]:
    """Values a field cannot take, of the kinds people and attackers send; a record outside the area last."""
    if isinstance(form_field, forms.ModelChoiceField):
        values = [NUL, "x", HUGE, "-1"]
        model = form_field.queryset.model
        if model in outside.objects:
            values.append(outside.pk(model))
        return values
    if isinstance(form_field, forms.ChoiceField | forms.NullBooleanField):
        return [NUL, "maybe"]
    if isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return ["x", HUGE, "-" + HUGE, "1.5", "1e400", "-1", "٣"]
    if isinstance(form_field, forms.DateField):
        return ["9999-12-31", "0001-01-01", "0000-01-01", "2021-02-30"]
    if isinstance(form_field, PeriodFormField) or form_field.widget.attrs.get("type") == "month":
        return ["2021-13", "9999-12", "0000-01", "1000-01", "٢٠٢١-٠٩", NUL]
    if isinstance(form_field, forms.UUIDField):
        return ["x", NUL]
    return [NUL, LONG]
