"""The site's URLs plus one view that fails the way a real bug would: a database error
whose message repeats the row that failed, personal data included (test_logs.py)."""

from django.db import IntegrityError, connection
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def failing_insert(request, pk):
    # A returnee row without a date of birth or an estimated age breaks a CHECK constraint;
    # PostgreSQL answers with "Failing row contains (...)", names and phone included.
    from reintegration.models import Returnee

    returnee = Returnee.objects.get(pk=pk)
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "INSERT INTO reintegration_returnee (reference, organization_id, first_name, "
                "last_name, name_normalized, sex, gender, nationality, languages, phone, "
                "community_id, return_date, countries_lived, return_kind, education_level, "
                "occupation_before, occupation_abroad, vulnerabilities, life_plans, "
                "mental_health_condition, protection_concern, confidential_notes, status, "
                "closure_reason, version, created_at, updated_at) VALUES (%s, %s, %s, %s, '', "
                "'female', '', 'GIN', '[]', %s, %s, CURRENT_DATE, '[]', 'forced', '', '', '', "
                "'[]', '', '', '', '', 'open', '', 1, NOW(), NOW())",
                [
                    "RET-FAIL-1",
                    returnee.organization_id,
                    returnee.first_name,
                    returnee.last_name,
                    returnee.phone,
                    returnee.community_id,
                ],
            )
        except IntegrityError as error:
            raise RuntimeError(f"Could not copy {returnee.first_name}'s record") from error
    raise RuntimeError(f"Unexpected success for {returnee.first_name}")


urlpatterns = [
    path("test-failure/<int:pk>/", failing_insert),
    *site_urlpatterns,
]
