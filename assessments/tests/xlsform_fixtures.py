"""Fixtures of the XLSForm tests."""

import pytest

from assessments.catalogues import TABLE_3_2, TABLE_3_5
from assessments.xlsform import subjects


@pytest.fixture
def project_source():
    """Stakeholders stand in for projects: the projects app registers the real source of
    projects, and any model can be an assessment's subject (contenttypes)."""
    from communities.models import Stakeholder

    codes = [TABLE_3_2, TABLE_3_5]
    previous = {code: subjects.get(code) for code in codes}
    subjects.register(
        codes,
        subjects.SubjectSource(
            label="Project",
            choices=lambda user, code: [
                (str(s.pk), s.name) for s in Stakeholder.objects.order_by("pk")
            ],
            resolve=lambda user, code, name: (
                Stakeholder.objects.filter(pk=int(name)).first() if name.isdigit() else None
            ),
        ),
    )
    yield
    subjects.unregister(codes)
    for code, source in previous.items():
        if source is not None:
            subjects.register([code], source)
