"""Advice in Chromium (klankbord en vraagbaak), in the programme in progress: Parkstad Limburg's project leader
asks the advisor a question; the advisor finds it on Mijn taken, answers it, plans an advice conversation for
today and records it; the project leader reads answer and advice. axe-core runs on every page."""

import pytest
from e2e_helpers import CURRENT, axe_problems, region_url

pytestmark = [pytest.mark.e2e]

REGION = "parkstad-limburg"


def _submit(page):
    page.locator("main form[method=post]").last.locator('button[type="submit"]').first.click()
    page.wait_for_load_state()


def test_region_asks_advisor_answers_and_records_a_conversation(demo, login_as):
    from django.utils import timezone

    from audits.models import AdviceConversation, AdviceQuestion, Assignment
    from audits.rules import advice_year
    from regions.models import Region

    problems: list[str] = []
    region = Region.objects.select_related("programme").get(programme__slug=CURRENT, slug=REGION)
    advisor = Assignment.objects.get(region=region, programme_year=advice_year(region=region), role="advisor").user
    advice_url = region_url(REGION, CURRENT) + "advice/"

    leader = login_as(f"pl.{REGION}@example.org")
    leader.goto(advice_url)
    problems += axe_problems(leader, "advice page")
    leader.get_by_role("link", name="Vraag het je adviseur").click()
    leader.wait_for_load_state()
    problems += axe_problems(leader, "ask")
    question_text = "Hoe houden we de stuurgroep scherp nu de wethouder wisselt?"
    leader.locator('main textarea[name="question"]').fill(question_text)
    _submit(leader)
    question = AdviceQuestion.objects.get(question=question_text)
    assert question.status == "open"

    page = login_as(advisor.email)
    task = page.locator(f'main a[href="/advice/questions/{question.pk}/answer/"]')
    assert task.inner_text().strip() == "De adviesvraag beantwoorden"  # on Mijn taken
    task.click()
    page.wait_for_load_state()
    problems += axe_problems(page, "answer")
    answer = "Zet de nieuwe wethouder in het eerste overleg naast de voorzitter van de werkgeverskring."
    page.locator('main textarea[name="answer"]').fill(answer)
    _submit(page)
    question.refresh_from_db()
    assert question.status == "answered" and question.answer == answer

    page.goto(advice_url + "plan/")
    problems += axe_problems(page, "plan")
    page.locator('main input[name="date"]').fill(timezone.localdate().isoformat())
    page.locator('main input[name="place"]').fill("Heerlen, Gilde Opleidingen")
    _submit(page)
    conversation = AdviceConversation.objects.filter(region=region, place="Heerlen, Gilde Opleidingen").get()
    page.goto(f"/advice/conversations/{conversation.pk}/record/")
    problems += axe_problems(page, "record")
    page.locator('main input[name="participants_onderwijs"]').fill("Gilde Opleidingen, teamleider techniek")
    page.locator('main input[name="participants_overheid"]').fill("Gemeente Heerlen")
    page.locator('main input[name="topics"]').first.check()
    page.locator('main textarea[name="advice"]').fill("Leg de rolverdeling in de stuurgroep vast vóór de wisseling.")
    _submit(page)
    conversation.refresh_from_db()
    assert conversation.status == "held" and conversation.topics.count() == 1

    leader.goto(advice_url)
    text = leader.locator("main").inner_text()
    assert answer in text and "Leg de rolverdeling in de stuurgroep vast" in text
    problems += axe_problems(leader, "advice page after")
    assert not problems, "\n".join(problems)
