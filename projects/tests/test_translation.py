"""The projects pages in French and Arabic (issue 11): the browser's Accept-Language picks
the catalogue, English stays the default, Arabic uses its own plural forms, and translating
costs no query."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projects import services
from projects.tests.factories import ProjectFactory, community_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(organization, community):
    project = ProjectFactory(
        organization=organization,
        name="Atelier couture",
        kind="collective_income",
        approach="collective_returnees",
        communities=[community],
    )
    community_member(project, sex="female")
    community_member(project, sex="female")
    return project


def test_the_project_list_in_french_and_arabic(
    client_for, programme_manager, project, django_assert_num_queries
):
    client = client_for(programme_manager)
    # The same 11 queries as in English (test_views): translating reads no table.
    with django_assert_num_queries(11):
        french = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for text in (
        '<h1 class="h3 mb-0">Projets</h1>',
        ">Nouveau projet</a>",
        ">Formation des groupes</a>",
        'placeholder="Nom, description ou identifiant d\'activité IATI"',
        '<p class="text-body-secondary small">1 projet</p>',
        "<td>Soutenir des groupes collectifs de migrants de retour</td>"
        "<td>Activité génératrice de revenus collective</td>",
        "<td>1 sur 8</td>",
        "<td>Proposé</td>",
        '<th scope="col">Migrants de retour / non-migrants</th>',
    ):
        assert text in french, text

    arabic = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    for text in (
        '<h1 class="h3 mb-0">المشاريع</h1>',
        ">مشروع جديد</a>",
        # Arabic's second plural form (n == 1).
        '<p class="text-body-secondary small">مشروع واحد (1)</p>',
        "<td>دعم المجموعات الجماعية من العائدين</td><td>نشاط جماعي مدرّ للدخل</td>",
        "<td>1 من 8</td>",
        "<td>مقترح</td>",
    ):
        assert text in arabic, text

    english = client.get("/projects/").content.decode()
    assert '<p class="text-body-secondary small">1 project</p>' in english
    assert "<td>Supporting collective groups of returnees</td>" in english


def test_a_project_page_in_french_and_arabic(client_for, programme_manager, project):
    client = client_for(programme_manager)
    url = f"/projects/{project.pk}/"

    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for text in (
        '<h2 class="h5" id="lifecycle-heading">Cycle de vie (tableau 3.4 du manuel)</h2>',
        # Table 3.4's step title, a handbook text held in Python, translated.
        '<h3 class="h6 mb-1">Étape 1. Évaluer les conditions préalables aux activités '
        "génératrices de revenus collectives</h3>",
        "Étape en cours",
        '<span data-testid="balance-returnees">0</span> migrant de retour',
        '<span data-testid="balance-non-migrants">2</span> membres de la communauté',
        '<span data-testid="balance-women">2</span> femmes',
        '<h2 class="h5" id="approach">Approche : Soutenir des groupes collectifs de migrants '
        "de retour</h2>",
        "<li>Fort impact sur les migrants de retour.</li>",
        "Pas encore d'évaluation du tableau 3.2.",
        '<h2 class="h5" id="referrals-heading">Orientations vers ce projet</h2>',
    ):
        assert text in french, text

    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    for text in (
        '<h2 class="h5" id="lifecycle-heading">دورة الحياة (الجدول 3.4 من الدليل)</h2>',
        '<h3 class="h6 mb-1">الخطوة 1. تقييم الشروط المسبقة للأنشطة الجماعية المدرّة للدخل</h3>',
        # Arabic's six plural forms: 0 (form 0) and 2 (the dual, form 2).
        '<span data-testid="balance-returnees">0</span> عائد',
        '<span data-testid="balance-non-migrants">2</span> فردان من المجتمع المحلي',
        '<span data-testid="balance-women">2</span> امرأتان',
        "<li>أثر قوي على العائدين.</li>",
        '<h2 class="h5" id="referrals-heading">الإحالات إلى هذا المشروع</h2>',
    ):
        assert text in arabic, text

    english = client.get(url).content.decode()
    assert '<h2 class="h5" id="lifecycle-heading">Lifecycle (handbook Table 3.4)</h2>' in english
    assert '<span data-testid="balance-non-migrants">2</span> community members' in english


def test_a_service_refusal_speaks_the_active_language(programme_manager, project):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.project_set_status(actor=programme_manager, project=project, to_status="completed")
    assert refused.value.message_dict == {
        "status": [
            "Un projet proposé ne peut pas devenir achevé ; il peut devenir : annulé, sélectionné."
        ]
    }
    project.refresh_from_db()
    assert project.status == "proposed"
