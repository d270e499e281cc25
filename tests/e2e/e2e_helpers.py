"""Small helpers for the browser tests: Dutch texts from the catalogue, keyboard navigation."""

from django.utils import translation


def nl(message: str, *, same_ok: bool = False, **values) -> str:
    """The Dutch text the user sees for `message`.

    Fails when the catalogue gives back the English text, unless the words are the same in Dutch
    (same_ok), so a missing or uncompiled translation shows up as a test failure.
    """
    with translation.override("nl"):
        text = translation.gettext(message)
    assert same_ok or text != message, f"no Dutch translation for {message!r} (locale/nl compiled?)"
    return text % values if values else text


def en(message: str, **values) -> str:
    return message % values if values else message


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
                    text: (el.innerText || el.value || '').trim(), href: el.getAttribute('href') || '',
                    outline: getComputedStyle(el).outlineStyle, visible: el.getBoundingClientRect().width > 1};
        }"""
    )


def tab_to(page, *, text: str | None = None, name: str | None = None, tag: str | None = None, limit: int = 80) -> dict:
    """Press Tab until the focused element matches; returns what has focus. Keyboard only."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        seen.append(current["text"][:30] or current["name"] or current["tag"])
        if (
            (text is None or current["text"] == text)
            and (name is None or current["name"] == name)
            and (tag is None or current["tag"] == tag)
        ):
            return current
    raise AssertionError(f"Tab never reached text={text!r} name={name!r} tag={tag!r}; focus went: {seen}")


_AXE = None
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_problems(page, where: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, as readable lines (empty: none)."""
    global _AXE
    from axe_playwright_python.sync_playwright import Axe
    from e2e_pages import format_violations

    if _AXE is None:
        _AXE = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = _AXE.run(page, options=options)
    if not results.violations_count:
        return []
    return [f"{where} ({page.url}):\n" + format_violations(results.response["violations"])]


HISTORY = "toptechniek-in-bedrijf"  # the demo's first programme (2012-2015), closed: history
CURRENT = "techniekagenda"  # the demo's programme in progress on today's dates (portal/demo_current.py)


def current_year() -> int:
    """The year of the programme in progress whose reports are being written today (due in a few days)."""
    from django.utils import timezone

    from portal.demo_current import calendar

    return calendar(timezone.localdate())[0]


def region_url(slug: str, programme: str = HISTORY) -> str:
    """The address of a demo region's page, "/regions/31-friesland/": region URLs carry the region's number,
    since short names repeat across programmes (Twente is in both demo programmes)."""
    from regions.models import Region

    return f"/regions/{Region.objects.get(programme__slug=programme, slug=slug).url_key}/"


def key_page_ids() -> dict[str, str]:
    """The ids that fill the placeholders of e2e_pages.KEY_PAGES (all but "{draft}", which a test writes)."""
    from django.db import models
    from e2e_pages import CRITICAL_FRIEND

    from audits.models import Assignment
    from regions.models import RegionVision

    vision = RegionVision.objects.get(region__programme__slug=HISTORY, region__slug="friesland", version=1)
    # An assessment of cf1 whose region's report is in: the scoring form (draft or read-only).
    assignment = (
        Assignment.objects.filter(
            user__email=CRITICAL_FRIEND,
            role="assessor",
            region__reports__programme_year=models.F("programme_year"),
            region__reports__status__in=["submitted", "accepted"],
        )
        .order_by("-programme_year__year", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "vision": str(vision.pk),
        "friesland": region_url("friesland").split("/")[2],  # the region's key, "31-friesland"
        "parkstad": region_url("parkstad-limburg", CURRENT).split("/")[2],
        "drechtsteden": region_url("drechtsteden", CURRENT).split("/")[2],
        "year": str(current_year()),
        "last_year": str(current_year() - 1),
        "assignment": str(assignment),
        # The call open today and its draft and fully scored applications (selection.demo).
        "open_call": str(_open_call().pk),
        "app_draft": str(_open_call().applications.get(region_name="Hoeksche Waard").pk),
        "app_scored": str(_open_call().applications.get(region_name="Gooi en Vechtstreek").pk),
        # The kennisprogramma's meeting ahead and the conference whose attendance waits (knowledge.demo).
        "event_ahead": str(_current_events().last().pk),
        "event_held": str(_current_events().first().pk),
    }


def _current_events():
    from knowledge.models import Event

    return Event.objects.filter(programme__slug=CURRENT).order_by("date")


def _open_call():
    from selection.models import Call

    return Call.objects.get(programme__slug=CURRENT, title__contains="tweede tranche")


def write_draft_version(login_as) -> str:
    """A draft version of the Drechtsteden vision, written the way its project leader does; its pk."""
    import re

    from e2e_pages import PL_DRECHTSTEDEN
    from playwright.sync_api import expect

    leader = login_as(PL_DRECHTSTEDEN)
    leader.goto(region_url("drechtsteden", CURRENT) + "visions/new/")
    leader.locator("main form button[type=submit]").click()
    expect(leader).to_have_url(re.compile(r"/visions/\d+/$"))
    pk = re.search(r"/visions/(\d+)/$", leader.url).group(1)
    leader.context.close()
    return pk
