"""Schemathesis hooks for the Tongban gateway (pkg-scripts/lib/schemathesis.sh sets
SCHEMATHESIS_HOOKS to this module): how a generated request authenticates, and how a PDF
upload is put on the wire.

Citizen operations get a session of a dev user (POST /session/dev-ticket, then POST
/session, once per run; POST /session/logout a fresh one each time, since it ends it); operator operations get the operator token the gateway printed
(TONGBAN_ST_OPERATOR_TOKEN). The gateway runs with --dev on a fresh database: nothing here
touches real data.
"""

import json
import os
import urllib.request

import schemathesis

BASE = os.environ["TONGBAN_ST_BASE"]  # e.g. http://127.0.0.1:41234/api/v1
OPERATOR_TOKEN = os.environ["TONGBAN_ST_OPERATOR_TOKEN"]


def _post(path, body):
    req = urllib.request.Request(
        BASE + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.load(res)


@schemathesis.auth()
class TongbanAuth:
    """The operator token for /operator/… and the printed receipt, a citizen's session for
    everything else."""

    def __init__(self):
        self.session = None

    def get(self, case, ctx):
        path = ctx.operation.path
        # The printed 受理回执 is a clerk's page, though not under /operator/.
        if path.startswith("/operator/") or (path.startswith("/receipt/") and path.endswith("/print")):
            return OPERATOR_TOKEN
        if path == "/session/logout":
            # Logout ends the session it is sent with: never the one the other calls share.
            return self._new_session()
        if self.session is None:
            self.session = self._new_session()
        return self.session

    @staticmethod
    def _new_session():
        ticket = _post("/session/dev-ticket", {"shell": "browser"})["ticket"]
        return _post("/session", {"ticket": ticket})["token"]

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


# The smallest file that starts like a PDF; schemathesis ships samples for images only.
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@schemathesis.serializer("application/pdf")
def pdf(ctx, value):
    return {"data": value if isinstance(value, bytes) else PDF}
