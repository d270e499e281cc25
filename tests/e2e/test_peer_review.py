"""A peer review in Chromium, from the proposal through learning questions and outcomes to the feedback report.

In the programme in progress, Parkstad Limburg proposes Noordoost-Brabant for this year (same landsdeel, no
partner scores the other that year); the office checks readiness and confirms; Parkstad's project leader
enters a learning question that grows out of its monitor report; the review is held; the outcome and the
regions' own report are written; both regions' advisors write their feedback reports; the office closes it.
axe-core runs on every page.
"""

import datetime
import re

import pytest
from e2e_helpers import CURRENT, axe_problems, current_year, region_url

pytestmark = [pytest.mark.e2e]

HOST, PEER, YEAR = "parkstad-limburg", "noordoost-brabant", current_year()


def _submit(page, form="main form[method=post]", button=None):
    locator = page.locator(form).locator(button or 'button[type="submit"]').first
    locator.click()
    page.wait_for_load_state()


def _no_axe(page, where, problems):
    problems.extend(axe_problems(page, where))


def _advisor_email(region_slug: str) -> str:
    from audits.models import Assignment

    return Assignment.objects.get(
        region__programme__slug=CURRENT,
        region__slug=region_slug,
        programme_year__year=YEAR,
        role=Assignment.Role.ADVISOR,
    ).user.email


def test_peer_review_from_proposal_to_feedback_report(demo, login_as):
    from peerreviews.models import FeedbackReport, LearningOutcome, PeerReview

    problems: list[str] = []

    # 1. The project leader sees ranked suggestions with their reasons, then proposes Noordoost-Brabant.
    leader = login_as(f"pl.{HOST}@example.org")
    leader.goto(f"/peer-reviews/propose/{region_url(HOST, CURRENT).split('/')[2]}/?year={YEAR}")
    assert leader.locator("main").get_by_text("Noordoost-Brabant").first.is_visible()
    _no_axe(leader, "propose", problems)
    form = leader.locator("main form[method=post]")
    form.locator('select[name="peer_region"]').select_option(label="Noordoost-Brabant")
    form.locator('select[name="programme_year"]').select_option(label=str(YEAR))
    form.locator('textarea[name="motivation"]').fill(
        "Noordoost-Brabant betrekt het mkb al jaren in de lessen; dat willen we leren."
    )
    _submit(leader)
    match = re.search(r"/peer-reviews/(\d+)/$", leader.url)
    assert match, f"not on the review page after proposing: {leader.url}"
    pk = int(match.group(1))
    review = PeerReview.objects.get(pk=pk)
    assert (review.status, review.host_region.slug, review.peer_region.slug) == ("proposed", HOST, PEER)
    _no_axe(leader, "review proposed", problems)

    # 2. The office records the readiness check and confirms.
    office = login_as("office@example.org")
    office.goto(f"/peer-reviews/{pk}/readiness/")
    for side in ("host", "peer"):
        for name in ("stable", "learning", "full_peer"):
            office.locator(f'main select[name="{side}_{name}"]').select_option(index=0)
    office.locator('main textarea[name="notes"]').fill("Stabiele regio's met een leerhouding.")
    _no_axe(office, "readiness", problems)
    _submit(office)
    office.goto(f"/peer-reviews/{pk}/confirm/")
    _no_axe(office, "confirm", problems)
    _submit(office)
    review.refresh_from_db()
    assert review.status == "preparing" and review.is_ready

    # 3. The project leader enters a learning question; the form shows the monitor beside it.
    leader.goto(f"/peer-reviews/{pk}/questions/{HOST}/new/")
    _no_axe(leader, "learning question", problems)
    form = leader.locator("#learning-question-form")
    form.locator('textarea[name="question"]').fill(
        "Hoe krijgen we meer mkb-bedrijven structureel betrokken bij de lessen in school?"
    )
    form.locator('input[name="owner"]').fill("Projectleider Parkstad")
    form.locator('select[name="theme"]').select_option(index=1)
    _submit(leader, form="#learning-question-form")
    question = review.learning_questions.get()
    assert question.region.slug == HOST and question.report.region.slug == HOST

    # 4. Held (no date was set, so today is fine), then the outcome and the regions' own report.
    leader.goto(f"/peer-reviews/{pk}/held/")
    _submit(leader)
    review.refresh_from_db()
    assert review.status == "held", leader.locator("main").inner_text()[:500]
    leader.goto(f"/peer-reviews/questions/{question.pk}/outcome/")
    _no_axe(leader, "outcome", problems)
    form = leader.locator("main form[method=post]")
    form.locator('textarea[name="insights"]').fill(
        "Vaste koppels van docent en bedrijf maken afspraken minder kwetsbaar."
    )
    form.locator('textarea[name="action"]').fill("Per school een vast koppel vastleggen in de stuurgroep van maart.")
    form.locator('input[name="action_owner"]').fill("Projectleider Parkstad")
    form.locator('input[name="action_due"]').fill((datetime.date.today() + datetime.timedelta(days=60)).isoformat())
    _submit(leader)
    assert LearningOutcome.objects.filter(question=question).exists()
    leader.goto(f"/peer-reviews/{pk}/own-report/")
    leader.locator('main textarea[name="text"]').fill("In twee sessies bespraken we de leervragen van beide regio's.")
    _submit(leader)
    leader.goto(f"/peer-reviews/{pk}/report/")
    _submit(leader)
    review.refresh_from_db()
    assert review.status == "reported", leader.locator("main").inner_text()[:500]

    # 5. Each region's advisor writes the feedback report and marks it ready; the region reads it.
    for slug in (HOST, PEER):
        advisor = login_as(_advisor_email(slug))
        advisor.goto(f"/peer-reviews/{pk}/feedback/{slug}/")
        _no_axe(advisor, f"feedback {slug}", problems)
        advisor.locator('main textarea[name="text"]').fill(
            "Scherpe leervragen die uit de monitor voortkomen; agendeer de acties in de stuurgroep."
        )
        _submit(advisor, button='button[value="ready"]')
    assert FeedbackReport.objects.filter(review=review, status="ready").count() == 2
    leader.goto(f"/peer-reviews/{pk}/")
    assert "Scherpe leervragen die uit de monitor voortkomen" in leader.locator("#feedback").inner_text()
    _no_axe(leader, "review with feedback", problems)

    # 6. The office closes the review.
    office.goto(f"/peer-reviews/{pk}/close/")
    _submit(office)
    review.refresh_from_db()
    assert review.status == "closed"
    office.goto("/peer-reviews/")
    _no_axe(office, "review list", problems)
    assert not problems, "\n".join(problems)
