"""A small REST client with retries and offline queueing."""
import json


class ApiClient:
    def __init__(self, transport, base_url, session=None):
        self.transport = transport
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.offline_queue = []

    def _headers(self):
        headers = {"Accept": "application/json"}
        if self.session and self.session.active:
            headers["Authorization"] = f"Bearer {self.session.token}"
        return headers

    def request(self, method, path, body=None, retries=3):
        url = f"{self.base_url}/{path.lstrip('/')}"
        for attempt in range(retries):
            try:
                status, payload = self.transport.send(method, url, self._headers(),
                                                      json.dumps(body) if body is not None else None)
            except ConnectionError:
                if method in ("POST", "PUT") and attempt == retries - 1:
                    self.offline_queue.append((method, path, body))
                    return None
                continue
            if 500 <= status < 600 and attempt < retries - 1:
                continue
            return status, json.loads(payload) if payload else None
        return None

    def flush_offline(self):
        sent = [item for item in self.offline_queue if self.request(*item) is not None]
        self.offline_queue = [item for item in self.offline_queue if item not in sent]
        return len(sent)
