"""The landing page: each person lands on what fits their role."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from regions.selectors import programme_current, regions_of_user


@require_safe
def home(request):
    """Each role lands on the page that fits it."""
    user = request.user
    if user.is_programme_office or user.is_viewer:
        programme = programme_current()
        if programme is not None:
            return redirect(programme)
        if user.is_programme_office:
            return redirect("regions:programme_list")
    regions = list(regions_of_user(user=user))
    if len(regions) == 1:
        return redirect(regions[0])
    return render(request, "portal/home.html", {"regions": regions})
