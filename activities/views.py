"""Activities, their photos and success stories.

The activity form is built for a cheap phone on a weak connection: the page's script
(``static/js/offline-form.js``) keeps what was typed in the browser, sends the activity
first and each photo after it separately, and asks for JSON answers. A hidden token makes
a repeated submit return the activity the first one created, so nothing is stored twice;
a photo that fails to upload never costs the activity.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from foundation.digits import as_id
from foundation.scope import CHANGE
from foundation.views import generic
from libraries.forms.common import writable_libraries

from .choices import RecordSource
from .editing import CorrectionMixin, RecordDetailMixin
from .filtersets import ActivityFilterSet, SuccessStoryFilterSet
from .forms import ActivityForm, PhotoForm, SuccessStoryForm
from .models import Activity, ActivityPhoto, SuccessStory
from .models.activity import RECORD_PAGES
from .photos import save_photo
from .tables import ActivityTable, SuccessStoryTable


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def photo_count():
    photos = ActivityPhoto.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    return Coalesce(Subquery(photos.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


# --- activities ------------------------------------------------------------------------------------------------


class ActivityListView(generic.ObjectListView):
    """Every record of the four strategies (``?strategy=`` for one); advocacy and publications have their own too."""

    queryset = Activity.objects.select_related("library").annotate(photo_count=photo_count())
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    export_name = "kegiatan"


class ActivityDetailView(RecordDetailMixin, generic.ObjectDetailView):
    """An event's page; advocacy and publication records open on their own pages."""

    queryset = Activity.objects.select_related(
        "library", "library__regency", "library__province", "created_by", "verified_by"
    )
    template_name = "activities/activity_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.strategy in RECORD_PAGES:
            return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["photos"] = list(self.object.photos.all())
        context["stories"] = list(self.object.success_stories.all())
        if self.object.source == RecordSource.SIM:  # evidence links come only with records taken in from SIM
            context["attachment_links"] = list(self.object.attachment_links.all())
        if context["can_change"]:
            context["photo_form"] = PhotoForm()
        return context


def _photo_error(upload, error: ValidationError) -> str:
    return f"{upload.name}: {' '.join(error.messages)}"


class ActivityEditMixin:
    model = Activity
    form_class = ActivityForm

    def done(self, activity: Activity, created: bool, photo_errors: list[str]):
        if wants_json(self.request):
            return JsonResponse(
                {
                    "ok": True,
                    "created": created,
                    "id": activity.pk,
                    "url": activity.get_absolute_url(),
                    "photo_url": reverse("activities:activity_photo_add", args=[activity.pk]),
                    "photo_errors": photo_errors,
                }
            )
        if created:
            messages.success(self.request, _("The activity was saved."))
        for error in photo_errors:
            messages.warning(self.request, _("A photo was not saved: %(error)s") % {"error": error})
        return HttpResponseRedirect(activity.get_absolute_url())

    def form_invalid(self, form):
        if wants_json(self.request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
        return super().form_invalid(form)

    def save_photos(self, activity: Activity, form) -> list[str]:
        """Photos sent with the form (no script): each is checked alone; a bad one is reported, not fatal."""
        token = form.cleaned_data.get("client_token")
        errors = []
        for index, upload in enumerate(form.cleaned_data.get("photos") or []):
            try:
                save_photo(activity, upload, self.request.user, token=f"{token}-{index}" if token else None)
            except ValidationError as error:
                errors.append(_photo_error(upload, error))
        return errors


class ActivityCreateView(ActivityEditMixin, generic.ObjectCreateView):
    def get_initial(self):
        """``?library=ID`` chooses the library (a link from the home page); the form keeps it to the user's own."""
        initial = super().get_initial()
        library = self.request.GET.get("library", "")
        if as_id(library) and writable_libraries(self.request.user, Activity).filter(pk=library).exists():
            initial["library"] = int(library)
        return initial

    def existing(self, token):
        """The activity a previous submit of this very form created, if it did."""
        if not token:
            return None
        return Activity.objects.restrict(self.request.user, CHANGE).filter(client_token=token).first()

    def post(self, request, *args, **kwargs):
        self.object = None
        form = self.get_form()
        token = form["client_token"].value()
        try:
            existing = self.existing(token)
        except ValidationError:  # not a UUID: the form reports it
            existing = None
        if existing is not None:
            return self.done(existing, created=False, photo_errors=[])
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        activity = form.save(commit=False)
        activity.created_by = self.request.user
        activity.client_token = form.cleaned_data.get("client_token")
        try:
            with transaction.atomic():
                activity.save()
        except IntegrityError:
            # The same form arrived twice at once; the other request created it.
            existing = self.existing(activity.client_token)
            if existing is None:
                form.add_error(None, _("This form was already sent. Open a new form to record another activity."))
                return self.form_invalid(form)
            return self.done(existing, created=False, photo_errors=[])
        return self.done(activity, created=True, photo_errors=self.save_photos(activity, form))


class ActivityChangeView(ActivityEditMixin, generic.ObjectUpdateView):
    def form_valid(self, form):
        activity = form.save()
        return self.done(activity, created=True, photo_errors=self.save_photos(activity, form))


class ActivityUpdateView(CorrectionMixin, ActivityChangeView):
    pass


class ActivityDeleteView(generic.ObjectDeleteView):
    model = Activity
    success_url = reverse_lazy("activities:activity_list")


# --- photos ----------------------------------------------------------------------------------------------------


class PhotoView(View):
    """A photo (``?size=thumb`` for the small one), only for users whose scope holds the library."""

    def get(self, request, pk):
        photo = get_object_or_404(ActivityPhoto.objects.restrict(request.user), pk=pk)
        field = photo.thumbnail if request.GET.get("size") == "thumb" else photo.image
        try:
            handle = field.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=86400"
        response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.jpg"'
        return response


@require_POST
def photo_add(request, pk):
    """Add one photo to an activity: the script sends each photo on its own, retrying with the same token."""
    activity = get_object_or_404(Activity.objects.restrict(request.user), pk=pk)
    if not Activity.objects.restrict(request.user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    token = request.POST.get("client_token") or None
    if token:
        existing = ActivityPhoto.objects.filter(client_token=token, activity=activity).first()
        if existing is not None:
            return _photo_done(request, activity, existing, created=False)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
        for error in form.errors.get("image", []):
            messages.error(request, error)
        return redirect(activity)
    try:
        photo, created = save_photo(
            activity,
            form.cleaned_data["image"],
            request.user,
            caption=form.cleaned_data["caption"],
            token=token,
            cleaned=form.cleaned_photo,
        )
    except ValidationError as error:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "errors": {"image": [{"message": m} for m in error.messages]}}, status=400
            )
        messages.error(request, " ".join(error.messages))
        return redirect(activity)
    return _photo_done(request, activity, photo, created)


def _photo_done(request, activity, photo, created):
    if wants_json(request):
        return JsonResponse({"ok": True, "created": created, "id": photo.pk, "url": photo.get_absolute_url()})
    if created:
        messages.success(request, _("The photo was added."))
    return redirect(activity)


class PhotoDeleteView(generic.ObjectDeleteView):
    queryset = ActivityPhoto.objects.select_related("activity")
    template_name = "activities/activityphoto_confirm_delete.html"

    def get_success_url(self):
        return self.object.activity.get_absolute_url()


# --- success stories -------------------------------------------------------------------------------------------


class SuccessStoryListView(generic.ObjectListView):
    queryset = SuccessStory.objects.select_related("library")
    filterset_class = SuccessStoryFilterSet
    table_class = SuccessStoryTable


class SuccessStoryDetailView(generic.ObjectDetailView):
    queryset = SuccessStory.objects.select_related("library", "activity")


class SuccessStoryEditMixin:
    model = SuccessStory
    form_class = SuccessStoryForm


class SuccessStoryCreateView(SuccessStoryEditMixin, generic.ObjectCreateView):
    def get_initial(self):
        initial = super().get_initial()
        activity_id = self.request.GET.get("activity")
        if as_id(activity_id):
            activity = Activity.objects.restrict(self.request.user).filter(pk=activity_id).first()
            if activity is not None:
                initial.update(activity=activity.pk, library=activity.library_id, date=activity.date)
        return initial

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class SuccessStoryUpdateView(SuccessStoryEditMixin, generic.ObjectUpdateView):
    pass


class SuccessStoryDeleteView(generic.ObjectDeleteView):
    model = SuccessStory
    success_url = reverse_lazy("activities:successstory_list")
