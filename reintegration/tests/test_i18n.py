"""The registry's pages and messages in French and Arabic (issue 11, "Languages"): the
interface strings of this app are marked and translated; English stays the default."""

import datetime
import io
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from communities.tests.factories import CommunityFactory, ServiceFactory
from reintegration import services
from reintegration.models import Referral, Returnee

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
SLICE = ("reintegration/", "templates/reintegration/")


def _register(actor, community, first_name):
    returnee = services.returnee_register(
        actor=actor,
        confirm_not_duplicate=True,
        fields={
            "first_name": first_name,
            "last_name": "Diallo",
            "sex": "female",
            "estimated_age": 30,
            "nationality": "GIN",
            "community": community,
            "return_date": TODAY - datetime.timedelta(days=3),
            "return_kind": "forced",
        },
    )
    services.consent_record(actor=actor, returnee=returnee, given_on=TODAY)
    return returnee


@pytest.fixture
def two_returnees(case_manager):
    community = CommunityFactory(country="GIN")
    service = ServiceFactory(community=community)
    returnees = [_register(case_manager, community, name) for name in ("Awa", "Mariama")]
    for returnee in returnees:
        services.referral_create(
            actor=case_manager, returnee=returnee, target=service, reason="r", follow_up_date=None
        )
    return returnees


def _page(client, url, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_caseload_in_english_french_and_arabic(client_for, case_manager, two_returnees):
    client = client_for(case_manager)
    english = _page(client, "/returnees/caseload/")
    assert '<h1 class="h3">My caseload</h1>' in english
    assert "new arrivals (30 days)" in english
    assert "Proposed: <strong>2</strong>" in english
    assert '<th scope="col">Returnee</th>' in english

    french = _page(client, "/returnees/caseload/", "fr")
    assert "<title>Dossiers" in french
    assert '<h1 class="h3">Mes dossiers</h1>' in french
    # Two arrivals: French plural; no overdue follow-up: French uses the singular for 0.
    assert "nouvelles arrivées (30 jours)" in french
    assert "suivi en retard" in french
    assert '<h2 class="h6">Orientations en cours</h2>' in french
    assert "Proposée : <strong>2</strong>" in french
    assert '<th scope="col">Migrant de retour</th>' in french
    assert '<th scope="col">Prochain suivi</th>' in french
    assert "<td>Ouvert</td>" in french
    assert "My caseload" not in french

    arabic = _page(client, "/returnees/caseload/", "ar")
    assert '<h1 class="h3">الحالات المسندة إليّ</h1>' in arabic
    # Arabic's dual form for two arrivals.
    assert "وافدان جديدان (30 يومًا)" in arabic
    assert '<h2 class="h6">الإحالات المفتوحة</h2>' in arabic
    assert "مقترحة: <strong>2</strong>" in arabic
    assert '<th scope="col">عائد</th>' in arabic
    assert "<td>مفتوحة</td>" in arabic


def test_returnee_list_counts_in_each_language(client_for, case_manager, two_returnees):
    client = client_for(case_manager)
    assert "2 returnees" in _page(client, "/returnees/")
    french = _page(client, "/returnees/", "fr")
    assert "2 migrants de retour" in french
    assert 'placeholder="Nom, référence ou téléphone"' in french
    assert '<a href="?&amp;sort=reference">Référence</a>' in french
    assert "<td>Féminin</td>" in french
    arabic = _page(client, "/returnees/", "ar")
    assert "2 عائدان" in arabic
    assert 'placeholder="الاسم أو الرقم المرجعي أو الهاتف"' in arabic
    assert "<td>أنثى</td>" in arabic


def test_returnee_record_tabs_and_labels_are_translated(client_for, case_manager, two_returnees):
    client = client_for(case_manager)
    url = f"/returnees/{two_returnees[0].pk}/"
    french = _page(client, url, "fr")
    assert 'href="?tab=household">Ménage</a>' in french
    assert 'href="?tab=referrals">Orientations</a>' in french
    assert '<dt class="col-sm-3">Nationalité</dt>' in french
    assert "Retour forcé ou expulsion" in french
    arabic = _page(client, url, "ar")
    assert 'href="?tab=household">الأسرة المعيشية</a>' in arabic
    assert '<dt class="col-sm-3">الجنسية</dt>' in arabic
    assert "العودة القسرية أو الترحيل" in arabic


def test_form_labels_and_messages_follow_the_language(client_for, case_manager, two_returnees):
    client = client_for(case_manager)
    form = _page(client, "/returnees/new/", "ar")
    # A model field's verbose name and a form's own label.
    assert "اسم العائلة" in form
    assert "مجتمع العودة المحلي" in form
    # Country names come from pycountry's translations of ISO 3166.
    assert '<option value="GIN">غينيا</option>' in form
    returnee = two_returnees[0]
    response = client.post(
        f"/returnees/{returnee.pk}/notes/new/", {"text": "Vu au marché"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 302
    page = _page(client, response.url, "fr")
    assert "Note ajoutée." in page


def test_import_errors_are_reported_in_french(client_for, case_manager):
    from reintegration.import_format import COLUMN_NAMES

    header = ",".join(COLUMN_NAMES)
    row = dict.fromkeys(COLUMN_NAMES, "")
    row.update(
        first_name="Awa",
        last_name="Bah",
        sex="female",
        estimated_age="30",
        nationality="GIN",
        community_pcode="NOWHERE",
        return_date="2024-13-01",
        return_kind="forced",
    )
    content = f"{header}\n{','.join(row[name] for name in COLUMN_NAMES)}\n".encode()
    upload = io.BytesIO(content)
    upload.name = "returnees.csv"
    client = client_for(case_manager)
    response = client.post("/returnees/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 class="h5" id="import-errors-heading">Rien n’a été importé</h2>' in page
    assert "2 erreurs dans 1 ligne." in page
    assert "Aucune communauté n’a le P-code &#x27;NOWHERE&#x27;." in page
    assert "&#x27;2024-13-01&#x27; n’est pas une date au format AAAA-MM-JJ." in page
    assert Returnee.objects.count() == 0


def test_referral_transition_error_is_translated(case_manager, two_returnees):
    referral = Referral.objects.filter(returnee=two_returnees[0]).get()
    referral.status = Referral.Status.COMPLETED
    referral.save(update_fields=["status"])
    from django.core.exceptions import ValidationError

    with translation.override("fr"), pytest.raises(ValidationError) as error:
        services.referral_transition(actor=case_manager, referral=referral, to_status="proposed")
    assert error.value.message_dict == {
        "status": [
            "Une orientation au statut « terminée » ne peut pas passer à « proposée » ; elle "
            "peut passer à : aucun autre statut."
        ]
    }


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_string_of_the_registry_is_translated(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    ours = [
        entry
        for entry in catalogue
        if any(place.startswith(SLICE) for place, _line in entry.occurrences)
    ]
    assert len(ours) > 400
    untranslated = [e.msgid for e in ours if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []
    if language == "ar":
        plural = next(e for e in ours if e.msgid == "%(counter)s returnee")
        assert sorted(plural.msgstr_plural) == [0, 1, 2, 3, 4, 5]
