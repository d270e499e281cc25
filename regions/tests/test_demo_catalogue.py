"""The demo catalogue: every region its own profile and indicator set, every text tied to its question."""

from portal.management.commands.seed_demo import REGIONS
from regions import demo_catalogue as catalogue
from regions.framework_data import PERFORMANCE_AREAS, PROCESS_THEMES


def test_every_demo_region_has_its_own_profile_and_a_sensible_indicator_set():
    assert {slug for _name, slug, *_ in REGIONS} == set(catalogue.PROFILES)
    for slug, profile in catalogue.PROFILES.items():
        codes = profile.indicators
        assert 6 <= len(codes) <= 7 and len(set(codes)) == len(codes), slug
        rows = [catalogue.INDICATORS[code] for code in codes]
        assert {row[1] for row in rows} == {1, 2, 3, 4}, slug  # every performance area
        assert {"vakmanschap", "technologie"} <= {row[2] for row in rows}, slug  # both routes
        assert "UV1" in codes and any(code in catalogue.INTAKE_CODES for code in codes), slug
        assert set(catalogue.GOALS[slug]) <= set(codes), slug  # the ambitions name figures the region measures
        assert "15 procent" not in profile.ambitions and "lorem" not in profile.ambitions.lower()
    assert len({p.ambitions for p in catalogue.PROFILES.values()}) == len(catalogue.PROFILES)
    assert len({p.indicators for p in catalogue.PROFILES.values()}) > len(catalogue.PROFILES) // 2


def test_targets_reach_the_ambition_and_figures_are_deterministic():
    base = catalogue.baseline("twente", "BB1")
    targets = catalogue.targets("twente", "BB1", base, 2011, 2015)
    assert sorted(targets) == [2012, 2013, 2014, 2015] and targets[2015] == 180
    assert base < targets[2012] < targets[2015]
    uitval = catalogue.targets("friesland", "UV1", catalogue.baseline("friesland", "UV1"), 2011, 2015)
    assert uitval[2012] > uitval[2015] == 6
    figures = [catalogue.realised("twente", "BB1", base, targets, year) for year in targets]
    assert figures == [catalogue.realised("twente", "BB1", base, targets, year) for year in targets]


def test_every_guiding_question_has_its_own_answers_and_every_theme_its_texts():
    questions = [q for _n, _name, _d, qs in PROCESS_THEMES for q in qs]
    assert set(catalogue.ANSWERS) == set(questions)
    texts = [text for variants in catalogue.ANSWERS.values() for text in variants]
    assert len(texts) == len(set(texts))  # never the same answer to two questions
    themes = {("performance", n) for n, *_ in PERFORMANCE_AREAS} | {("process", n) for n, *_ in PROCESS_THEMES}
    assert set(catalogue.SELF_ASSESSMENT) == themes and set(catalogue.LEARNING) == themes
    words = {**catalogue.context(catalogue.PROFILES["zeeland"], "Zeeland"), "year": 2014, "baseline_year": 2011}
    for text in texts:
        assert "{" not in text.format(**words)


def test_history_texts_name_their_region_and_the_2014_reviews_follow_the_source():
    """Every visit and peer-review text is filled with the region's own words; the review calendar keeps to
    the 2014 peer-review window (1 Oct 2014 – 15 Feb 2015), pairs are distinct and Twente–Zwolle has a
    follow-up."""
    import datetime

    from audits.demo import AUDITED_INSTEAD
    from peerreviews.demo import REVIEWS

    for theme, levels in catalogue.VISIT_PROCESS.items():
        assert set(levels) == {"on_track", "attention", "worrying"}, theme
        for variants in levels.values():
            assert len(variants) == 2 and all("{region}" in text for text in variants), theme
    texts = [t for levels in catalogue.VISIT_PROCESS.values() for v in levels.values() for t in v]
    assert len(texts) == len(set(texts))
    assert set(catalogue.REVIEW_ACTION) == set(catalogue.REVIEW_LESSON) == set(range(1, 9))
    assert all("{" in text for text in [*catalogue.REVIEW_ACTION.values(), *catalogue.REVIEW_LESSON.values()])
    held = [r for r in REVIEWS if r[0] == 2014 and r[3] != "cancelled"]
    assert 14 <= len(held) <= 17
    assert all(datetime.date(2014, 10, 1) <= r[5] <= datetime.date(2015, 2, 15) for r in held)
    assert len({(r[1], r[2]) for r in held}) == len(held)
    follow_ups = [r for r in held if r[4]]
    assert [{r[1], r[2]} for r in follow_ups] == [{"twente", "zwolle"}]
    in_review = {slug for r in held for slug in r[1:3] if slug}
    assert not in_review & set(AUDITED_INSTEAD[2014])  # the peer review was the alternative to the audit
    assert {slug for _n, slug, *_ in REGIONS} - in_review - set(AUDITED_INSTEAD[2014]) == {"flevoland"}
