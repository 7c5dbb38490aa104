"""A local stand-in for GOV.UK Notify's API, for tests: it checks each request's JSON Web Token
as Notify does (HS256 signed with the API key's secret, `iss` the service id, `iat` within 30
seconds) and answers with Notify's JSON shapes, 201 or the error it is told to give next."""

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"kentsend_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"

# Notify's error answers (docs.notifications.service.gov.uk/rest-api.html#error-codes).
ERRORS = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
}


def error_body(status: int) -> dict[str, Any]:
    error, message = ERRORS[status]
    return {"errors": [{"error": error, "message": message}], "status_code": status}


@dataclass
class NotifyStandIn:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    # Statuses to answer with, one per request, before answering 201 again.
    fail_next: list[int] = field(default_factory=list)


def _token_problem(header: str) -> str | None:
    if not header.startswith("Bearer "):
        return "Unauthorized: authentication token must be provided"
    token = header.removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, key=SECRET, algorithms=["HS256"], options={"verify_iat": False})
    except jwt.InvalidTokenError:
        return "Invalid token: signature, api token not found"
    if claims.get("iss") != SERVICE_ID:
        return "Invalid token: service not found"
    if abs(time.time() - int(claims.get("iat", 0))) > 30:
        return "Error: Your system clock must be accurate to within 30 seconds"
    return None


@contextmanager
def notify_stand_in() -> Iterator[NotifyStandIn]:
    stand_in = NotifyStandIn(url="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            payload = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v2/notifications/email":
                self._answer(404, {"result": "error", "message": "Not Found"})
                return
            problem = _token_problem(self.headers.get("Authorization", ""))
            if problem:
                body = {"errors": [{"error": "AuthError", "message": problem}], "status_code": 403}
                self._answer(403, body)
                return
            stand_in.requests.append(payload)
            if stand_in.fail_next:
                status = stand_in.fail_next.pop(0)
                self._answer(status, error_body(status))
                return
            notification_id = str(uuid.uuid4())
            personalisation = payload.get("personalisation", {})
            self._answer(
                201,
                {
                    "id": notification_id,
                    "reference": payload.get("reference"),
                    "content": {
                        "subject": personalisation.get("subject", ""),
                        "body": personalisation.get("body", ""),
                        "from_email": "manage.ehcp.reviews@notifications.service.gov.uk",
                        "one_click_unsubscribe_url": None,
                    },
                    "uri": f"{stand_in.url}/v2/notifications/{notification_id}",
                    "template": {
                        "id": payload["template_id"],
                        "version": 1,
                        "uri": f"{stand_in.url}/services/{SERVICE_ID}/templates/{payload['template_id']}",
                    },
                },
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
