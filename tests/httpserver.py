"""A local HTTP server in a thread for tests that play another system (an LRS, an LTI
platform): real HTTP on 127.0.0.1, a free port, JSON answers."""

import json
import threading
from abc import ABC, abstractmethod
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status: int, body=None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class LocalServer(ABC):
    """Subclasses set ``self.port`` (0: any free port) and give ``_handler()``."""

    port = 0
    _server: ThreadingHTTPServer | None = None

    @abstractmethod
    def _handler(self) -> type[JsonHandler]:
        """The request handler class, bound to this server's state."""

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
