"""Thin views: check the permission, call a selector or a service, render.

Every view requires login (LoginRequiredMiddleware). Objects the user may not see answer 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import form_submit, get_object_with_perm, require_perm

from . import selectors, services
from .converters import region_lookup
from .forms import (
    AmendmentDecisionForm,
    GuidingQuestionForm,
    IndicatorForm,
    LandsdeelRouteForm,
    LandsdeelRouteNameForm,
    OrganisationForm,
    PlacematThemeCreateForm,
    PlacematThemeForm,
    ProgrammeForm,
    ProgrammeYearForm,
    RegionForm,
    RegionPartnerForm,
    RegionRoleForm,
    RegionVisionForm,
    SubProjectForm,
    SuccessConditionForm,
    TargetAmendmentForm,
    VisionApprovalForm,
    cofinancing_table,
    parse_cofinancing,
)
from .models import (
    GuidingQuestion,
    Indicator,
    Landsdeel,
    Organisation,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
    Route,
    SuccessCondition,
    TargetAmendment,
)

PAGE_SIZE = 25


def _form_page(request, template, form, context=None):
    return render(request, template, {"form": form, **(context or {})})


# --- Programmes ---------------------------------------------------------------------------


@require_safe
def programme_list(request):
    require_perm(request, "regions.view_programme")
    return render(request, "regions/programme_list.html", {"programmes": selectors.programme_list()})


@require_http_methods(["GET", "POST"])
def programme_create(request):
    require_perm(request, "regions.manage_programme")
    form = ProgrammeForm(request.POST or None)
    programme = form_submit(
        request, form, lambda data: services.programme_create(**data), success=_("Programme created.")
    )
    if programme:
        return redirect(programme)
    return _form_page(request, "regions/programme_form.html", form, {"title": _("New programme")})


@require_safe
def programme_detail(request, slug):
    programme = get_object_with_perm(request, "regions.view_programme", Programme, slug=slug)
    overview = selectors.programme_overview(programme=programme)
    has_exports = selectors.programme_year_links(programme=programme, years=overview.years, user=request.user)
    return render(
        request,
        "regions/programme_detail.html",
        {"overview": overview, "programme": programme, "has_exports": has_exports},
    )


@require_http_methods(["GET", "POST"])
def programme_close(request, slug):
    """Close the programme after a confirmation that lists what is still open in it (the office's tasks)."""
    programme = get_object_with_perm(request, "regions.close_programme", Programme, slug=slug)
    if request.method == "POST":
        return _programme_closed_at_post(
            request,
            programme,
            services.programme_close,
            _("The programme is closed: everything in it is now read-only."),
        )
    open_tasks = selectors.programme_open_tasks(programme=programme, user=request.user, today=timezone.localdate())
    return render(request, "regions/programme_close.html", {"programme": programme, "open_tasks": open_tasks})


@require_http_methods(["GET", "POST"])
def programme_reopen(request, slug):
    programme = get_object_with_perm(request, "regions.reopen_programme", Programme, slug=slug)
    if request.method == "POST":
        return _programme_closed_at_post(
            request, programme, services.programme_reopen, _("The programme is open again.")
        )
    return render(request, "regions/programme_reopen.html", {"programme": programme})


def _programme_closed_at_post(request, programme, change, success: str):
    """Close or reopen (the confirmed POST), say how it went, back to the programme."""
    try:
        change(programme=programme, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(programme)


@require_http_methods(["GET", "POST"])
def programme_update(request, slug):
    programme = get_object_with_perm(request, "regions.manage_programme", Programme, slug=slug)
    form = ProgrammeForm(request.POST or None, instance=Programme.objects.get(pk=programme.pk))
    saved = form_submit(
        request,
        form,
        lambda data: services.programme_update(programme=programme, **data),
        success=_("Programme saved."),
    )
    if saved:
        return redirect(programme)
    return _form_page(
        request, "regions/programme_form.html", form, {"title": _("Edit programme"), "programme": programme}
    )


@require_http_methods(["GET", "POST"])
def programme_year_create(request, slug):
    programme = get_object_with_perm(request, "regions.manage_programme", Programme, slug=slug)
    form = ProgrammeYearForm(request.POST or None)
    saved = form_submit(
        request,
        form,
        lambda data: services.programme_year_save(programme=programme, **data),
        success=_("Programme year saved."),
    )
    if saved:
        return redirect(programme)
    return _form_page(
        request, "regions/programme_year_form.html", form, {"title": _("New programme year"), "programme": programme}
    )


@require_http_methods(["GET", "POST"])
def programme_year_update(request, slug, year):
    programme = get_object_with_perm(request, "regions.manage_programme", Programme, slug=slug)
    instance = get_object_or_404(ProgrammeYear, programme=programme, year=year)
    form = ProgrammeYearForm(request.POST or None, instance=ProgrammeYear.objects.get(pk=instance.pk))
    saved = form_submit(
        request,
        form,
        lambda data: services.programme_year_save(programme=programme, instance=instance, **data),
        success=_("Programme year saved."),
    )
    if saved:
        return redirect(programme)
    return _form_page(
        request,
        "regions/programme_year_form.html",
        form,
        {"title": _("Programme year %(year)s") % {"year": year}, "programme": programme},
    )


# --- Placemat framework -------------------------------------------------------------------


@require_safe
def framework(request, slug):
    programme = get_object_with_perm(request, "regions.view_programme", Programme, slug=slug)
    return render(
        request,
        "regions/framework.html",
        {"programme": programme, "framework": selectors.framework_for_programme(programme=programme)},
    )


@require_http_methods(["GET", "POST"])
def theme_create(request, slug):
    programme = get_object_with_perm(request, "regions.add_framework_item", Programme, slug=slug)
    form = PlacematThemeCreateForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    theme = form_submit(
        request,
        form,
        lambda data: services.placemat_theme_create(
            programme=programme,
            kind=data["kind"],
            name=data["name"],
            description=data["description"],
            questions=form.question_list(),
        ),
        success=_("Theme added."),
    )
    if theme:
        return redirect(theme)
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": _("New placemat theme"), "back_url": _framework_url(programme)},
    )


@require_http_methods(["GET", "POST"])
def theme_update(request, pk):
    theme = get_object_with_perm(
        request, "regions.manage_framework", PlacematTheme.objects.select_related("programme"), pk=pk
    )
    form = PlacematThemeForm(request.POST or None, initial={"name": theme.name, "description": theme.description})
    saved = form_submit(
        request,
        form,
        lambda data: services.placemat_theme_update(theme=theme, **data),
        success=_("Theme saved."),
    )
    if saved:
        return redirect(theme)
    return _form_page(
        request, "regions/simple_form.html", form, {"title": str(theme), "back_url": theme.get_absolute_url()}
    )


def _framework_url(programme) -> str:
    return reverse("regions:framework", kwargs={"slug": programme.slug})


def _confirm_removal(
    request, *, obj, remove, title: str, question: str, back_url: str, done_url: str, success: str, note: str = ""
):
    """The confirmation page of a framework item's removal; the service's refusal is shown there (GET) or
    flashed on the framework page (POST), and nothing changes."""
    if request.method == "POST":
        try:
            remove()
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(back_url)
        messages.success(request, success)
        return redirect(done_url)
    refusal = services.framework_item_refusal(obj=obj)
    return render(
        request,
        "regions/framework_confirm_delete.html",
        {"title": title, "question": question, "refusal": refusal, "back_url": back_url, "note": note},
    )


@require_http_methods(["GET", "POST"])
def theme_delete(request, pk):
    theme = get_object_with_perm(
        request, "regions.delete_framework_item", PlacematTheme.objects.select_related("programme"), pk=pk
    )
    return _confirm_removal(
        request,
        obj=theme,
        remove=lambda: services.placemat_theme_delete(theme=theme),
        title=_("Remove placemat theme"),
        question=_("Remove the theme %(theme)s and its guiding questions from %(programme)s?")
        % {"theme": theme, "programme": theme.programme.name},
        back_url=theme.get_absolute_url(),
        done_url=_framework_url(theme.programme),
        success=_("Theme removed."),
    )


@require_http_methods(["GET", "POST"])
def condition_create(request, slug):
    programme = get_object_with_perm(request, "regions.add_framework_item", Programme, slug=slug)
    form = SuccessConditionForm(request.POST or None)
    condition = form_submit(
        request,
        form,
        lambda data: services.success_condition_create(programme=programme, **data),
        success=_("Success condition added."),
    )
    if condition:
        return redirect(condition)
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": _("New success condition"), "back_url": _framework_url(programme) + "#conditions-heading"},
    )


@require_http_methods(["GET", "POST"])
def condition_update(request, pk):
    condition = get_object_with_perm(
        request, "regions.manage_framework", SuccessCondition.objects.select_related("programme"), pk=pk
    )
    form = SuccessConditionForm(request.POST or None, instance=SuccessCondition.objects.get(pk=condition.pk))
    saved = form_submit(
        request,
        form,
        lambda data: services.success_condition_update(condition=condition, **data),
        success=_("Success condition saved."),
    )
    if saved:
        return redirect(condition)
    return _form_page(
        request, "regions/simple_form.html", form, {"title": str(condition), "back_url": condition.get_absolute_url()}
    )


@require_http_methods(["GET", "POST"])
def condition_delete(request, pk):
    condition = get_object_with_perm(
        request, "regions.delete_framework_item", SuccessCondition.objects.select_related("programme"), pk=pk
    )
    return _confirm_removal(
        request,
        obj=condition,
        remove=lambda: services.success_condition_delete(condition=condition),
        title=_("Remove success condition"),
        question=_("Remove the success condition %(condition)s from %(programme)s?")
        % {"condition": condition, "programme": condition.programme.name},
        back_url=condition.get_absolute_url(),
        done_url=_framework_url(condition.programme) + "#conditions-heading",
        success=_("Success condition removed."),
    )


@require_http_methods(["GET", "POST"])
def question_create(request, pk):
    theme = get_object_with_perm(
        request, "regions.add_framework_item", PlacematTheme.objects.select_related("programme"), pk=pk
    )
    form = GuidingQuestionForm(request.POST or None)
    saved = form_submit(
        request,
        form,
        lambda data: services.guiding_question_create(theme=theme, **data),
        success=_("Guiding question added."),
    )
    if saved:
        return redirect(theme)
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": _("New guiding question for %(theme)s") % {"theme": theme}, "back_url": theme.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def question_update(request, pk):
    question = get_object_with_perm(
        request, "regions.manage_framework", GuidingQuestion.objects.select_related("theme__programme"), pk=pk
    )
    form = GuidingQuestionForm(request.POST or None, instance=GuidingQuestion.objects.get(pk=question.pk))
    saved = form_submit(
        request,
        form,
        lambda data: services.guiding_question_update(question=question, **data),
        success=_("Guiding question saved."),
    )
    if saved:
        return redirect(question.theme)
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {
            "title": _("Guiding question of %(theme)s") % {"theme": question.theme},
            "back_url": question.theme.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def question_delete(request, pk):
    question = get_object_with_perm(
        request, "regions.delete_framework_item", GuidingQuestion.objects.select_related("theme__programme"), pk=pk
    )
    return _confirm_removal(
        request,
        obj=question,
        remove=lambda: services.guiding_question_delete(question=question),
        title=_("Remove guiding question"),
        question=_("Remove this guiding question from %(theme)s? “%(question)s”")
        % {"theme": question.theme, "question": question.text},
        back_url=question.theme.get_absolute_url(),
        done_url=question.theme.get_absolute_url(),
        success=_("Guiding question removed."),
    )


# --- Landsdelen and routes (on the framework page) -----------------------------------------

# What differs between the landsdeel and the route pages: the model, the framework page's anchor, the services.
_LIST_ITEM_VIEWS = {
    "landsdeel": {
        "model": Landsdeel,
        "anchor": "#landsdelen-heading",
        "create": services.landsdeel_create,
        "update": services.landsdeel_update,
        "delete": services.landsdeel_delete,
    },
    "route": {
        "model": Route,
        "anchor": "#routes-heading",
        "create": services.route_create,
        "update": services.route_update,
        "delete": services.route_delete,
    },
}


def _list_item_create(request, slug, *, kind: str, title: str, success: str):
    spec = _LIST_ITEM_VIEWS[kind]
    programme = get_object_with_perm(request, "regions.add_framework_item", Programme, slug=slug)
    form = LandsdeelRouteForm(request.POST or None)
    item = form_submit(
        request,
        form,
        lambda data: spec["create"](programme=programme, code=data["code"], name=data["name"]),
        success=success,
    )
    if item:
        return redirect(item)
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": title, "back_url": _framework_url(programme) + spec["anchor"]},
    )


def _list_item_update(request, pk, *, kind: str, success: str):
    spec = _LIST_ITEM_VIEWS[kind]
    item = get_object_with_perm(
        request, "regions.manage_framework", spec["model"].objects.select_related("programme"), pk=pk
    )
    form = LandsdeelRouteNameForm(request.POST or None, initial={"name": item.name})
    saved = form_submit(request, form, lambda data: spec["update"](**{kind: item}, name=data["name"]), success=success)
    if saved:
        return redirect(item)
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": f"{item.name} ({item.code})", "back_url": item.get_absolute_url()},
    )


def _list_item_delete(request, pk, *, kind: str, title: str, question: str, success: str):
    spec = _LIST_ITEM_VIEWS[kind]
    item = get_object_with_perm(
        request, "regions.delete_framework_item", spec["model"].objects.select_related("programme"), pk=pk
    )
    return _confirm_removal(
        request,
        obj=item,
        remove=lambda: spec["delete"](**{kind: item}),
        title=title,
        question=question % {"item": item.name, "programme": item.programme.name},
        back_url=item.get_absolute_url(),
        done_url=_framework_url(item.programme) + spec["anchor"],
        success=success,
        note=_("Nothing uses it yet."),
    )


@require_http_methods(["GET", "POST"])
def landsdeel_create(request, slug):
    return _list_item_create(request, slug, kind="landsdeel", title=_("New landsdeel"), success=_("Landsdeel added."))


@require_http_methods(["GET", "POST"])
def landsdeel_update(request, pk):
    return _list_item_update(request, pk, kind="landsdeel", success=_("Landsdeel saved."))


@require_http_methods(["GET", "POST"])
def landsdeel_delete(request, pk):
    return _list_item_delete(
        request,
        pk,
        kind="landsdeel",
        title=_("Remove landsdeel"),
        question=_("Remove the landsdeel %(item)s from %(programme)s?"),
        success=_("Landsdeel removed."),
    )


@require_http_methods(["GET", "POST"])
def route_create(request, slug):
    return _list_item_create(request, slug, kind="route", title=_("New route"), success=_("Route added."))


@require_http_methods(["GET", "POST"])
def route_update(request, pk):
    return _list_item_update(request, pk, kind="route", success=_("Route saved."))


@require_http_methods(["GET", "POST"])
def route_delete(request, pk):
    return _list_item_delete(
        request,
        pk,
        kind="route",
        title=_("Remove route"),
        question=_("Remove the route %(item)s from %(programme)s?"),
        success=_("Route removed."),
    )


# --- Regions ------------------------------------------------------------------------------


@require_safe
def region_legacy(request, slug, rest):
    """An old address by short name only ("/regions/twente/reports/2014/"): to the same page of the region with
    that name the person may see, the one in the programme in progress first; 404 when there is none (so it
    says nothing about regions the person may not see)."""
    regions = [
        region
        for region in selectors.regions_by_slug(slug=slug)
        if request.user.has_perm("regions.view_region", region)
    ]
    if not regions:
        raise Http404
    target = reverse("regions:region_detail", args=[regions[0]]) + rest
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{target}?{query}" if query else target)


@require_safe
def region_list(request):
    require_perm(request, "regions.list_regions")
    picker = selectors.programme_picker(
        slug=request.GET.get("programme", ""), programmes=selectors.programmes_of_user(user=request.user)
    )
    if picker.programme is None and request.GET.get("programme"):
        raise Http404
    regions = selectors.region_list_visible(user=request.user, programme=picker.programme)
    landsdelen = selectors.region_landsdeel_counts(user=request.user, programme=picker.programme)
    landsdeel = request.GET.get("landsdeel", "")
    if landsdeel:
        regions = regions.filter(landsdeel__code=landsdeel)
    paginator = Paginator(regions, PAGE_SIZE)
    # The count comes with the filter's options (one query instead of two).
    paginator.count = sum(n for code, _name, n in landsdelen if not landsdeel or code == landsdeel)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "regions/region_list.html",
        {
            "page": page,
            "regions": page.object_list,
            "landsdeel": landsdeel,
            "landsdelen": [(code, name) for code, name, _n in landsdelen],
            "picker": picker,
        },
    )


@require_http_methods(["GET", "POST"])
def region_create(request):
    require_perm(request, "regions.manage_region")
    initial = {}
    current = selectors.programme_current()
    if current:
        initial = {"programme": current, "join_year": current.start_year}
    form = RegionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            region = services.region_create(programme=data.pop("programme"), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Region created."))
            return redirect(region)
    return _form_page(request, "regions/simple_form.html", form, {"title": _("New region")})


@require_safe
def region_detail(request, slug):
    region = get_object_with_perm(
        request, "regions.view_region", Region.objects.select_related("programme", "landsdeel"), **region_lookup(slug)
    )
    include_drafts = request.user.has_perm("regions.view_region_drafts", region)
    page = selectors.region_page(region=region, include_drafts=include_drafts)
    sections = selectors.region_sections(region=region, user=request.user)
    return render(
        request,
        "regions/region_detail.html",
        {"region": region, "page": page, "sections": sections, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def region_update(request, slug):
    region = get_object_with_perm(
        request, "regions.manage_region", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    form = RegionForm(request.POST or None, instance=Region.objects.get(pk=region.pk))
    saved = form_submit(
        request, form, lambda data: services.region_update(region=region, **data), success=_("Region saved.")
    )
    if saved:
        return redirect(region)
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": _("Edit %(name)s") % {"name": region.name}, "back_url": region.get_absolute_url()},
    )


# --- Partners and roles -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def partner_create(request, slug):
    region = get_object_with_perm(
        request, "regions.manage_region", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    form = RegionPartnerForm(request.POST or None, region=region)
    saved = form_submit(
        request, form, lambda data: services.region_partner_save(region=region, **data), success=_("Partner added.")
    )
    if saved:
        return redirect(region.get_absolute_url() + "#partners")
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": _("Add a partner to %(name)s") % {"name": region.name}, "back_url": region.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def partner_update(request, pk):
    partner = get_object_with_perm(
        request, "regions.manage_region", RegionPartner.objects.select_related("region__programme"), pk=pk
    )
    region = partner.region
    form = RegionPartnerForm(request.POST or None, region=region, instance=RegionPartner.objects.get(pk=partner.pk))
    saved = form_submit(
        request,
        form,
        lambda data: services.region_partner_save(region=region, instance=partner, **data),
        success=_("Partner saved."),
    )
    if saved:
        return redirect(region.get_absolute_url() + "#partners")
    return _form_page(
        request, "regions/simple_form.html", form, {"title": str(partner), "back_url": region.get_absolute_url()}
    )


@require_http_methods(["GET", "POST"])
def partner_delete(request, pk):
    partner = get_object_with_perm(
        request, "regions.manage_region", RegionPartner.objects.select_related("region", "organisation"), pk=pk
    )
    if request.method == "POST":
        try:
            services.region_partner_remove(partner=partner)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Partner removed."))
        return redirect(partner.region.get_absolute_url() + "#partners")
    return render(
        request,
        "regions/confirm_delete.html",
        {
            "title": _("Remove partner"),
            "question": _("Remove %(organisation)s as a partner of %(region)s?")
            % {"organisation": partner.organisation.name, "region": partner.region.name},
            "back_url": partner.region.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def role_create(request, slug):
    region = get_object_with_perm(request, "regions.manage_region", Region, **region_lookup(slug))
    form = RegionRoleForm(request.POST or None, region=region)
    saved = form_submit(
        request, form, lambda data: services.region_role_add(region=region, **data), success=_("Role given.")
    )
    if saved:
        return redirect(region.get_absolute_url() + "#people")
    return _form_page(
        request,
        "regions/simple_form.html",
        form,
        {"title": _("Give someone a role in %(name)s") % {"name": region.name}, "back_url": region.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def role_delete(request, pk):
    role = get_object_with_perm(
        request, "regions.manage_region", RegionRole.objects.select_related("region", "user"), pk=pk
    )
    if request.method == "POST":
        services.region_role_end(role=role, ended_by=request.user)
        messages.success(request, _("Role ended; it stays in the region's history."))
        return redirect(role.region.get_absolute_url() + "#people")
    return render(
        request,
        "regions/confirm_delete.html",
        {
            "title": _("End role"),
            "question": _(
                "End the role %(role)s of %(person)s in %(region)s today? Their rights in the region end at once; "
                "the role stays in the region's history under former roles."
            )
            % {"role": role.get_role_display(), "person": role.user, "region": role.region.name},
            "confirm_label": _("End role"),
            "back_url": role.region.get_absolute_url(),
        },
    )


# --- Organisations ------------------------------------------------------------------------


@require_safe
def organisation_list(request):
    require_perm(request, "regions.manage_organisations")
    page = Paginator(selectors.organisation_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "regions/organisation_list.html", {"page": page, "organisations": page.object_list})


@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require_perm(request, "regions.manage_organisations")
    form = OrganisationForm(request.POST or None)
    saved = form_submit(
        request, form, lambda data: services.organisation_save(**data), success=_("Organisation saved.")
    )
    if saved:
        return redirect("regions:organisation_list")
    return _form_page(
        request, "regions/simple_form.html", form, {"title": _("New organisation"), "back_url": "/organisations/"}
    )


@require_http_methods(["GET", "POST"])
def organisation_update(request, pk):
    organisation = get_object_with_perm(request, "regions.manage_organisations", Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=organisation.pk))
    saved = form_submit(
        request,
        form,
        lambda data: services.organisation_save(instance=organisation, **data),
        success=_("Organisation saved."),
    )
    if saved:
        return redirect("regions:organisation_list")
    return _form_page(
        request, "regions/simple_form.html", form, {"title": organisation.name, "back_url": "/organisations/"}
    )


# --- Regional vision ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def vision_create(request, slug):
    region = get_object_with_perm(request, "regions.add_vision", Region, **region_lookup(slug))
    draft = RegionVision.objects.filter(region=region, status=RegionVision.Status.DRAFT).first()
    if draft is not None:
        messages.info(request, _("This region already has a draft version; continue with that one."))
        return redirect("regions:vision_update", pk=draft.pk)
    latest = RegionVision.objects.filter(region=region).order_by("-version").first()
    with_agenda = services.vision_agenda_open(region=region, today=timezone.localdate())
    form = RegionVisionForm(request.POST or None, instance=None, with_agenda=with_agenda)
    if latest and request.method == "GET":
        fields = services.VISION_TEXT_FIELDS + (RegionVision.AGENDA_FIELDS if with_agenda else ())
        form = RegionVisionForm(initial={k: getattr(latest, k) for k in fields}, with_agenda=with_agenda)
    vision = form_submit(
        request,
        form,
        lambda data: services.vision_create(region=region, author=request.user, **data),
        success=_("New version saved as a draft."),
    )
    if vision:
        return redirect(vision)
    return _form_page(
        request,
        "regions/vision_form.html",
        form,
        {"region": region, "title": _("New version of the regional vision"), "based_on": latest},
    )


@require_safe
def vision_detail(request, pk):
    vision = get_object_with_perm(
        request,
        "regions.view_vision",
        RegionVision.objects.select_related("region", "created_by", "approved_by"),
        pk=pk,
    )
    versions = selectors.vision_list_for_region(
        region=vision.region, include_drafts=request.user.has_perm("regions.view_region_drafts", vision.region)
    )
    return render(request, "regions/vision_detail.html", {"vision": vision, "versions": versions})


@require_http_methods(["GET", "POST"])
def vision_update(request, pk):
    vision = get_object_with_perm(
        request, "regions.change_vision", RegionVision.objects.select_related("region"), pk=pk
    )
    instance = RegionVision.objects.select_related("region__programme").get(pk=vision.pk)
    with_agenda = instance.is_regioagenda or services.vision_agenda_open(
        region=instance.region, today=timezone.localdate()
    )
    form = RegionVisionForm(request.POST or None, instance=instance, with_agenda=with_agenda)
    saved = form_submit(
        request, form, lambda data: services.vision_update(vision=vision, **data), success=_("Draft saved.")
    )
    if saved:
        return redirect(vision)
    return _form_page(
        request,
        "regions/vision_form.html",
        form,
        {"region": vision.region, "vision": vision, "title": _("Edit draft version %(v)s") % {"v": vision.version}},
    )


@require_http_methods(["GET", "POST"])
def vision_approve(request, pk):
    vision = get_object_with_perm(
        request, "regions.approve_vision", RegionVision.objects.select_related("region"), pk=pk
    )
    form = VisionApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.vision_approve(
                vision=vision,
                approver=request.user,
                scores={c: data[f"{c}_score"] for c in RegionVision.CRITERIA},
                rationales={c: data[f"{c}_rationale"] for c in RegionVision.CRITERIA},
                subsidy_decision_date=data["subsidy_decision_date"],
                subsidy_amount=data["subsidy_amount"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Version approved."))
            return redirect(vision)
    return _form_page(request, "regions/vision_approve.html", form, {"vision": vision})


# --- Indicators ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def indicator_create(request, slug):
    region = get_object_with_perm(
        request, "regions.add_indicator", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    form = IndicatorForm(request.POST or None, region=region, frozen_years=services.frozen_years(region=region))
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                region=region, proposed_by=request.user, targets=form.targets(), **form.indicator_fields()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(indicator)
    return _form_page(request, "regions/indicator_form.html", form, {"region": region, "title": _("New indicator")})


@require_http_methods(["GET", "POST"])
def indicator_update(request, pk):
    indicator = get_object_with_perm(
        request, "regions.change_indicator", Indicator.objects.select_related("region__programme"), pk=pk
    )
    region = indicator.region
    form = IndicatorForm(
        request.POST or None,
        region=region,
        instance=Indicator.objects.get(pk=indicator.pk),
        frozen_years=services.frozen_years(region=region),
    )
    saved = form_submit(
        request,
        form,
        lambda data: services.indicator_update(indicator=indicator, targets=form.targets(), **form.indicator_fields()),
        success=_("Indicator saved."),
    )
    if saved:
        return redirect(indicator)
    return _form_page(
        request,
        "regions/indicator_form.html",
        form,
        {
            "region": region,
            "indicator": indicator,
            "title": str(indicator),
            "can_propose_amendment": request.user.has_perm("regions.propose_amendment", indicator),
        },
    )


@require_POST
def indicator_approve(request, pk):
    indicator = get_object_with_perm(
        request, "regions.approve_indicator", Indicator.objects.select_related("region"), pk=pk
    )
    try:
        services.indicator_approve(indicator=indicator)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Indicator agreed."))
    return redirect(indicator)


# --- Amendments of agreed targets ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def amendment_propose(request, pk):
    indicator = get_object_with_perm(
        request, "regions.propose_amendment", Indicator.objects.select_related("region__programme"), pk=pk
    )
    region = indicator.region
    form = TargetAmendmentForm(
        request.POST or None, indicator=indicator, frozen_years=services.frozen_years(region=region)
    )
    saved = form_submit(
        request,
        form,
        lambda data: services.target_amendment_propose(
            indicator=indicator, proposed_by=request.user, reason=data["reason"], targets=form.targets()
        ),
        success=_("Amendment proposed; the programme office decides on it."),
    )
    if saved:
        return redirect(saved)
    return _form_page(
        request,
        "regions/amendment_form.html",
        form,
        {
            "region": region,
            "indicator": indicator,
            "title": _("Propose an amendment: %(indicator)s") % {"indicator": indicator},
        },
    )


def _amendment_queryset():
    return TargetAmendment.objects.select_related(
        "indicator__region__programme", "proposed_by", "decided_by"
    ).prefetch_related("lines")


@require_http_methods(["GET", "POST"])
def amendment_decide(request, pk):
    amendment = get_object_with_perm(request, "regions.decide_amendment", _amendment_queryset(), pk=pk)
    form = AmendmentDecisionForm(request.POST or None)
    saved = form_submit(
        request,
        form,
        lambda data: services.target_amendment_decide(
            amendment=amendment, decided_by=request.user, approve=data["decision"] == "approve", note=data["note"]
        ),
        success=_("Decision recorded."),
    )
    if saved:
        return redirect(saved)
    return _form_page(
        request,
        "regions/amendment_decide.html",
        form,
        {"amendment": amendment, "indicator": amendment.indicator, "region": amendment.indicator.region},
    )


@require_http_methods(["GET", "POST"])
def amendment_withdraw(request, pk):
    amendment = get_object_with_perm(request, "regions.withdraw_amendment", _amendment_queryset(), pk=pk)
    region = amendment.indicator.region
    if request.method == "POST":
        try:
            services.target_amendment_withdraw(amendment=amendment, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Amendment withdrawn; it stays in the history."))
        return redirect(amendment)
    return render(
        request,
        "regions/confirm_delete.html",
        {
            "title": _("Withdraw amendment"),
            "question": _("Withdraw the proposed amendment of %(indicator)s?") % {"indicator": amendment.indicator},
            "confirm_label": _("Withdraw"),
            "back_url": region.get_absolute_url(),
        },
    )


# --- Co-financing ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def cofinancing_edit(request, slug, year):
    """One year's co-financing of every partner of the region, grouped by O. A refused save shows the
    page again with what was typed."""
    region = get_object_with_perm(
        request, "regions.change_cofinancing", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    programme_year = get_object_or_404(ProgrammeYear, programme_id=region.programme_id, year=year)
    if programme_year.year < region.join_year:
        raise Http404
    groups = selectors.cofinancing_rows(region=region, programme_year=programme_year)
    errors: dict[str, str] = {}
    general: list[str] = []
    fixed = programme_year.year in selectors.cofinancing_fixed_years(region=region, user=request.user)
    if request.method == "POST":
        partner_ids = [row.partner.pk for _kind, _label, rows in groups for row in rows]
        values, errors = parse_cofinancing(request.POST, partner_ids=partner_ids)
        if not errors:
            try:
                changed = services.cofinancing_save_year(
                    region=region, programme_year=programme_year, rows=values, actor=request.user
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    errors = {f"p-{key}": " ".join(msgs) for key, msgs in exc.message_dict.items()}
                else:
                    general = exc.messages
            else:
                if changed:
                    messages.success(request, _("Co-financing %(year)s saved.") % {"year": programme_year.year})
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect(region.get_absolute_url() + "#cofinancing")
    table = cofinancing_table(groups=groups, posted=request.POST if request.method == "POST" else None, errors=errors)
    return render(
        request,
        "regions/cofinancing_form.html",
        {
            "region": region,
            "programme_year": programme_year,
            "groups": table,
            "has_partners": any(lines for _kind, _label, lines in table),
            "errors": errors or general,
            "general_errors": general,
            "note_max": services.COFINANCING_NOTE_MAX,
            "fixed": fixed,
            "back_url": region.get_absolute_url() + "#cofinancing",
        },
    )


# --- Sub-projects (deelprojecten) ------------------------------------------------------------


def _subproject_page(request, *, region, form, subproject=None):
    return render(
        request,
        "regions/subproject_form.html",
        {
            "region": region,
            "form": form,
            "subproject": subproject,
            "title": _("Edit sub-project") if subproject else _("New sub-project"),
            "back_url": region.get_absolute_url() + "#subprojects",
        },
    )


@require_http_methods(["GET", "POST"])
def subproject_create(request, slug):
    region = get_object_with_perm(
        request, "regions.change_subprojects", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    form = SubProjectForm(request.POST or None, region=region)
    done = form_submit(
        request,
        form,
        lambda d: services.subproject_create(region=region, actor=request.user, **d),
        success=_("Sub-project added."),
    )
    if done:
        return redirect(region.get_absolute_url() + f"#subproject-{done.pk}")
    return _subproject_page(request, region=region, form=form)


def _subproject(request, pk):
    from .models import SubProject

    subproject = get_object_or_404(SubProject.objects.select_related("region__programme"), pk=pk)
    require_perm(request, "regions.change_subprojects", subproject.region)
    return subproject


@require_http_methods(["GET", "POST"])
def subproject_update(request, pk):
    subproject = _subproject(request, pk)
    region = subproject.region
    initial = {
        "name": subproject.name,
        "description": subproject.description,
        "leader": subproject.leader_id,
        "partners": list(subproject.partners.all()),
        "indicators": list(subproject.indicators.all()),
        "budget": subproject.budget,
    }
    form = SubProjectForm(request.POST or None, region=region, initial=initial)
    done = form_submit(
        request,
        form,
        lambda d: services.subproject_update(subproject=subproject, actor=request.user, **d),
        success=_("Sub-project saved."),
    )
    if done:
        return redirect(region.get_absolute_url() + f"#subproject-{subproject.pk}")
    return _subproject_page(request, region=region, form=form, subproject=subproject)


@require_http_methods(["GET", "POST"])
def subproject_delete(request, pk):
    subproject = _subproject(request, pk)
    region = subproject.region
    if request.method == "POST":
        try:
            services.subproject_delete(subproject=subproject, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Sub-project %(name)s removed.") % {"name": subproject.name})
        return redirect(region.get_absolute_url() + "#subprojects")
    return render(request, "regions/subproject_delete.html", {"region": region, "subproject": subproject})
