from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foundation.scope import NATIONAL, VIEW, Area, Role, ScopedQuerySet, scope_for


class UserQuerySet(ScopedQuerySet):
    """People are placed by their role assignments.

    A user is visible to whoever may see one of their assignments' places; changing an account
    (e.g. issuing a password-setting link) needs every one of its assignments inside the change area,
    so that nobody acts on an account that also works elsewhere.
    """

    def restrict(self, user, action: str = VIEW):
        area = scope_for(user).area(action, self.model)
        if area.is_empty:
            return self.none()
        if area.national:
            return self.all()
        inside = RoleAssignment.objects.filter(RoleAssignment.objects.area_filter(area))
        users = self.filter(pk__in=inside.values("user_id"))
        if action != VIEW:
            outside = RoleAssignment.objects.exclude(pk__in=inside.values("pk"))
            users = users.exclude(pk__in=outside.values("user_id")).exclude(is_superuser=True)
        return users


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A portal user; what they may do comes from their role assignments."""

    phone = models.CharField(_("phone"), max_length=30, blank=True)

    # Letters a-z, digits and . @ + - _ only: no look-alike of another person's name in another script.
    username_validator = ASCIIUsernameValidator()
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
        validators=[username_validator],
        error_messages={"unique": _("A user with that username already exists.")},
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs):
        password_changed = self._password is not None  # set_password() was called
        super().save(*args, **kwargs)
        if password_changed or not self.is_active:
            # API tokens die with the password they were obtained with, and with the account.
            self.auth_token_set.all().delete()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])


class RoleAssignmentQuerySet(ScopedQuerySet):
    def area_filter(self, area: Area) -> Q:
        if area.national:
            return Q()
        q = Q(pk__in=[])
        if area.provinces:
            provinces = sorted(area.provinces)
            q |= Q(province__in=provinces) | Q(regency__province__in=provinces) | Q(library__province__in=provinces)
        if area.regencies:
            regencies = sorted(area.regencies)
            q |= Q(regency__in=regencies) | Q(library__regency__in=regencies)
        if area.libraries:
            q |= Q(library__in=sorted(area.libraries))
        return q


class RoleAssignment(models.Model):
    """Grants a user a role over an area: the nation, a province, a regency or a library."""

    user = models.ForeignKey(User, models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    province = models.ForeignKey(
        "libraries.Province", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        "libraries.Regency", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("regency/city")
    )
    library = models.ForeignKey(
        "libraries.Library", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("library")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_assignment_target_matches_role",
                condition=(
                    Q(role=Role.ADMIN, province__isnull=True, regency__isnull=True, library__isnull=True)
                    | Q(role=Role.CONSULTANT, regency__isnull=True, library__isnull=True)
                    | Q(role=Role.PROVINCE_STAFF, province__isnull=False, regency__isnull=True, library__isnull=True)
                    | Q(role=Role.REGENCY_STAFF, province__isnull=True, regency__isnull=False, library__isnull=True)
                    | Q(role=Role.LIBRARIAN, province__isnull=True, regency__isnull=True, library__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province", "regency", "library"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        target = self.library or self.regency or self.province or _("national")
        return f"{self.user} · {self.get_role_display()} · {target}"

    def area(self) -> Area:
        if self.role == Role.ADMIN or (self.role == Role.CONSULTANT and self.province_id is None):
            return NATIONAL
        if self.province_id:
            code = self.province_id
            return Area(provinces=frozenset({code}), touched_provinces=frozenset({code}))
        if self.regency_id:
            code = self.regency_id
            return Area(
                regencies=frozenset({code}),
                touched_provinces=frozenset({code.split(".")[0]}),
                touched_regencies=frozenset({code}),
            )
        library = self.library
        return Area(
            libraries=frozenset({library.pk}),
            touched_provinces=frozenset({library.province_id}),
            touched_regencies=frozenset({library.regency_id} if library.regency_id else ()),
        )
