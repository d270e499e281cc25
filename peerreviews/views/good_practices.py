"""Thin views for good practices: check the permission, call a selector or a service, render.

Every view requires login (LoginRequiredMiddleware). Objects the user may not see answer 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regions.selectors import programme_picker
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import get_object_with_perm, require_perm

from ..forms.good_practices import GoodPracticeFilterForm, GoodPracticeForm
from ..models import GoodPractice
from ..selectors.good_practices import good_practice_detail_queryset, good_practice_list, regions_writable
from ..services.good_practices import (
    good_practice_create,
    good_practice_publish,
    good_practice_unpublish,
    good_practice_update,
)

PAGE_SIZE = 20


@require_safe
def good_practice_list_view(request):
    require_perm(request, "peerreviews.list_good_practices")
    # Good practices are shared with everyone: every programme is offered, the one in progress first.
    picker = programme_picker(slug=request.GET.get("programme", ""))
    if picker.programme is None and request.GET.get("programme"):
        raise Http404
    filter_form = GoodPracticeFilterForm(request.GET or None, programme=picker.programme)
    practices = good_practice_list(user=request.user, filters=filter_form.filters(), programme=picker.programme)
    page = Paginator(practices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "peerreviews/good_practice_list.html",
        {
            "page": page,
            "practices": page.object_list,
            "filter_form": filter_form,
            "picker": picker,
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "programme")),
        },
    )


@require_safe
def good_practice_detail(request, pk):
    practice = get_object_with_perm(request, "peerreviews.view_good_practice", good_practice_detail_queryset(), pk=pk)
    return render(request, "peerreviews/good_practice_detail.html", {"practice": practice})


@require_http_methods(["GET", "POST"])
def good_practice_create_view(request):
    require_perm(request, "peerreviews.add_good_practice")
    regions = regions_writable(user=request.user)
    initial = {}
    if request.GET.get("region"):
        initial["region"] = request.GET["region"]
    form = GoodPracticeForm(
        request.POST or None,
        initial=initial,
        regions=regions,
        programme_ids={region.programme_id for region in regions},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = data.pop("region")
        require_perm(request, "peerreviews.add_good_practice", region)
        try:
            practice = good_practice_create(region=region, created_by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Good practice saved as a draft."))
            return redirect(practice)
    return render(request, "peerreviews/good_practice_form.html", {"form": form, "title": _("New good practice")})


@require_http_methods(["GET", "POST"])
def good_practice_update_view(request, pk):
    practice = get_object_with_perm(
        request, "peerreviews.change_good_practice", GoodPractice.objects.select_related("region"), pk=pk
    )
    form = GoodPracticeForm(
        request.POST or None,
        instance=GoodPractice.objects.get(pk=practice.pk),
        programme_ids={practice.region.programme_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            good_practice_update(good_practice=practice, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Good practice saved."))
            return redirect(practice)
    return render(
        request,
        "peerreviews/good_practice_form.html",
        {"form": form, "practice": practice, "title": _("Edit %(title)s") % {"title": practice.title}},
    )


@require_POST
def good_practice_publish_view(request, pk):
    practice = get_object_with_perm(request, "peerreviews.change_good_practice", GoodPractice, pk=pk)
    try:
        good_practice_publish(good_practice=practice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Good practice published: everyone who logs in can read it now."))
    return redirect(practice)


@require_POST
def good_practice_unpublish_view(request, pk):
    practice = get_object_with_perm(request, "peerreviews.change_good_practice", GoodPractice, pk=pk)
    try:
        good_practice_unpublish(good_practice=practice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Good practice taken back to draft."))
    return redirect(practice)
