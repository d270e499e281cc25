"""Landsdelen and routes become each programme's own data (they were fixed choice lists in the code).

Every programme gets the four landsdelen and three routes it had implicitly; regions and indicators keep
their landsdeel and route, now as foreign keys. Backwards the codes are written back."""

import django.db.models.deletion
from django.db import migrations, models

LANDSDELEN = [("noord", "Noord"), ("oost", "Oost"), ("zuid", "Zuid"), ("west", "West")]
ROUTES = [("vakmanschap", "Vakmanschapsroute"), ("technologie", "Technologieroute"), ("beide", "Beide routes")]


def _install(model, programme, defaults, codes) -> dict:
    """The programme's rows of `model` by code: the defaults, then any other code in use (kept as it was)."""
    rows = {}
    wanted = list(defaults) + [(code, code) for code in sorted(codes) if code not in dict(defaults)]
    for position, (code, name) in enumerate(wanted, start=1):
        rows[code], _created = model.objects.get_or_create(
            programme=programme, code=code, defaults={"name": name, "position": position}
        )
    return rows


def forwards(apps, schema_editor):
    Programme = apps.get_model("regions", "Programme")
    Region = apps.get_model("regions", "Region")
    Indicator = apps.get_model("regions", "Indicator")
    Landsdeel = apps.get_model("regions", "Landsdeel")
    Route = apps.get_model("regions", "Route")
    for programme in Programme.objects.all():
        regions = Region.objects.filter(programme=programme)
        indicators = Indicator.objects.filter(region__programme=programme)
        landsdelen = _install(Landsdeel, programme, LANDSDELEN, set(regions.values_list("landsdeel", flat=True)))
        routes = _install(Route, programme, ROUTES, set(indicators.values_list("route", flat=True)))
        for code, landsdeel in landsdelen.items():
            regions.filter(landsdeel=code).update(landsdeel_ref=landsdeel)
        for code, route in routes.items():
            Indicator.objects.filter(region__programme=programme, route=code).update(route_ref=route)
    _fire_deferred_checks(schema_editor)


def backwards(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Indicator = apps.get_model("regions", "Indicator")
    for region in Region.objects.select_related("landsdeel_ref"):
        region.landsdeel = region.landsdeel_ref.code[:10]
        region.save(update_fields=["landsdeel"])
    for indicator in Indicator.objects.select_related("route_ref"):
        indicator.route = indicator.route_ref.code[:12]
        indicator.save(update_fields=["route"])
    _fire_deferred_checks(schema_editor)


def _fire_deferred_checks(schema_editor):
    # PostgreSQL refuses to alter a table with pending deferred foreign-key checks in the same transaction.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0006_programme_closed_region_slug_per_programme"),
    ]

    operations = [
        migrations.CreateModel(
            name="Landsdeel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=20, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("position", models.PositiveSmallIntegerField(default=1, verbose_name="position")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="landsdelen",
                        to="regions.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "landsdeel",
                "verbose_name_plural": "landsdelen",
                "ordering": ["position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme", "code"),
                        name="landsdeel_code_unique_in_programme",
                        violation_error_message="This programme already has a landsdeel with this code.",
                    ),
                    models.UniqueConstraint(
                        fields=("programme", "name"),
                        name="landsdeel_name_unique_in_programme",
                        violation_error_message="This programme already has a landsdeel with this name.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Route",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=20, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("position", models.PositiveSmallIntegerField(default=1, verbose_name="position")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="routes",
                        to="regions.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "route",
                "verbose_name_plural": "routes",
                "ordering": ["position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme", "code"),
                        name="route_code_unique_in_programme",
                        violation_error_message="This programme already has a route with this code.",
                    ),
                    models.UniqueConstraint(
                        fields=("programme", "name"),
                        name="route_name_unique_in_programme",
                        violation_error_message="This programme already has a route with this name.",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="region",
            name="landsdeel_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.landsdeel"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="route_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.route"
            ),
        ),
        # With a default, the old columns can come back (backwards) before their values are written back.
        migrations.AlterField(
            model_name="region", name="landsdeel", field=models.CharField(blank=True, default="", max_length=10)
        ),
        migrations.AlterField(
            model_name="indicator", name="route", field=models.CharField(blank=True, default="", max_length=12)
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RemoveField(model_name="region", name="landsdeel"),
        migrations.RemoveField(model_name="indicator", name="route"),
        migrations.RenameField(model_name="region", old_name="landsdeel_ref", new_name="landsdeel"),
        migrations.RenameField(model_name="indicator", old_name="route_ref", new_name="route"),
        migrations.AlterField(
            model_name="region",
            name="landsdeel",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="regions",
                to="regions.landsdeel",
                verbose_name="landsdeel",
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="route",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="indicators",
                to="regions.route",
                verbose_name="route",
            ),
        ),
    ]
