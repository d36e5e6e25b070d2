"""Named enums in the OpenAPI schema of the assessments API (config.api_fields)."""

from assessments.models import CommunityScore
from config.api_fields import NamedChoiceField


def band_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="SuitabilityBandEnum", choices=CommunityScore.Band.choices, **kwargs
    )
