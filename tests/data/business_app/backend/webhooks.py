"""Payment webhooks (Stripe) for the mock backend."""

import hmac
import logging
from hashlib import sha256

import stripe
from flask import Blueprint, abort, request

log = logging.getLogger(__name__)
hooks = Blueprint("hooks", __name__)

SIGNATURE_TOLERANCE_SECONDS = 300
MAX_PAYLOAD_BYTES = 65536


def verify_signature(payload: bytes, header: str, secret: str) -> bool:
    if header is None or not header.startswith("t="):
        return False
    expected = hmac.new(secret.encode(), payload, sha256).hexdigest()
    return hmac.compare_digest(expected, header.split("v1=")[-1])


@hooks.route("/webhooks/stripe", methods=["POST"])
def stripe_webhook():
    payload = request.get_data()
    if len(payload) > MAX_PAYLOAD_BYTES:
        abort(413)
    if not verify_signature(payload, request.headers.get("Stripe-Signature"), "whsec"):
        abort(401)
    event = request.get_json()
    kind = event.get("type")
    if kind == "payment_intent.succeeded":
        mark_paid(event["data"]["object"]["id"])
    elif kind == "payment_intent.payment_failed":
        log.warning("payment failed: %s", event["data"]["object"].get("last_payment_error"))
    return "", 200


def create_intent(amount_cents: int, currency: str = "eur"):
    if amount_cents < 50:
        raise ValueError("Stripe's minimum charge is 0.50")
    try:
        return stripe.PaymentIntent.create(amount=amount_cents, currency=currency)
    except stripe.error.CardError as exc:
        log.info("card declined: %s", exc.user_message)
        return None


def mark_paid(intent_id: str) -> None:
    log.info("paid %s", intent_id)

# "stripe.PaymentIntent.create(" in this comment is not a call; abort(500) neither.
