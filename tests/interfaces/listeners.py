"""Real receivers on real TCP ports: an HL7 interface engine speaking MLLP,
and an HTTP server verifying Standard Webhooks signatures."""

import json
import socket
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Message
from hl7apy.parser import parse_message
from standardwebhooks import Webhook

from interfaces.mllp import END, START


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    control_id: str
    trigger: str
    appointment: str  # SCH-2.1, the booking's public id
    message: object  # the hl7apy message, validated

    @property
    def pid(self):
        return self.message.siu_s12_patient.pid


def ack(control_id: str, code: str, text: str = "") -> bytes:
    message = Message("ACK", version="2.5")
    message.msh.msh_3 = "GAM"
    message.msh.msh_9 = "ACK^S12^ACK"
    message.msh.msh_10 = f"ACK{control_id}"
    message.msh.msh_11 = "P"
    message.msh.msh_12 = "2.5"
    message.msa.msa_1 = code
    message.msa.msa_2 = control_id
    if text:
        message.msa.msa_3 = text
    return message.to_er7().encode()


class MllpListener:
    """Receives SIU messages, parses and validates each with hl7apy (strict),
    and answers with `answer(received) -> "AA" | "AE" | "AR" | None` (None:
    no answer, the connection held open until the sender gives up)."""

    def __init__(self, answer: Callable[[Received], str | None] = lambda r: "AA", port: int = 0):
        self.received: list[Received] = []
        self.answer = answer
        listener = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                data = b""
                while END not in data:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                raw = data[data.index(START) + 1 : data.index(END)].decode()
                message = parse_message(raw, validation_level=VALIDATION_LEVEL.STRICT)
                message.validate()
                got = Received(
                    control_id=message.msh.msh_10.value,
                    trigger=message.msh.msh_9.msh_9_2.value,
                    appointment=message.sch.sch_2.sch_2_1.value,
                    message=message,
                )
                listener.received.append(got)
                code = listener.answer(got)
                if code is None:
                    listener.stalled.wait(30)
                    return
                self.request.sendall(START + ack(got.control_id, code, "refused") + END)

        self.stalled = threading.Event()
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> "MllpListener":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stalled.set()
        self.server.shutdown()
        self.server.server_close()

    def seen(self) -> list[tuple[str, str]]:
        return [(r.trigger, r.appointment) for r in self.received]


class WebhookReceiver:
    """An HTTP server that verifies each POST's Standard Webhooks signature
    with the library's own `Webhook.verify`, and answers `status`."""

    def __init__(self, secret: str, status: int = 204):
        self.accepted: list[tuple[str, dict]] = []
        self.refused: list[str] = []
        self.status = status
        receiver, verifier = self, Webhook(secret)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    payload = verifier.verify(body, dict(self.headers))
                except Exception as error:
                    receiver.refused.append(repr(error))
                    self.send_response(401)
                else:
                    receiver.accepted.append((self.headers["webhook-id"], payload))
                    self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/rdv"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "WebhookReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def types(self) -> list[tuple[str, str]]:
        return [(p["type"], p["data"]["id"]) for _id, p in self.accepted]


def dumps(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True)
