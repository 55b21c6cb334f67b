"""Login and session handling."""
import re
import time

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
MIN_PASSWORD = 8
MAX_ATTEMPTS = 5


def validate_credentials(email, password):
    if not email or not EMAIL.match(email):
        return "invalid email"
    if len(password) < MIN_PASSWORD:
        return f"password needs {MIN_PASSWORD} characters"
    if password.isdigit() or password.isalpha():
        return "password needs letters and digits"
    return None


class Session:
    def __init__(self, api, clock=time.monotonic):
        self.api = api
        self.clock = clock
        self.token = None
        self.expires_at = 0.0
        self.failures = 0

    def login(self, email, password):
        problem = validate_credentials(email, password)
        if problem:
            raise ValueError(problem)
        if self.failures >= MAX_ATTEMPTS:
            raise PermissionError("account locked")
        response = self.api.post("/auth/login", json={"email": email, "password": password})
        match response.status:
            case 200:
                self.failures = 0
                self.token = response.json["token"]
                self.expires_at = self.clock() + response.json.get("ttl", 3600)
            case 401 | 403:
                self.failures += 1
                raise PermissionError("wrong email or password")
            case _:
                raise RuntimeError(f"login failed: {response.status}")
        return self.token

    @property
    def active(self):
        return self.token is not None and self.clock() < self.expires_at
