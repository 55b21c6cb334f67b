"""Checkout rules: totals, discounts, payment validation."""
from decimal import Decimal

MAX_ITEMS = 50
FREE_SHIPPING_FROM = Decimal("49.00")


class CheckoutError(Exception):
    pass


class Checkout:
    def __init__(self, cart, user, payment_gateway):
        self.cart = cart
        self.user = user
        self.gateway = payment_gateway

    def total(self):
        subtotal = sum(item.price * item.quantity for item in self.cart.items)
        if subtotal >= FREE_SHIPPING_FROM or self.user.is_premium:
            shipping = Decimal("0")
        elif self.cart.express:
            shipping = Decimal("9.90")
        else:
            shipping = Decimal("4.90")
        return subtotal - self.discount(subtotal) + shipping

    def discount(self, subtotal):
        code = self.cart.coupon
        if not code:
            return Decimal("0")
        if code.expired or (code.min_total and subtotal < code.min_total):
            raise CheckoutError("coupon not applicable")
        if code.percent:
            return (subtotal * code.percent / 100).quantize(Decimal("0.01"))
        return min(code.amount, subtotal)

    def validate(self):
        errors = []
        if not self.cart.items:
            errors.append("empty cart")
        elif len(self.cart.items) > MAX_ITEMS:
            errors.append(f"at most {MAX_ITEMS} items")
        for item in self.cart.items:
            if item.quantity <= 0:
                errors.append(f"bad quantity for {item.sku}")
            elif item.stock is not None and item.quantity > item.stock:
                errors.append(f"only {item.stock} of {item.sku} left")
        if self.user.address is None and any(i.physical for i in self.cart.items):
            errors.append("shipping address required")
        return errors

    def pay(self, card, retries=2):
        problems = self.validate()
        if problems:
            raise CheckoutError("; ".join(problems))
        amount = self.total()
        for attempt in range(retries + 1):
            try:
                receipt = self.gateway.charge(card, amount, idempotency_key=self.cart.id)
            except TimeoutError:
                if attempt == retries:
                    raise
                continue
            except self.gateway.Declined as exc:
                if exc.code in ("insufficient_funds", "card_expired"):
                    raise CheckoutError(exc.code) from exc
                raise
            else:
                return receipt
        return None
