"""The landing page: "Mijn taken", what waits for this person across all their roles and regions."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from toptechniek.common.views import require_perm

from . import selectors


@require_safe
def home(request):
    require_perm(request, "portal.view_own_tasks")
    today = timezone.localdate()
    page = selectors.task_page(user=request.user, today=today, programme_slug=request.GET.get("programme", ""))
    if page is None:
        raise Http404
    return render(request, "portal/home.html", {"page": page, "today": today})


@never_cache
@require_safe
def task_count(request):
    """The number the navigation shows next to "Mijn taken" (fetched after the page has loaded)."""
    require_perm(request, "portal.view_own_tasks")
    return JsonResponse({"count": selectors.task_count(user=request.user, today=timezone.localdate())})
