"""Cart screen: what the user sees and taps."""


class CartScreen:
    def __init__(self, cart, navigator, analytics):
        self.cart = cart
        self.navigator = navigator
        self.analytics = analytics

    def on_tap(self, element_id):
        if element_id == "checkout_button":
            if not self.cart.items:
                self.show_toast("Your cart is empty")
            else:
                self.analytics.track("checkout_started", items=len(self.cart.items))
                self.navigator.go("Checkout")
        elif element_id.startswith("remove_"):
            self.cart.remove(element_id[len("remove_"):])
        elif element_id == "back":
            self.navigator.back()

    def render_rows(self):
        return [
            {"title": item.name, "subtitle": f"{item.quantity} x {item.price}",
             "badge": "low stock" if item.stock is not None and item.stock < 3 else None}
            for item in self.cart.items
        ]

    def show_toast(self, text):
        self.navigator.toast(text)
