"""One JSON shape for every error of the REST API, and its description in the OpenAPI schema.

Every error answers ``{"status": 404, "code": "not_found", "detail": "...", "errors": {...}}``:
``status`` repeats the HTTP status, ``code`` is a stable machine-readable word, ``detail`` a
sentence for people, and ``errors`` (on 400 only) names each field or query parameter with
its messages, ``non_field_errors`` for the request as a whole. A partner's client parses one
shape, whatever failed (docs/partner-guide.md).

Layer 0 (DESIGN.md): this module imports no app.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.views import exception_handler as drf_exception_handler

# The code of an error whose exception names none (Django's Http404 and PermissionDenied,
# which DRF turns into responses without keeping a code).
STATUS_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    415: "unsupported_media_type",
    429: "throttled",
}
VALIDATION_DETAIL = _("The request has invalid values: see errors.")


def _messages(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if isinstance(value, dict):
        return [f"{key}: {'; '.join(_messages(item))}" for key, item in value.items()]
    return [str(value)]


def error_body(status: int, *, code: str = "", detail: str = "", errors: dict | None = None):
    body = {"status": status, "code": code or STATUS_CODES.get(status, "error"), "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def exception_handler(exc, context):
    """DRF's handler (which sets Retry-After on 429 and WWW-Authenticate on 401), with the
    body rewritten into the one error shape."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handling applies
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict):
            errors = {str(field): _messages(messages) for field, messages in data.items()}
        else:
            errors = {"non_field_errors": _messages(data)}
        response.data = error_body(
            response.status_code, code="invalid", detail=VALIDATION_DETAIL, errors=errors
        )
        return response
    code = ""
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else ""
    detail = data.get("detail", "") if isinstance(data, dict) else " ".join(_messages(data))
    response.data = error_body(response.status_code, code=code, detail=str(detail))
    return response


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
def api_not_found(request, *args, **kwargs):
    """An address under /api/v1/ that names no endpoint: the error shape, not an HTML page,
    after authentication like any endpoint (so an anonymous caller learns nothing)."""
    raise exceptions.NotFound(
        _("No endpoint at %(path)s. See /api/schema/.") % {"path": request.path}
    )


# --- OpenAPI ---------------------------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API has this shape.",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "code": {
            "type": "string",
            "description": "A stable machine-readable code: invalid, not_authenticated, "
            "authentication_failed, permission_denied, not_found, method_not_allowed, "
            "throttled, ...",
        },
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "errors": {
            "type": "object",
            "description": "On 400: each invalid field or query parameter with its messages; "
            "non_field_errors for the request as a whole.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["status", "code", "detail"],
}
_REF = {"$ref": "#/components/schemas/Error"}
ERROR_RESPONSES = {
    "400": "Invalid query parameter or body (see errors).",
    "401": "No token, or an invalid, expired or revoked one.",
    "403": "Authenticated, but this user or token may not do this.",
    "404": "No such record, or not one this user may see.",
    "429": "Too many requests for this token: wait the seconds of the Retry-After header.",
}


def _error_response(status: str) -> dict:
    response = {
        "description": ERROR_RESPONSES[status],
        "content": {"application/json": {"schema": _REF}},
    }
    if status == "429":
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before the next request.",
                "schema": {"type": "integer"},
            }
        }
    return response


def document_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: the Error component, and on every operation
    the errors it can answer (400 only where it takes parameters or a body, 404 only where
    the path names a record)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            statuses = ["401", "403", "429"]
            if operation.get("parameters") or operation.get("requestBody"):
                statuses.append("400")
            if "{" in path:
                statuses.append("404")
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses.setdefault(status, _error_response(status))
    return result
