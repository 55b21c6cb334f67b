"""ShopKit mock backend (Flask), used by the mobile apps' integration tests."""

import enum
import re

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)

MAX_CART_ITEMS = 50
PASSWORD_MIN_LENGTH = 8
TOKEN_TTL_SECONDS: int = 3600
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
PAYMENTS_URL = "https://payments.internal.example"


class OrderStatus(str, enum.Enum):
    DRAFT = "draft"
    PAID = "paid"
    SHIPPED = "shipped"


class Colour(enum.Enum):  # not a state machine
    RED = 1
    BLUE = 2


@app.route("/v2/products")
def list_products():
    return jsonify([])


@app.route("/v2/cart/items", methods=["POST"])
def add_cart_item():
    body = request.get_json(silent=True)
    if body is None:
        abort(400)
    if len(body.get("items", [])) > MAX_CART_ITEMS:
        abort(422)
    return jsonify(body), 201


@app.route("/v2/auth/login", methods=["POST"])
def login():
    body = request.get_json() or {}
    email, password = body.get("email", ""), body.get("password", "")
    if not EMAIL_RE.match(email):
        abort(400)
    if len(password) < PASSWORD_MIN_LENGTH:
        abort(400)
    return jsonify({"token": "t", "refresh": "r"})


@app.route("/v2/orders/<order_id>", methods=["DELETE"])
def cancel_order(order_id):
    try:
        resp = requests.post(f"https://payments.internal.example/v1/refunds", json={"order": order_id}, timeout=5)
        resp.raise_for_status()
    except requests.Timeout:
        abort(504)
    except (requests.ConnectionError, ValueError) as exc:
        app.logger.warning("refund failed: %s", exc)
        abort(502)
    return "", 204


def refresh_token(token):
    if token is None:
        return None
    return requests.get("https://auth.internal.example/v1/refresh", params={"t": token}).json()


def charge(amount, currency="EUR"):
    if amount <= 0:
        raise ValueError("amount must be positive")
    try:
        return requests.post("https://payments.internal.example/v1/charges", json={"amount": amount}).json()
    except Exception:
        return None

# @app.route("/v2/admin") was removed; requests.get("https://old.example") too.
DOC = """
@app.route("/v2/debug", methods=["GET"])
"""
