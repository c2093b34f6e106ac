"""Real servers on loopback for the gateways to talk to: an SMTP sink and an SMS endpoint."""

from __future__ import annotations

import base64
import json
import socketserver
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """One e-mail as the SMTP sink saw it."""

    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class SmtpState:
    user: str = "ujuzi"
    password: str = "s3cret"
    refused_recipients: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Enough of RFC 5321 for smtplib: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, QUIT."""

    server: _SmtpServer

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        state = self.server.state
        sender, recipients = "", []
        self.reply("220 sink.test ESMTP")
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            state.commands.append(verb)
            if verb in {"EHLO", "HELO"}:
                self.reply("250-sink.test")
                self.reply("250 AUTH PLAIN")
            elif verb == "AUTH":
                _, _, answer = line.split(" ", 2)
                _, user, password = base64.b64decode(answer).decode().split("\0")
                state.logins.append((user, password))
                if (user, password) == (state.user, state.password):
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Authentication credentials invalid")
            elif verb == "MAIL":
                sender, recipients = line.split(":", 1)[1].strip(" <>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipient = line.split(":", 1)[1].strip(" <>")
                if recipient in state.refused_recipients:
                    self.reply(f"550 5.1.1 <{recipient}>: mailbox unavailable")
                else:
                    recipients.append(recipient)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (chunk := self.rfile.readline()) not in {b".\r\n", b""}:
                    lines.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                state.received.append(Received(sender, recipients, b"".join(lines)))
                self.reply("250 OK queued")
            elif verb in {"RSET", "NOOP"}:
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, state: SmtpState) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.state = state


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps what it is sent."""

    def __init__(self) -> None:
        self.state = SmtpState()
        self._server = _SmtpServer(self.state)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    def __enter__(self) -> SmtpSink:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class SmsState:
    token: str = "good-token"
    status: int = 202
    delay: float = 0.0
    location: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


class _SmsHandler(BaseHTTPRequestHandler):
    server: _SmsServer

    def log_message(self, *_: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        state = self.server.state
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        state.requests.append(
            {
                "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "content_type": self.headers.get("Content-Type"),
                "json": json.loads(body),
            }
        )
        if state.delay:
            state.stop.wait(state.delay)
        if self.headers.get("Authorization") != f"Bearer {state.token}":
            status = 401
        else:
            status = state.status
        self.send_response(status)
        if state.location:
            self.send_header("Location", state.location)
        payload = json.dumps({"status": status}).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _SmsServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, state: SmsState) -> None:
        super().__init__(("127.0.0.1", 0), _SmsHandler)
        self.state = state


class SmsEndpoint:
    """An HTTP SMS gateway on 127.0.0.1 that records each POST and answers as told."""

    def __init__(self) -> None:
        self.state = SmsState()
        self._server = _SmsServer(self.state)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/send"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    def __enter__(self) -> SmsEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.state.stop.set()
        self._server.shutdown()
        self._server.server_close()
