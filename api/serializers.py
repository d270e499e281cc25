"""The API's representations: plain JSON, ISO 8601 dates and times, numbers as numbers, codes rather than
translated labels (the OpenAPI description lists each code). Fields follow the open-data columns' names."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audits.models import AuditVisit, Placemat, StimulusGrant
from monitoring.models import MonitorReport, Realisation
from regions.models import Indicator, Programme, ProgrammeYear, Region, target_met


class ProgrammeSerializer(serializers.ModelSerializer):
    closed = serializers.SerializerMethodField(help_text="Closed by the office: read-only history.")

    class Meta:
        model = Programme
        fields = ["slug", "name", "description", "start_year", "end_year", "closed", "closed_at"]

    def get_closed(self, obj) -> bool:
        return obj.closed_at is not None


class ProgrammeYearSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.slug", help_text="The programme's slug.")

    class Meta:
        model = ProgrammeYear
        fields = [
            "id",
            "programme",
            "year",
            "report_due_date",
            "scoring_due_date",
            "audit_window_start",
            "audit_window_end",
            "peer_review_window_start",
            "peer_review_window_end",
        ]


class LandsdeelField(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegionSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.slug", help_text="The programme's slug.")
    landsdeel = LandsdeelField()

    class Meta:
        model = Region
        fields = ["id", "programme", "name", "slug", "landsdeel", "join_year", "status"]


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    value_max = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="Upper bound (direction 'range' only)."
    )


class AmendmentLineSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    old_value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    old_max = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    new_value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    new_max = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class AmendmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The agreement's version this amendment made (2 for the first).")
    reason = serializers.CharField()
    decided_at = serializers.DateTimeField()
    lines = AmendmentLineSerializer(many=True)


class IndicatorSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="region.programme.slug")
    region = serializers.IntegerField(source="region_id")
    performance_area = serializers.SerializerMethodField()
    route = serializers.CharField(source="route.code")
    version = serializers.SerializerMethodField(help_text="1 + the number of approved amendments.")
    targets = TargetSerializer(many=True)
    amendments = serializers.SerializerMethodField(help_text="Approved amendments, oldest first.")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "programme",
            "region",
            "code",
            "name",
            "description",
            "performance_area",
            "route",
            "kind",
            "direction",
            "unit",
            "baseline_value",
            "baseline_year",
            "agreed_at",
            "version",
            "targets",
            "amendments",
        ]

    @extend_schema_field({"type": "object", "properties": {"number": {"type": "integer"}, "name": {"type": "string"}}})
    def get_performance_area(self, obj):
        return {"number": obj.performance_area.number, "name": obj.performance_area.name}

    def get_version(self, obj) -> int:
        return 1 + len(obj.approved_amendments)

    @extend_schema_field(AmendmentSerializer(many=True))
    def get_amendments(self, obj):
        return AmendmentSerializer(
            [
                {
                    "id": a.pk,
                    "version": position + 2,
                    "reason": a.reason,
                    "decided_at": a.decided_at,
                    "lines": sorted(a.lines.all(), key=lambda line: line.year),
                }
                for position, a in enumerate(obj.approved_amendments)
            ],
            many=True,
        ).data


class RealisationSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="report.programme_year.programme.slug")
    year = serializers.IntegerField(source="report.programme_year.year")
    region = serializers.IntegerField(source="report.region_id")
    region_name = serializers.CharField(source="report.region.name")
    indicator = serializers.IntegerField(source="indicator_id")
    indicator_code = serializers.CharField(source="indicator.code")
    unit = serializers.CharField(source="indicator.unit")
    value = serializers.SerializerMethodField(help_text="null when not applicable this year.")
    target = serializers.DecimalField(source="target_value", max_digits=12, decimal_places=2, allow_null=True)
    target_max = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    on_target = serializers.SerializerMethodField(help_text="null when there is no value or no target.")
    agreement_version = serializers.IntegerField(help_text="1 + the indicator's approved amendments.")
    report_status = serializers.ChoiceField(
        source="report.status", choices=["submitted", "accepted"], help_text="Settled: submitted or accepted."
    )

    class Meta:
        model = Realisation
        fields = [
            "id",
            "programme",
            "year",
            "region",
            "region_name",
            "indicator",
            "indicator_code",
            "unit",
            "value",
            "not_applicable",
            "explanation",
            "target",
            "target_max",
            "on_target",
            "agreement_version",
            "report_status",
        ]

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_value(self, row):
        return None if row["not_applicable"] or row["value"] is None else float(row["value"])

    def get_on_target(self, row) -> bool | None:
        if row["not_applicable"]:
            return None
        return target_met(
            direction=row["direction"], value=row["value"], target=row["target_value"], target_max=row["target_max"]
        )

    def to_representation(self, row):
        """The declared fields (they describe the schema) built directly from the selector's row of values
        (api.selectors.realisations_for_api): a BI client reads hundreds of thousands of these."""
        return {
            "id": row["id"],
            "programme": row["programme"],
            "year": row["year"],
            "region": row["region"],
            "region_name": row["region_name"],
            "indicator": row["indicator_id"],
            "indicator_code": row["indicator_code"],
            "unit": row["unit"],
            "value": self.get_value(row),
            "not_applicable": row["not_applicable"],
            "explanation": row["explanation"],
            "target": None if row["target_value"] is None else float(row["target_value"]),
            "target_max": None if row["target_max"] is None else float(row["target_max"]),
            "on_target": self.get_on_target(row),
            "agreement_version": row["agreement_version"],
            "report_status": row["report_status"],
        }


class ReportStatusSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme_year.programme.slug")
    year = serializers.IntegerField(source="programme_year.year")
    region = serializers.IntegerField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    due_date = serializers.DateField(source="programme_year.report_due_date")

    class Meta:
        model = MonitorReport
        fields = [
            "id",
            "programme",
            "year",
            "region",
            "region_name",
            "status",
            "due_date",
            "is_late",
            "first_submitted_at",
            "submitted_at",
            "endorsed_at",
            "accepted_at",
        ]


class ThemeScoreSerializer(serializers.Serializer):
    kind = serializers.CharField(source="theme.kind", help_text="performance (the 'what') or process (the 'how').")
    number = serializers.IntegerField(source="theme.number")
    name = serializers.CharField(source="theme.name")
    score = serializers.IntegerField(allow_null=True)
    key_remark = serializers.CharField()


class ConditionRatingSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="condition.number")
    name = serializers.CharField(source="condition.name")
    rating = serializers.IntegerField()


class PlacematSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme_year.programme.slug")
    year = serializers.IntegerField(source="programme_year.year")
    region = serializers.IntegerField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    scores = ThemeScoreSerializer(source="consolidated", many=True)
    conditions = ConditionRatingSerializer(many=True)

    class Meta:
        model = Placemat
        fields = ["id", "programme", "year", "region", "region_name", "version", "published_at", "scores", "conditions"]


class AuditJudgementSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme_year.programme.slug")
    year = serializers.IntegerField(source="programme_year.year")
    region = serializers.IntegerField(source="region_id")
    region_name = serializers.CharField(source="region.name")

    class Meta:
        model = AuditVisit
        fields = [
            "id",
            "programme",
            "year",
            "region",
            "region_name",
            "date",
            "judgement",
            "advice",
            "success_factors",
            "practices_to_share",
            "reported_at",
        ]


class GrantSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme_year.programme.slug")
    year = serializers.IntegerField(source="programme_year.year")
    region = serializers.IntegerField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    proposed_amount = serializers.SerializerMethodField(
        help_text="The computed proposal: for the programme office and the ministry only (null for a region)."
    )
    decision_reason = serializers.SerializerMethodField(
        help_text="For the programme office and the ministry only (null for a region)."
    )

    class Meta:
        model = StimulusGrant
        fields = [
            "id",
            "programme",
            "year",
            "region",
            "region_name",
            "status",
            "proposed_amount",
            "decided_amount",
            "decision_reason",
            "decided_at",
        ]

    def _sees_proposals(self) -> bool:
        return bool(self.context.get("sees_proposals"))

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_proposed_amount(self, obj):
        return float(obj.proposed_amount) if self._sees_proposals() else None

    def get_decision_reason(self, obj) -> str | None:
        return obj.decision_reason if self._sees_proposals() else None
