"""The audits back room: every model listed for a superuser, nothing added, changed or deleted there."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audits.models import Assignment
from audits.services.scoring import assignment_remove
from audits.tests.factories import AssignmentFactory, StimulusGrantFactory
from regions.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "assignment",
    "placemat",
    "scoring",
    "scorechange",
    "placematpdf",
    "reminder",
    "grantrule",
    "stimulusgrant",
    "grantchange",
    "auditvisit",
    "followupaction",
]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(office=True, is_staff=True, is_superuser=True))
    return client


def test_every_audits_model_is_listed_and_read_only(superuser_client):
    for model in MODELS:
        assert superuser_client.get(reverse(f"admin:audits_{model}_changelist")).status_code == 200, model
        assert superuser_client.get(reverse(f"admin:audits_{model}_add")).status_code == 403, model


def test_grant_cannot_be_changed_or_deleted_in_the_admin(superuser_client):
    grant = StimulusGrantFactory(proposed_amount=Decimal("80000"))
    page = superuser_client.get(reverse("admin:audits_stimulusgrant_change", args=[grant.pk]))
    assert page.status_code == 200 and b'name="proposed_amount"' not in page.content
    response = superuser_client.post(reverse("admin:audits_stimulusgrant_delete", args=[grant.pk]), {"post": "yes"})
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.proposed_amount == Decimal("80000")


def test_removed_assignments_stay_visible_in_the_admin(superuser_client):
    assignment = AssignmentFactory()
    assignment_remove(assignment=assignment, removed_by=None)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()  # gone from the default manager
    listed = superuser_client.get(reverse("admin:audits_assignment_changelist"))
    assert str(assignment.user).encode() in listed.content and b"1 assignment" in listed.content
