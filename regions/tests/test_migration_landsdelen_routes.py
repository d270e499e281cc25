"""Migration 0007 turns the fixed landsdeel and route values into each programme's own rows: every programme
gets the four landsdelen and three routes, every region and indicator keeps its value, now as a row of its
own programme; backwards the codes come back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("regions", "0006_programme_closed_region_slug_per_programme")]
AFTER = [("regions", "0007_landsdelen_and_routes_per_programme")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_regions_and_indicators_and_goes_back():
    apps = _migrate(BEFORE)
    Programme = apps.get_model("regions", "Programme")
    Region = apps.get_model("regions", "Region")
    PlacematTheme = apps.get_model("regions", "PlacematTheme")
    Indicator = apps.get_model("regions", "Indicator")
    ids = {}
    for slug, start in (("ttib", 2012), ("agenda", 2016)):
        programme = Programme.objects.create(name=slug, slug=slug, start_year=start, end_year=start + 3)
        area = PlacematTheme.objects.create(programme=programme, kind="performance", number=1, name="In-, door-")
        region = Region.objects.create(
            programme=programme, name=f"Twente {slug}", slug="twente", landsdeel="oost", join_year=start
        )
        indicator = Indicator.objects.create(
            region=region,
            code="IN1",
            name="Instroom",
            performance_area=area,
            route="technologie",
            unit="n",
            baseline_value=1,
            baseline_year=start,
        )
        ids[slug] = (programme.pk, region.pk, indicator.pk)
    Programme.objects.create(name="Leeg", slug="leeg", start_year=2020, end_year=2021)

    apps = _migrate(AFTER)
    Programme = apps.get_model("regions", "Programme")
    Region = apps.get_model("regions", "Region")
    Indicator = apps.get_model("regions", "Indicator")
    for programme in Programme.objects.all():
        assert list(programme.landsdelen.order_by("position").values_list("code", "name")) == [
            ("noord", "Noord"),
            ("oost", "Oost"),
            ("zuid", "Zuid"),
            ("west", "West"),
        ]
        assert list(programme.routes.order_by("position").values_list("code", "name")) == [
            ("vakmanschap", "Vakmanschapsroute"),
            ("technologie", "Technologieroute"),
            ("beide", "Beide routes"),
        ]
    for programme_id, region_id, indicator_id in ids.values():
        region = Region.objects.get(pk=region_id)
        assert (region.landsdeel.code, region.landsdeel.programme_id) == ("oost", programme_id)
        indicator = Indicator.objects.get(pk=indicator_id)
        assert (indicator.route.code, indicator.route.programme_id) == ("technologie", programme_id)

    apps = _migrate(BEFORE)
    Region = apps.get_model("regions", "Region")
    Indicator = apps.get_model("regions", "Indicator")
    assert set(Region.objects.values_list("landsdeel", flat=True)) == {"oost"}
    assert set(Indicator.objects.values_list("route", flat=True)) == {"technologie"}
    _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
