"""The region's advice page (klankbord en vraagbaak): questions to the advisor and advice conversations.
Thin views: permission (404 when not allowed), a selector or a service, render; a refused save keeps what
was typed."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regions.converters import region_lookup
from regions.models import Region
from toptechniek.common.views import form_submit, get_object_with_perm

from ..forms import AdviceAnswerForm, AdvicePlanForm, AdviceQuestionForm, AdviceRecordForm
from ..models import AdviceConversation, AdviceQuestion
from ..selectors.advice import advice_page
from ..services import advice as services

REGIONS = Region.objects.select_related("programme")


@require_safe
def advice(request, slug):
    region = get_object_with_perm(request, "audits.view_region_advice", REGIONS, **region_lookup(slug))
    return render(
        request, "audits/advice/advice.html", {"region": region, "page": advice_page(region=region, user=request.user)}
    )


@require_http_methods(["GET", "POST"])
def advice_ask(request, slug):
    region = get_object_with_perm(request, "audits.ask_advice", REGIONS, **region_lookup(slug))
    form = AdviceQuestionForm(request.POST or None, region=region)
    done = form_submit(
        request,
        form,
        lambda d: services.advice_ask(region=region, actor=request.user, **d),
        success=_("Your question is sent to the advisor."),
    )
    if done:
        return redirect(done)
    return render(request, "audits/advice/form.html", {"region": region, "form": form, "title": _("Ask your advisor")})


@require_http_methods(["GET", "POST"])
def advice_answer(request, pk):
    question = get_object_with_perm(
        request, "audits.answer_advice", AdviceQuestion.objects.select_related("region__programme", "asked_by"), pk=pk
    )
    form = AdviceAnswerForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda d: services.advice_answer(question=question, actor=request.user, **d),
        success=_("Your answer is sent to the region."),
    )
    if done:
        return redirect(done)
    return render(
        request,
        "audits/advice/form.html",
        {"region": question.region, "form": form, "title": _("Answer the question"), "question": question},
    )


@require_http_methods(["GET", "POST"])
def advice_plan(request, slug):
    region = get_object_with_perm(request, "audits.plan_advice", REGIONS, **region_lookup(slug))
    form = AdvicePlanForm(request.POST or None, region=region, initial={"question": request.GET.get("question")})
    done = form_submit(
        request,
        form,
        lambda d: services.advice_conversation_plan(region=region, advisor=request.user, **d),
        success=_("The advice conversation is planned; the region is told."),
    )
    if done:
        return redirect(done)
    return render(
        request, "audits/advice/form.html", {"region": region, "form": form, "title": _("Plan an advice conversation")}
    )


@require_http_methods(["GET", "POST"])
def advice_record(request, pk):
    conversation = get_object_with_perm(
        request, "audits.record_advice", AdviceConversation.objects.select_related("region__programme"), pk=pk
    )
    region = conversation.region
    initial = {f: getattr(conversation, f) for f in (*AdviceConversation.PARTICIPANT_FIELDS, "advice", "follow_up")}
    initial["topics"] = list(conversation.topics.all())
    form = AdviceRecordForm(request.POST or None, region=region, initial=initial)

    def save(d):
        return services.advice_conversation_record(
            conversation=conversation,
            actor=request.user,
            participants={f: d[f] for f in AdviceConversation.PARTICIPANT_FIELDS},
            topics=list(d["topics"]),
            advice=d["advice"],
            follow_up=d["follow_up"],
        )

    done = form_submit(request, form, save, success=_("The advice conversation is recorded; the region is told."))
    if done:
        return redirect(done)
    return render(
        request,
        "audits/advice/form.html",
        {"region": region, "form": form, "title": _("Record the advice conversation"), "conversation": conversation},
    )
