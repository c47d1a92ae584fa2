"""Who proposes, agrees and returns a work plan, and the steps themselves.

A library's plan: proposed by its librarian or the staff above; agreed or returned by its regency's or province's
staff or a Perpusnas administrator. A regency's/city's plan: proposed by its library office (or the staff above);
agreed or returned by its province's staff or an administrator. A change by someone who may not agree puts an
agreed or returned plan back to *proposed* for the level above to see again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.scope import CHANGE, Place, Role, scope_for
from reports.models import PlanStatus, WorkPlan

LIBRARY_PLAN_AGREERS = frozenset({Role.ADMIN, Role.PROVINCE_STAFF, Role.REGENCY_STAFF})
REGENCY_PLAN_AGREERS = frozenset({Role.ADMIN, Role.PROVINCE_STAFF})


class StepError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def place_of(plan: WorkPlan) -> Place:
    if plan.library_id:
        return Place.of_library(plan.library)
    return Place.of_region(province=plan.province_id, regency=plan.regency_id)


def may_agree(user, plan: WorkPlan) -> bool:
    roles = REGENCY_PLAN_AGREERS if plan.is_regency_plan else LIBRARY_PLAN_AGREERS
    return scope_for(user).area(CHANGE, roles=roles).covers(place_of(plan))


def proposed(user, plan: WorkPlan, creating: bool) -> None:
    """Before saving a plan a user wrote: who proposed it, and back to *proposed* unless they may agree it."""
    if creating:
        plan.proposed_by = user
    if not may_agree(user, plan) and plan.status != PlanStatus.PROPOSED:
        plan.status, plan.agreed_by, plan.agreed_at = PlanStatus.PROPOSED, None, None


def agree(user, plan: WorkPlan) -> None:
    if not may_agree(user, plan):
        raise PermissionDenied(_("Only the level above agrees this plan."))
    if plan.status == PlanStatus.AGREED:
        raise StepError(_("This plan is already agreed."))
    plan.status, plan.agreed_by, plan.agreed_at, plan.return_comment = PlanStatus.AGREED, user, timezone.now(), ""
    plan.save(update_fields=["status", "agreed_by", "agreed_at", "return_comment", "updated_at"])


def return_plan(user, plan: WorkPlan, comment: str) -> None:
    if not may_agree(user, plan):
        raise PermissionDenied(_("Only the level above returns this plan."))
    if not (comment or "").strip():
        raise StepError(_("Say what to revise."), "comment")
    if plan.status == PlanStatus.RETURNED:
        raise StepError(_("This plan is already returned."))
    plan.status, plan.agreed_by, plan.agreed_at = PlanStatus.RETURNED, None, None
    plan.return_comment = comment.strip()
    plan.save(update_fields=["status", "agreed_by", "agreed_at", "return_comment", "updated_at"])
