import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.views import View

from foundation.scope import CHANGE, Role
from foundation.tables import ATTRS
from foundation.views import generic
from foundation.views.imports import BaseImportView, template_download

from .forms import UserForm
from .importing import AccountImport
from .models import RoleAssignment, User
from .onboarding import invite, links_context

#: Every role assignment with its place: what deciding "are all this person's roles in my area?" needs.
ASSIGNMENTS = ("role_assignments__province", "role_assignments__regency", "role_assignments__library")


def visible_assignments(user) -> Prefetch:
    """A person's role assignments as ``user`` may see them: only those in ``user``'s area (the others are
    another province's business), with their places."""
    assignments = RoleAssignment.objects.restrict(user).select_related("province", "regency", "library")
    return Prefetch("role_assignments", queryset=assignments)


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, method="filter_role", label=_("Role"))
    password_set = django_filters.BooleanFilter(method="filter_password_set", label=_("Has a password"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "password_set", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )

    def filter_role(self, queryset, name, value):
        return queryset.filter(Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=value)))

    def filter_password_set(self, queryset, name, value):
        if value is None:
            return queryset
        unusable = Q(password__startswith="!")
        return queryset.exclude(unusable) if value else queryset.filter(unusable)


class UserTable(tables.Table):
    username = tables.Column(linkify=("accounts:user_detail", {"pk": tables.A("pk")}), verbose_name=_("Username"))
    name = tables.Column(accessor="get_full_name", verbose_name=_("Name"), order_by=("first_name", "last_name"))
    roles = tables.Column(accessor="pk", verbose_name=_("Roles"), orderable=False)
    password_set = tables.BooleanColumn(
        accessor="has_usable_password", verbose_name=_("Has a password"), orderable=False
    )

    class Meta:
        model = User
        fields = ["username", "name", "email", "roles", "password_set", "last_login", "is_active"]
        attrs = ATTRS
        empty_text = _("No accounts.")

    def render_roles(self, record):
        return format_html_join(
            ", ",
            "{} · {}",
            (
                (a.get_role_display(), a.library or a.regency or a.province or _("national"))
                for a in record.role_assignments.all()
            ),
        )


class UserListView(generic.ObjectListView):
    queryset = User.objects.order_by("username")
    filterset_class = UserFilterSet
    table_class = UserTable
    template_name = "accounts/user_list.html"
    export_name = "akun"

    def get_queryset(self):
        return super().get_queryset().prefetch_related(visible_assignments(self.request.user))


class UserDetailView(generic.ObjectDetailView):
    queryset = User.objects.all()
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_queryset(self):
        return super().get_queryset().prefetch_related(visible_assignments(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_invite"] = context["can_change"] and not self.object.has_usable_password()
        context["is_self"] = self.object.pk == self.request.user.pk
        return context


class UserUpdateView(generic.ObjectUpdateView):
    """Staff change the name, contacts and active state of accounts whose every role lies in their area."""

    model = User
    queryset = User.objects.prefetch_related(*ASSIGNMENTS)
    form_class = UserForm
    template_name = "accounts/user_form.html"
    context_object_name = "account"


class UserActiveView(View):
    """Deactivate (or reactivate) an account in one step from its page; never one's own."""

    def post(self, request, pk):
        account = get_object_or_404(User.objects.restrict(request.user), pk=pk)
        if not User.objects.restrict(request.user, CHANGE).filter(pk=account.pk).exists():
            raise PermissionDenied
        if request.POST.get("active") not in {"0", "1"}:
            return HttpResponseBadRequest(_("Say whether the account is to be active (1) or not (0)."))
        active = request.POST.get("active") == "1"
        if account.pk == request.user.pk and not active:
            messages.error(request, _("You cannot deactivate your own account."))
        elif account.is_active != active:
            account.is_active = active
            account.save(update_fields=["is_active"])
            if active:
                message = _("%(name)s can log in again.")
            else:
                message = _("%(name)s can no longer log in; what they recorded stays.")
            messages.success(request, message % {"name": account.display_name})
        return redirect(account.get_absolute_url())


class PasswordLinkView(View):
    """A new password-setting link for an account whose owner has not chosen a password yet.

    Once a password is set, only its owner can change it (the 'forgot password' page emails them):
    staff must not be able to take over an account that is in use.
    """

    def get_account(self):
        account = get_object_or_404(User.objects.restrict(self.request.user), pk=self.kwargs["pk"])
        if not User.objects.restrict(self.request.user, CHANGE).filter(pk=account.pk).exists():
            raise PermissionDenied
        return account

    def get(self, request, pk):
        return render(request, "accounts/user_password_link.html", {"account": self.get_account()})

    def post(self, request, pk):
        account = self.get_account()
        if account.has_usable_password():
            raise PermissionDenied(_("This person has already chosen a password."))
        invitations = invite(request, [account])
        return render(request, "accounts/user_import_done.html", {**links_context(invitations), "single": True})


class UserImportView(BaseImportView):
    importer_class = AccountImport
    model = User
    session_key = "import:accounts"
    template_name = "accounts/user_import.html"
    template_download = "accounts:user_import_template"
    list_url = "accounts:user_list"

    def done(self, saved, source):
        invitations = invite(self.request, [account.user for account in saved])
        return render(self.request, "accounts/user_import_done.html", {**links_context(invitations), "source": source})


user_import_template = template_download(AccountImport, "template-impor-akun")
