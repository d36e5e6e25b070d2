"""The community pages and messages in French and Arabic (issue 11, "Languages"): the
interface strings of this app are marked and translated; English stays the default. The
indicators' texts are data, translated elsewhere, and are not asserted here."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from communities.models import Community
from communities.tests.factories import CommunityFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
SLICE = ("communities/", "templates/communities/")


def _page(client, url, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_community_list_in_english_french_and_arabic(client_for, case_manager):
    CommunityFactory(name="Kaloum", area_type=Community.AreaType.URBAN)
    CommunityFactory(name="Dubréka", area_type=Community.AreaType.RURAL)
    client = client_for(case_manager)
    english = _page(client, "/communities/")
    assert "2 communities" in english
    assert '<th scope="col">Admin areas</th>' in english

    french = _page(client, "/communities/", "fr")
    assert "<title>Communautés" in french
    assert '<h1 class="h3 mb-0">Communautés</h1>' in french
    assert "2 communautés" in french
    assert '<th scope="col">Zones administratives</th>' in french
    assert "<td>Urbaine</td>" in french and "<td>Rurale</td>" in french
    assert '<span class="text-body-secondary">Aucun profil pour l’instant</span>' in french
    assert 'aria-label="Filtrer les communautés"' in french
    assert ">Importer / exporter</button>" in french

    arabic = _page(client, "/communities/", "ar")
    assert '<h1 class="h3 mb-0">المجتمعات المحلية</h1>' in arabic
    # Arabic's dual form for two communities.
    assert "2 مجتمعان محليان" in arabic
    assert '<th scope="col">المناطق الإدارية</th>' in arabic
    assert "<td>حضرية</td>" in arabic and "<td>ريفية</td>" in arabic


def test_community_tabs_and_stakeholders_in_french_and_arabic(client_for, case_manager):
    community = CommunityFactory(population_estimate=12000)
    StakeholderFactory(community=community, kind="religious_leader", is_civil_society=True)
    client = client_for(case_manager)
    url = f"/communities/{community.pk}/?tab=stakeholders"
    french = _page(client, url, "fr")
    assert "environ 12000 personnes" in french
    assert "Opportunités de subsistance" in french
    assert "<td>Chef religieux</td>" in french
    assert '<th scope="col">Rôle dans la réintégration</th>' in french
    assert "<td>Oui</td>" in french
    arabic = _page(client, url, "ar")
    assert "فرص كسب العيش" in arabic
    assert "<td>زعيم ديني</td>" in arabic
    assert "<td>نعم</td>" in arabic


def test_validation_messages_follow_the_language():
    community = Community(name="X", country="ZZZ", admin1="A", area_type=Community.AreaType.RURAL)
    for language, message in [
        ("en", "'ZZZ' is not an ISO 3166-1 alpha-3 country code."),
        ("fr", "'ZZZ' n’est pas un code de pays ISO 3166-1 alpha-3."),
        ("ar", "'ZZZ' ليس رمز بلد وفق ISO 3166-1 alpha-3."),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as error:
            community.clean()
        assert error.value.message_dict == {"country": [message]}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_string_of_the_communities_app_is_translated(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    ours = [
        entry
        for entry in catalogue
        if any(place.startswith(SLICE) for place, _line in entry.occurrences)
    ]
    assert len(ours) > 300
    assert [e.msgid for e in ours if not e.translated() or "fuzzy" in e.flags] == []
