"""The demo projects: one per approach of Table 3.3, seeded once."""

import pytest
from django.core.management import call_command

from projects.models import Participant, Project

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_demo_projects_once(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    projects = {p.iati_activity_id: p for p in Project.objects.all()}
    assert set(projects) == {"DEMO-001", "DEMO-002", "DEMO-003"}
    cooperative = projects["DEMO-001"]
    assert (cooperative.kind, cooperative.current_step, cooperative.status) == (
        "collective_income",
        3,
        "proposed",
    )
    assert cooperative.participants.filter(returnee__isnull=True).count() == 2
    assert cooperative.participants.filter(role="expert").count() == 1
    assert projects["DEMO-002"].approach == "integrate_existing"
    assert projects["DEMO-003"].approach == "new_community_project"
    assert "Projects:" in out
    counts = (Project.objects.count(), Participant.objects.count())
    call_command("seed_demo")
    assert (Project.objects.count(), Participant.objects.count()) == counts
    assert "Projects: already seeded (3)." in capsys.readouterr().out
