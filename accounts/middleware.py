"""The per-request API access log (issue 8: "each request is logged (who, what, when)")."""

from accounts.audit import api_request_record
from accounts.client_ip import client_ip
from accounts.models import ApiToken


class ApiAccessLogMiddleware:
    """After the response, log a request that authenticated with an API token: the token,
    its user, the method, the path with its query, the status and the address.

    Django REST framework puts the token on the request as ``request.auth`` when it
    authenticates, so browser (session) requests and refused tokens are not logged here:
    a refused key names nobody, and the browser's reads of sensitive fields have their own
    access-log entries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            api_request_record(
                token=token,
                method=request.method,
                path=request.get_full_path(),
                status_code=response.status_code,
                ip_address=client_ip(request),
            )
        return response
