"""Serializer fields shared by the apps' REST APIs.

Layer 0 (DESIGN.md): this module imports no app.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A read-only choice field documented as the schema component ``enum_name``.

    Left to drf-spectacular, an enum is named after its field (or by a hash), and it warns,
    failing the schema tests, when one choice set goes by several names or one name covers
    several sets: a stakeholder's influence, an opportunity's growth potential and a returnee
    need's priority are all low/medium/high; a returnee's case status and a referral's status
    are both ``status``. Naming the component settles it and keeps generic names free.
    """

    def __init__(self, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(read_only=True, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = build_choice_field(serializers.ChoiceField(choices=field.choices))
        schema.pop("x-spec-enum-id", None)
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            schema=schema,
            object=field.enum_name,
        )
        auto_schema.registry.register_on_missing(component)
        if field.allow_blank:
            return {"oneOf": [component.ref, {"type": "string", "enum": [""]}]}
        return component.ref
