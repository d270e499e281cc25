"""Thin views of the peer-review workflow: list, propose (with suggestions), internal review, detail, readiness,
transitions and the plan. Check the permission (404 when denied), call a selector or a service, render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from regions.converters import region_lookup
from regions.models import ProgrammeYear, Region
from regions.selectors import programme_picker, programmes_of_user
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import get_object_with_perm, require_perm

from ..forms.reviews import (
    THEY_HOST,
    WE_HOST,
    AfterTalkPlanForm,
    AfterTalkRecordForm,
    ExploreFilterForm,
    FacilitatorForm,
    InternalReviewForm,
    PlanForm,
    ProposeForm,
    ReadinessForm,
    ReviewFilterForm,
    TransitionForm,
)
from ..models import PLAN_STATES, PeerReview
from ..selectors.reviews import follow_up_candidates, readiness_table, review_detail_queryset, reviews_for_list
from ..selectors.suggestions import peer_suggestions
from ..services.reviews import (
    peerreview_cancel,
    peerreview_close,
    peerreview_confirm,
    peerreview_create_internal,
    peerreview_mark_held,
    peerreview_propose,
    peerreview_record_readiness,
    peerreview_report,
    peerreview_set_facilitator,
    peerreview_update_plan,
    readiness_missing,
)

PAGE_SIZE = 25
Status = PeerReview.Status

# action → who may, which service, and the words of its confirmation page
TRANSITIONS = {
    "confirm": {
        "perm": "peerreviews.manage_peer_review",
        "from": Status.PROPOSED,
        "service": lambda review, user, comment: peerreview_confirm(review=review, actor=user, comment=comment),
        "title": gettext_lazy("Confirm the peer review"),
        "explain": gettext_lazy(
            "The readiness check is complete and positive; the review goes into preparation and both regions and "
            "their advisors are told by e-mail."
        ),
        "button": gettext_lazy("Confirm"),
        "done": gettext_lazy("The peer review is confirmed and in preparation."),
    },
    "held": {
        "perm": "peerreviews.progress_peer_review",
        "from": Status.PREPARING,
        "service": lambda review, user, comment: peerreview_mark_held(review=review, actor=user, comment=comment),
        "title": gettext_lazy("Mark the peer review as held"),
        "explain": gettext_lazy("After this, the regions record the outcomes of their learning questions."),
        "button": gettext_lazy("Mark as held"),
        "done": gettext_lazy("The peer review is marked as held."),
    },
    "report": {
        "perm": "peerreviews.progress_peer_review",
        "from": Status.HELD,
        "service": lambda review, user, comment: peerreview_report(review=review, actor=user, comment=comment),
        "title": gettext_lazy("Report the peer review"),
        "explain": gettext_lazy(
            "The regions' own report is written and every learning question has its outcome; the critical friends "
            "write their feedback reports next."
        ),
        "button": gettext_lazy("Report"),
        "done": gettext_lazy("The peer review is reported."),
    },
    "close": {
        "perm": "peerreviews.close_peer_review",
        "from": Status.REPORTED,
        "service": lambda review, user, comment: peerreview_close(review=review, actor=user, comment=comment),
        "title": gettext_lazy("Close the peer review"),
        "explain": gettext_lazy("Every region's feedback report is ready; closing ends the peer review."),
        "button": gettext_lazy("Close"),
        "done": gettext_lazy("The peer review is closed."),
    },
    "cancel": {
        "perm": "peerreviews.manage_peer_review",
        "from": (Status.PROPOSED, Status.PREPARING),
        "service": lambda review, user, comment: peerreview_cancel(review=review, actor=user, reason=comment),
        "title": gettext_lazy("Cancel the peer review"),
        "explain": gettext_lazy("The peer review will not go ahead. The reason is kept with its history."),
        "button": gettext_lazy("Cancel the peer review"),
        "done": gettext_lazy("The peer review is cancelled."),
        "comment_label": gettext_lazy("Reason for cancelling"),
        "comment_required": True,
    },
}


def _available_actions(user, review: PeerReview) -> list[dict]:
    """The transitions this user may start from the review's current state (permissions are cached per user)."""
    actions = []
    for action, config in TRANSITIONS.items():
        states = config["from"] if isinstance(config["from"], tuple) else (config["from"],)
        if review.status in states and user.has_perm(config["perm"], review):
            actions.append({"action": action, "label": config["button"], "danger": action == "cancel"})
    return actions


@require_safe
def review_list(request):
    require_perm(request, "peerreviews.list_peer_reviews")
    picker = programme_picker(slug=request.GET.get("programme", ""), programmes=programmes_of_user(user=request.user))
    if picker.programme is None and request.GET.get("programme"):
        raise Http404
    programme = picker.programme
    years = ProgrammeYear.objects.filter(programme=programme).order_by("-year").values_list("year", flat=True)
    filter_form = ReviewFilterForm(
        request.GET or None, years=list(years), regions=Region.objects.filter(programme=programme).order_by("name")
    )
    reviews = reviews_for_list(user=request.user, programme=programme, **filter_form.filters())
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "peerreviews/reviews/review_list.html",
        {
            "page": page,
            "reviews": page.object_list,
            "filter_form": filter_form,
            "picker": picker,
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "programme")),
            "can_create_internal": request.user.has_perm("peerreviews.manage_peer_review"),
        },
    )


def _default_year(years: list[ProgrammeYear], wanted) -> ProgrammeYear | None:
    by_year = {py.year: py for py in years}
    for candidate in (wanted, timezone.localdate().year):
        try:
            if int(candidate) in by_year:
                return by_year[int(candidate)]
        except (TypeError, ValueError):
            continue
    return years[-1] if years else None


@require_http_methods(["GET", "POST"])
def review_propose(request, slug):
    region = get_object_with_perm(
        request, "peerreviews.propose_peer_review", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    years = list(ProgrammeYear.objects.filter(programme_id=region.programme_id).order_by("year"))
    chosen = request.POST.get("programme_year") if request.method == "POST" else request.GET.get("year")
    year_obj = next((py for py in years if str(py.pk) == str(chosen)), None) if request.method == "POST" else None
    year_obj = year_obj or _default_year(years, chosen)
    initial = {"programme_year": year_obj, "host": WE_HOST}
    if request.GET.get("peer"):
        initial["peer_region"] = request.GET["peer"]
    if request.GET.get("host") in (WE_HOST, THEY_HOST):
        initial["host"] = request.GET["host"]
    form = ProposeForm(
        request.POST or None,
        initial=initial,
        regions=Region.objects.filter(programme_id=region.programme_id)
        .exclude(pk=region.pk)
        .exclude(status=Region.Status.STOPPED)
        .order_by("name"),
        years=ProgrammeYear.objects.filter(programme_id=region.programme_id).order_by("year"),
        previous_reviews=follow_up_candidates(region=region),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        other = data.pop("peer_region")
        we_host = data.pop("host") == WE_HOST
        try:
            review = peerreview_propose(
                host_region=region if we_host else other,
                peer_region=other if we_host else region,
                proposed_by=request.user,
                **data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Peer review proposed; the programme office checks readiness next."))
            return redirect(review)
    suggestions = peer_suggestions(region=region, programme_year=year_obj) if year_obj else []
    return render(
        request,
        "peerreviews/reviews/review_propose.html",
        {
            "region": region,
            "form": form,
            "suggestions": suggestions,
            "has_placemat": getattr(suggestions, "has_placemat", False),
            "suggestion_year": year_obj,
            "years": years,
        },
    )


@require_http_methods(["GET", "POST"])
def review_create_internal(request):
    require_perm(request, "peerreviews.manage_peer_review")
    form = InternalReviewForm(
        request.POST or None,
        # Regions and years of open programmes only: a closed programme is read-only.
        regions=Region.objects.exclude(status=Region.Status.STOPPED)
        .filter(programme__closed_at__isnull=True)
        .order_by("name"),
        years=ProgrammeYear.objects.filter(programme__closed_at__isnull=True)
        .select_related("programme")
        .order_by("programme__name", "year"),
    )
    if request.method == "POST" and form.is_valid():
        require_perm(request, "peerreviews.manage_peer_review", form.cleaned_data["region"])
        try:
            review = peerreview_create_internal(created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Internal peer review created."))
            return redirect(review)
    return render(request, "peerreviews/reviews/review_internal_form.html", {"form": form})


@require_safe
def review_detail(request, pk):
    from ..selectors.attachments import review_attachments_context
    from ..selectors.content import review_content_context

    review = get_object_with_perm(request, "peerreviews.view_peer_review", review_detail_queryset(), pk=pk)
    user = request.user
    context = review_content_context(review=review, user=user)
    context.update(review_attachments_context(review=review, user=user))
    context.update(
        {
            "review": review,
            "actions": _available_actions(user, review),
            "can_manage": user.has_perm("peerreviews.manage_peer_review", review),
            "can_edit_plan": user.has_perm("peerreviews.change_peer_review_plan", review)
            and review.status in PLAN_STATES,
            "readiness_missing": readiness_missing(review),
            "after_talk": getattr(review, "after_talk", None),
            "today": timezone.localdate(),
            "can_after_talk": user.has_perm("peerreviews.change_after_talk", review),
            **readiness_table(review),
        }
    )
    return render(request, "peerreviews/reviews/review_detail.html", context)


def _review(request, perm: str, pk) -> PeerReview:
    return get_object_with_perm(
        request,
        perm,
        PeerReview.objects.select_related("host_region", "peer_region", "programme_year"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def review_readiness(request, pk):
    review = _review(request, "peerreviews.manage_peer_review", pk)
    form = ReadinessForm(request.POST or None, initial=ReadinessForm.initial_for(review), review=review)
    if request.method == "POST" and form.is_valid():
        try:
            peerreview_record_readiness(review=review, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Readiness check saved."))
            return redirect(review)
    return render(request, "peerreviews/reviews/review_readiness.html", {"review": review, "form": form})


@require_http_methods(["GET", "POST"])
def review_transition(request, pk, action):
    config = TRANSITIONS.get(action)
    if config is None:
        raise Http404
    review = _review(request, config["perm"], pk)
    form = TransitionForm(
        request.POST if request.method == "POST" else None,
        comment_label=config.get("comment_label"),
        comment_required=config.get("comment_required", False),
    )
    if request.method == "POST" and form.is_valid():
        try:
            config["service"](review, request.user, form.cleaned_data["comment"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, config["done"])
            return redirect(review)
    return render(
        request,
        "peerreviews/reviews/review_transition.html",
        {"review": review, "form": form, "config": config, "action": action},
    )


@require_http_methods(["GET", "POST"])
def review_edit(request, pk):
    review = _review(request, "peerreviews.change_peer_review_plan", pk)
    initial = {"date": review.date, "place": review.place, "motivation": review.motivation}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            peerreview_update_plan(review=review, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The plan of the peer review is saved."))
            return redirect(review)
    return render(request, "peerreviews/reviews/review_edit.html", {"review": review, "form": form})


@require_http_methods(["GET", "POST"])
def review_facilitator(request, pk):
    """The office names the review's procesbegeleider (a critical friend or someone of the office)."""
    from django.db.models import Q

    from toptechniek.accounts.models import User

    review = _review(request, "peerreviews.manage_peer_review", pk)
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(global_role=User.GlobalRole.PROGRAMME_OFFICE) | Q(assignments__isnull=False))
        .distinct()
        .order_by("full_name")
    )
    data = request.POST if request.method == "POST" else None  # an empty choice is a choice: no procesbegeleider
    form = FacilitatorForm(data, candidates=candidates, initial={"facilitator": review.facilitator_id})
    if request.method == "POST" and form.is_valid():
        try:
            peerreview_set_facilitator(review=review, facilitator=form.cleaned_data["facilitator"], actor=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Procesbegeleider saved."))
            return redirect(review)
    return render(request, "peerreviews/reviews/review_facilitator.html", {"review": review, "form": form})


# --- The nagesprek ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def after_talk_plan(request, pk):
    """Plan or move the nagesprek (once the regions have reported)."""
    from ..models import AfterTalk
    from ..services.after_talks import aftertalk_plan

    review = _review(request, "peerreviews.change_after_talk", pk)
    talk = AfterTalk.objects.filter(review=review).first()
    if talk is not None and talk.status == AfterTalk.Status.RECORDED:
        return redirect(talk)
    initial = {"date": talk.date, "place": talk.place} if talk else {}
    form = AfterTalkPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            aftertalk_plan(review=review, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Nagesprek planned; the regions have been mailed."))
            return redirect(review.get_absolute_url() + "#after-talk")
    return render(request, "peerreviews/reviews/after_talk_plan.html", {"review": review, "form": form, "talk": talk})


@require_http_methods(["GET", "POST"])
def after_talk_record(request, pk):
    """Record the nagesprek once held: who took part, what has changed since the review, the next steps."""
    from ..models import AfterTalk
    from ..services.after_talks import aftertalk_record

    review = _review(request, "peerreviews.change_after_talk", pk)
    talk = AfterTalk.objects.filter(review=review).first()
    if talk is None:
        return redirect("peerreviews:after_talk_plan", pk=review.pk)
    initial = {"participants": talk.participants, "what_changed": talk.what_changed, "next_steps": talk.next_steps}
    form = AfterTalkRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            aftertalk_record(review=review, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Nagesprek recorded."))
            return redirect(talk)
    return render(request, "peerreviews/reviews/after_talk_record.html", {"review": review, "form": form, "talk": talk})


# --- Exploring other regions before choosing a peer ---------------------------------------------------------------


@require_safe
def review_explore(request, slug):
    """The programme's other regions with their sub-projects, learning themes and published good practices,
    filtered by placemat theme and words; each links to the proposal with that region as peer."""
    from ..selectors.explore import peers_explore

    region = get_object_with_perm(
        request, "peerreviews.explore_peers", Region.objects.select_related("programme"), **region_lookup(slug)
    )
    form = ExploreFilterForm(request.GET or None, programme=region.programme)
    theme, words = None, ""
    if form.is_bound and form.is_valid():
        theme, words = form.cleaned_data["theme"], form.cleaned_data["q"]
    page = peers_explore(region=region, theme=theme, words=words, page=request.GET.get("page") or 1)
    return render(
        request,
        "peerreviews/reviews/review_explore.html",
        {
            "region": region,
            "form": form,
            "page_obj": page,
            "filtered": bool(theme or words),
            "can_propose": request.user.has_perm("peerreviews.propose_peer_review", region),
        },
    )
