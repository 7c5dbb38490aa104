from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL_REFUSED = (
    "The address contains a NUL character, which is not allowed. "
    "Check the link or the request and try again."
)

CHECKS_ITS_OWN_PARAMETERS = ("/openreferral/",)


class RefuseNulInAddressMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL character.

    No text column of PostgreSQL and no JSON it stores may hold NUL: left to go on, such a
    value crashes the first query or audit event that carries it. No real link has one.
    The Open Referral feed checks each of its parameters itself and answers in the profile's
    own error shape, naming the parameter, so it is left to do so.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(CHECKS_ITS_OWN_PARAMETERS):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(query):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_REFUSED}, status=400)
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
