"""Each user's landing page: regency and provincial staff work through their verification queue; a librarian
sees the month's tasks and what came back for correction; administrators and consultants the libraries of their
area."""

from django.shortcuts import render

from .kpi.coaching import library_advice
from .monthly.home import landing
from .plans.actuals import library_plan
from .queue.queue import returned_to
from .queue.views import is_home_of, queue_page

#: Returned records listed on a librarian's home page (the returned list holds them all).
RETURNED_SHOWN = 5


def home(request):
    if is_home_of(request.user):
        return queue_page(request)
    context = landing(request)
    if context["month_tasks"]:
        for task in context["month_tasks"]:  # a librarian's own libraries: one, at most MAX_LIBRARIES
            task.coach = library_advice(task.library)
            task.plan, task.plan_lines = library_plan(task.library, task.month.year)
        rows = returned_to(request.user, RETURNED_SHOWN + 1)
        context.update(returned_rows=rows[:RETURNED_SHOWN], returned_more=len(rows) > RETURNED_SHOWN)
    return render(request, "home.html", context)
