"""Seeded simulator of recorded mobile sessions with known ground truth (issue 4, proof 1).

    from sim_session import simulate
    s = simulate(seed=0, scenario="default", n_actions=200)
    s.ui_events, s.api_events, s.navigation_events      # lists of dicts, docs/correlation.md 1
    s.truth.ui_to_api      # API call eventId -> the UI eventId that caused it, or None
    s.truth.api_to_nav     # navigation eventId -> the API call eventId that led to it, or None

    python bench/sim_session.py [--seed 0] [--scenario busy] [-n 200]    # the session as JSON

Same seed, scenario and overrides: the same session, byte for byte (every random draw comes
from ``random.Random`` instances seeded with strings, never from global state or hashing).

The app
-------
A shop app with seven screens: Login, Home, Search, Product, Cart, Checkout, Profile. ``APP``
below lists, per screen, the user's possible actions ("macros": one or more UI steps) with a
weight; the user picks one at random among those whose precondition holds (``back`` needs a
screen to go back to, ``cart`` a non-empty cart, ``results`` a result list, ``order`` a placed
order). The session starts on Login and ends after the macro that brings the number of UI
events to ``n_actions``. Highlights:

- log in: tap the username field, type the name, tap the password field, type it (recorded
  masked), tap "Log in" -> POST /v1/auth/login (10% answer 401 and the user tries again),
  then GET /v1/me and GET /v1/home/feed in parallel, then navigation to Home;
- typing always ends in a submit tap (search, promo code, display name); the typed value
  appears in the URL query (URL-encoded, ``+`` for spaces) or the JSON body of the submit's
  first call (``Truth.typed`` names that call);
- taps trigger 0..3 calls: parallel groups (product page: product + reviews; checkout:
  summary + payment methods) and chains (add to cart: POST then GET /v1/cart; place order:
  POST /v1/orders then GET /v1/orders/{id});
- scrolls fetch the next page with probability 0.4 (home feed) or 0.5 (results); gallery
  swipes and focus taps trigger nothing;
- tab taps and back taps navigate at once (10-120 ms after the tap, uniform): those
  navigations are caused by the UI, not by a response, so their truth is None; the calls a
  tab tap triggers carry the new screen when they start after the navigation;
- other navigations follow the response of the action's last call group, 10-400 ms after the
  last of its responses (log-normal, median 60 ms); their truth is that call. An error status
  (4xx/5xx) stops the chain and cancels the navigation.

Distributions (``Params``; a scenario changes some, ``simulate(**overrides)`` any)
------------------------------------------------------------------------------------
- Gap between two UI steps: log-normal, median ``gap_median_ms`` (2200 ms), sigma
  ``gap_sigma`` (0.55), clipped to [``gap_min_ms``, ``gap_max_ms``] = [250 ms, 30 s]; with
  ``wait_for_screen`` the gap counts from when the screen is ready (the last response of the
  previous step, or its navigation), else from the previous step.
- Typing: the input event is recorded when typing ends, ``len(text)`` x uniform(120, 260) ms
  (``typing_ms_per_char``) after the focus tap.
- Tap -> first request start: log-normal, median 40 ms, sigma 0.9, clipped to [5, 300] ms.
  Parallel siblings start 0.5-15 ms after the first; a chained group starts 1-15 ms after the
  last response of the previous group.
- Response time (``duration``): log-normal, median 220 ms, sigma 0.7, clipped to [50, 1500] ms.
- Status: 200 (201 for creations, 204 for DELETE and analytics); ``p_error`` (3%) of calls fail
  with 400/404/409/500/502/503; login 401 with probability 0.1; promo codes 422 with 0.3.
- Thread: UI and navigation events are on ``main``. A caused call is recorded on the thread
  of its action (``main``) with probability ``p_same_thread`` (0.85; 0.5 for chained calls,
  which run from a callback) and on ``OkHttp Dispatcher-k`` otherwise.
- Screen: a call carries the screen its action was on (see tab taps above).
- Correlation id: with probability ``p_correlation_id`` (0.3) a UI event carries a
  ``correlationId`` and so do the calls it causes (also as the ``X-Observe-Correlation-ID``
  request header). Every other call gets its own id (the SDK's request id, also in the header)
  that matches no UI event. ``correlation_ids=False`` leaves out both.
- Recording: with probability ``p_split`` (0.5) a call is two events, the request (no
  ``statusCode``, no ``duration``) at its start and the response (``statusCode`` and
  ``duration``, a new eventId, the same correlationId, method and URL) at its end; otherwise
  one event at its start with ``statusCode`` and ``duration``. The call's eventId (the key of
  ``Truth.ui_to_api``) is the request's; ``Truth.response_of`` maps each response id to it.
- Background (truth None): a poll, GET /v1/notifications/unread-count on
  ``DefaultDispatcher-worker-1``, first at 2-10 s, then every ``poll_period_ms`` (10 s) times
  (1 + N(0, 1%)) clipped to +-3%; analytics at exponential intervals (mean
  ``analytics_mean_gap_ms``, 7 s): POST https://www.google-analytics.com/collect (form body,
  ``GAThread``) or POST https://events.shopapp.example/v1/track (JSON, ``analytics-uploader``),
  response log-normal median 80 ms. Both carry the screen shown at their start.
- Stream order (default): recording order. UI and navigation events are recorded when they
  happen; a request event when it is sent; a response event, and a single-event call, when the
  response arrives. So ``api_events`` is not sorted by ``timestamp``.
- Ids: ``u-``, ``a-``, ``n-`` + 10 hex digits; correlation ids are UUID-shaped. Timestamps are
  epoch milliseconds (floats, 3 decimals) from 2024-11-25 10:00 UTC.

Scenarios
---------
- ``default``: the above.
- ``no-ids``: no ``correlationId`` field and no correlation header anywhere (an SDK without
  propagation, or traffic from a proxy); request and response events of a split call share
  only method and URL.
- ``busy``: fast tapping: gaps log-normal median 520 ms, sigma 0.3, clipped to [300, 800] ms,
  the user does not wait for screens, types at 50-110 ms a character; calls of consecutive
  actions overlap and navigations can land after the next tap.
- ``jitter``: the three recorders' clocks disagree: each stream's timestamps are shifted by
  its own offset, uniform in [-40, +40] ms (``clock_offset_ms``), plus per-event noise N(0, 5
  ms) clipped to +-15 ms (``clock_noise_ms``). Durations are measured on one clock, unchanged.
- ``messy``: out-of-order delivery (each event arrives after an exponential delay, mean 400 ms,
  and 5% after a further 2-20 s, uniform, as when an upload batch is retried; streams are in
  arrival order), 2% of events sent twice (an identical copy, same eventId,
  arriving 1-15 s later), 3% of events missing one optional field (UI: threadId, screen,
  elementType, elementText; API: threadId, screen, endpoint, requestHeaders, duration;
  navigation: navType, fromScreen, threadId). Ids, timestamps, methods, URLs, bodies, status
  codes and typed text are never removed: ground truth stays well defined.

The user's path and every id depend only on the seed (each aspect draws from its own random
stream), so e.g. ``simulate(3, "jitter")`` is ``simulate(3)`` with shifted clocks and
``simulate(3, "no-ids")`` is ``simulate(3)`` without correlation ids.
"""

from __future__ import annotations

import argparse
import bisect
import copy
import heapq
import json
import math
import random
import sys
from dataclasses import asdict, dataclass, field, replace
from typing import Dict, List, Optional, Tuple
from urllib.parse import unquote_plus, urlencode

BASE_URL = "https://api.shopapp.example"
SESSION_START_MS = 1_732_528_800_000.0          # 2024-11-25 10:00:00 UTC
SCREENS = ("Login", "Home", "Search", "Product", "Cart", "Checkout", "Profile")
CORRELATION_HEADER = "X-Observe-Correlation-ID"
COMMON_HEADERS = {"Accept": "application/json", "User-Agent": "ShopApp/4.2.0 (Android 14)"}


# ---- parameters and scenarios ------------------------------------------------------------------

@dataclass(frozen=True)
class Params:
    """Every distribution of the simulator (the module docstring explains each)."""

    gap_median_ms: float = 2200.0
    gap_sigma: float = 0.55
    gap_min_ms: float = 250.0
    gap_max_ms: float = 30000.0
    wait_for_screen: bool = True
    typing_ms_per_char: Tuple[float, float] = (120.0, 260.0)
    latency_median_ms: float = 40.0
    latency_sigma: float = 0.9
    latency_range_ms: Tuple[float, float] = (5.0, 300.0)
    duration_median_ms: float = 220.0
    duration_sigma: float = 0.7
    duration_range_ms: Tuple[float, float] = (50.0, 1500.0)
    sibling_offset_ms: Tuple[float, float] = (0.5, 15.0)
    chain_gap_ms: Tuple[float, float] = (1.0, 15.0)
    nav_delay_median_ms: float = 60.0
    nav_delay_sigma: float = 0.8
    nav_delay_range_ms: Tuple[float, float] = (10.0, 400.0)
    ui_nav_delay_ms: Tuple[float, float] = (10.0, 120.0)
    p_error: float = 0.03
    p_same_thread: float = 0.85
    p_same_thread_chained: float = 0.5
    p_correlation_id: float = 0.3
    correlation_ids: bool = True
    p_split: float = 0.5
    poll_period_ms: float = 10000.0
    poll_jitter: float = 0.01
    analytics_mean_gap_ms: float = 7000.0
    background_duration_median_ms: float = 80.0
    clock_offset_ms: float = 0.0
    clock_noise_ms: float = 0.0
    arrival_delay_ms: float = 0.0
    p_late: float = 0.0
    late_delay_ms: Tuple[float, float] = (2000.0, 20000.0)
    p_duplicate: float = 0.0
    p_missing_field: float = 0.0


SCENARIOS: Dict[str, Params] = {
    "default": Params(),
    "no-ids": Params(correlation_ids=False),
    "busy": Params(gap_median_ms=520.0, gap_sigma=0.3, gap_min_ms=300.0, gap_max_ms=800.0,
                   wait_for_screen=False, typing_ms_per_char=(50.0, 110.0)),
    "jitter": Params(clock_offset_ms=40.0, clock_noise_ms=5.0),
    "messy": Params(arrival_delay_ms=400.0, p_late=0.05, p_duplicate=0.02,
                    p_missing_field=0.03),
}

# Fields an event of each stream may lose in the messy scenario.
OPTIONAL_FIELDS = {
    "ui": ("threadId", "screen", "elementType", "elementText"),
    "api": ("threadId", "screen", "endpoint", "requestHeaders", "duration"),
    "nav": ("navType", "fromScreen", "threadId"),
}


# ---- the app model (data) ----------------------------------------------------------------------

@dataclass(frozen=True)
class CallTemplate:
    """An API call an action makes. ``path``, query and body values are ``str.format``
    templates over the session context (product, q, page, ...). A query of ``"@results"``
    repeats the current result list's query (a search or a category)."""

    method: str
    path: str
    query: Tuple[Tuple[str, str], ...] = ()
    body: Tuple[Tuple[str, str], ...] = ()
    p_fail: float = -1.0                # < 0: Params.p_error
    fail_status: Tuple[int, ...] = (400, 404, 409, 500, 502, 503)
    ok_status: int = 200


@dataclass(frozen=True)
class Step:
    """One UI event and what it sets off.

    calls: groups of calls; the calls of a group run in parallel, each group starts after the
    previous group's last response. nav: (when, navType, target) with when "response" (after
    the last group's responses) or "tap" (right after the tap); target None for "pop".
    draws: context values drawn before the calls ("product", "category", "page", "page+",
    "order", "item", "qty"). effects: context changes after a successful step ("cart+",
    "cart-", "cart0", "results", "order")."""

    action: str
    element_id: str
    element_text: Optional[str]
    element_type: str
    calls: Tuple[Tuple[CallTemplate, ...], ...] = ()
    p_calls: float = 1.0
    nav: Optional[Tuple[str, str, Optional[str]]] = None
    input: Optional[str] = None         # context key of the typed value (input steps)
    draws: Tuple[str, ...] = ()
    effects: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Macro:
    name: str
    weight: float
    steps: Tuple[Step, ...]
    needs: Tuple[str, ...] = ()


def _get(path, *query, **kw):
    return CallTemplate("GET", path, tuple(query), **kw)


def _typing(field_id, text, key, submit):
    """Focus tap, typed text, submit tap."""
    return (Step("tap", field_id, text, "text_field"),
            Step("input", field_id, text, "text_field", input=key), submit)


PRODUCT_PAGE = ((_get("/v1/products/{product}"),
                 _get("/v1/products/{product}/reviews", ("limit", "3"))),)
BACK = Macro("back", 1.0, (Step("tap", "back_button", "Back", "image_button",
                                nav=("tap", "pop", None)),), needs=("back",))


def _tab(name, screen, weight, call):
    return Macro(f"tab_{name}", weight, (Step("tap", f"tab_{name}", screen, "tab",
                                              calls=((call,),), nav=("tap", "tab", screen)),))


TAB_HOME = lambda w: _tab("home", "Home", w, _get("/v1/home/feed", ("page", "1")))  # noqa: E731
TAB_SEARCH = lambda w: _tab("search", "Search", w, _get("/v1/search/recent"))      # noqa: E731

APP: Dict[str, Tuple[Macro, ...]] = {
    "Login": (
        Macro("login", 1.0, (
            Step("tap", "username_field", "Username", "text_field"),
            Step("input", "username_field", "Username", "text_field", input="user"),
            Step("tap", "password_field", "Password", "text_field"),
            Step("input", "password_field", "Password", "text_field", input="password"),
            Step("tap", "login_button", "Log in", "button",
                 calls=((CallTemplate("POST", "/v1/auth/login", body=(
                     ("username", "{user}"), ("password", "[REDACTED]")),
                     p_fail=0.1, fail_status=(401,)),),
                     (_get("/v1/me"), _get("/v1/home/feed", ("page", "1")))),
                 nav=("response", "replace", "Home")))),
    ),
    "Home": (
        Macro("open_category", 3.0, (Step(
            "tap", "category_tile", "{category_title}", "list_item", draws=("category",),
            calls=((_get("/v1/products", ("category", "{category}"), ("page", "1")),),),
            nav=("response", "push", "Search"), effects=("results",)),)),
        Macro("open_product", 3.0, (Step(
            "tap", "product_card", "{product_name}", "list_item", draws=("product",),
            calls=PRODUCT_PAGE, nav=("response", "push", "Product")),)),
        Macro("scroll_feed", 2.0, (Step(
            "scroll", "home_feed", None, "list", p_calls=0.4, draws=("page+",),
            calls=((_get("/v1/home/feed", ("page", "{page}")),),)),)),
        Macro("refresh_feed", 0.5, (Step(
            "swipe", "home_feed", None, "list",
            calls=((_get("/v1/home/feed", ("page", "1")),),)),)),
        Macro("promo_banner", 0.7, (Step("tap", "promo_banner", "Free shipping over $50",
                                         "image"),)),
        TAB_SEARCH(1.5),
        _tab("cart", "Cart", 1.0, _get("/v1/cart")),
        _tab("profile", "Profile", 1.3, _get("/v1/me/orders", ("limit", "5"))),
    ),
    "Search": (
        Macro("search", 4.0, _typing("search_field", "Search products", "q", Step(
            "tap", "search_button", "Search", "button",
            calls=((_get("/v1/search", ("q", "{q}"), ("page", "1")),),),
            effects=("results",)))),
        Macro("open_result", 4.0, (Step(
            "tap", "result_item", "{product_name}", "list_item", draws=("product",),
            calls=PRODUCT_PAGE, nav=("response", "push", "Product")),), needs=("results",)),
        Macro("scroll_results", 2.0, (Step(
            "scroll", "results_list", None, "list", p_calls=0.5, draws=("page+",),
            calls=((_get("/v1/search", ("@results", ""), ("page", "{page}")),),)),),
            needs=("results",)),
        Macro("sort_results", 1.0, (Step(
            "tap", "sort_chip", "Price: low to high", "chip",
            calls=((_get("/v1/search", ("@results", ""), ("sort", "price_asc")),),)),),
            needs=("results",)),
        BACK,
        TAB_HOME(1.5),
    ),
    "Product": (
        Macro("add_to_cart", 3.0, (Step(
            "tap", "add_to_cart", "Add to cart", "button",
            calls=((CallTemplate("POST", "/v1/cart/items", body=(
                ("productId", "{product}"), ("quantity", "1")), ok_status=201),),
                (_get("/v1/cart"),)),
            effects=("cart+",)),)),
        Macro("gallery", 2.0, (Step("swipe", "image_gallery", None, "image"),)),
        Macro("all_reviews", 1.0, (Step(
            "tap", "reviews_more", "See all reviews", "button",
            calls=((_get("/v1/products/{product}/reviews", ("page", "2"), ("limit", "20")),),)),)),
        Macro("favorite", 1.0, (Step(
            "tap", "favorite", "Save", "image_button",
            calls=((CallTemplate("POST", "/v1/wishlist", body=(("productId", "{product}"),),
                                 ok_status=201),),)),)),
        Macro("open_cart", 2.0, (Step(
            "tap", "cart_icon", "Cart", "image_button", calls=((_get("/v1/cart"),),),
            nav=("response", "push", "Cart")),)),
        replace(BACK, weight=2.0),
    ),
    "Cart": (
        Macro("quantity_plus", 2.0, (Step(
            "tap", "qty_plus", "+", "button", draws=("item", "qty"),
            calls=((CallTemplate("PATCH", "/v1/cart/items/{item}",
                                 body=(("quantity", "{qty}"),)),),)),), needs=("cart",)),
        Macro("remove_item", 1.0, (Step(
            "tap", "remove_item", "Remove", "button", draws=("item",),
            calls=((CallTemplate("DELETE", "/v1/cart/items/{item}", ok_status=204),),
                   (_get("/v1/cart"),)),
            effects=("cart-",)),), needs=("cart",)),
        Macro("checkout", 3.0, (Step(
            "tap", "checkout_button", "Checkout", "button",
            calls=((_get("/v1/checkout/summary"), _get("/v1/payment/methods")),),
            nav=("response", "push", "Checkout")),), needs=("cart",)),
        BACK,
        TAB_HOME(1.0),
    ),
    "Checkout": (
        Macro("promo_code", 2.0, _typing("promo_field", "Promo code", "code", Step(
            "tap", "apply_promo", "Apply", "button",
            calls=((CallTemplate("POST", "/v1/checkout/promo", body=(("code", "{code}"),),
                                 p_fail=0.3, fail_status=(422,)),),)))),
        Macro("place_order", 3.0, (Step(
            "tap", "place_order", "Place order", "button", draws=("order",),
            calls=((CallTemplate("POST", "/v1/orders", body=(
                ("paymentMethod", "card_visa_4242"), ("shipping", "standard")),
                ok_status=201),),
                (_get("/v1/orders/{new_order}"),)),
            nav=("response", "replace", "Home"), effects=("cart0", "order")),)),
        Macro("payment_methods", 1.0, (Step(
            "tap", "payment_method", "Visa **** 4242", "list_item",
            calls=((_get("/v1/payment/methods"),),)),)),
        BACK,
    ),
    "Profile": (
        Macro("my_orders", 2.0, (Step(
            "tap", "my_orders", "My orders", "list_item",
            calls=((_get("/v1/me/orders", ("page", "1")),),)),)),
        Macro("track_order", 1.0, (Step(
            "tap", "track_order", "Track order", "button",
            calls=((_get("/v1/orders/{order}/tracking"),),)),), needs=("order",)),
        Macro("edit_name", 1.0, _typing("name_field", "Display name", "name", Step(
            "tap", "save_profile", "Save", "button",
            calls=((CallTemplate("PUT", "/v1/me", body=(("displayName", "{name}"),)),),)))),
        Macro("logout", 0.4, (Step(
            "tap", "logout", "Log out", "button",
            calls=((CallTemplate("POST", "/v1/auth/logout", ok_status=204),),),
            nav=("response", "replace", "Login")),)),
        TAB_HOME(2.0),
        TAB_SEARCH(1.0),
    ),
}

# Typed values (the password is recorded masked, as the SDKs do).
VALUES = {
    "user": ("alice.martin", "bob_kowalski", "chen.wei", "dana.lopez", "emre.yilmaz",
             "fatima.noor", "giulia.rossi", "hiro.tanaka"),
    "password": ("\u2022" * 8, "\u2022" * 10, "\u2022" * 12),
    "q": ("running shoes", "usb-c cable", "coffee grinder", "yoga mat", "headphones",
          "desk lamp", "backpack", "water bottle", "phone case", "crème brûlée torch",
          "sneakers size 42", "wool socks"),
    "code": ("SPRING25", "WELCOME10", "FREESHIP", "VIP2024", "BLACKFRIDAY"),
    "name": ("Alice M.", "Bob Kowalski", "Chen Wei", "José Álvarez", "Dana"),
}
CATEGORIES = (("shoes", "Shoes"), ("electronics", "Electronics"), ("kitchen", "Kitchen"),
              ("sports", "Sports & outdoors"), ("home", "Home & living"))
PRODUCT_NAMES = ("Trail Runner 3", "Aero Headphones", "Burr Grinder Pro", "Cork Yoga Mat",
                 "Arc Desk Lamp", "Daypack 20L", "Steel Bottle 750ml", "Clear Case",
                 "Merino Socks", "USB-C Cable 2m")
ANALYTICS = (
    ("https://www.google-analytics.com/collect", "GAThread", "form"),
    ("https://events.shopapp.example/v1/track", "analytics-uploader", "json"),
)
POLL_URL = BASE_URL + "/v1/notifications/unread-count"
POLL_THREAD = "DefaultDispatcher-worker-1"


# ---- the session -------------------------------------------------------------------------------

@dataclass
class Truth:
    """Ground truth. ``ui_to_api`` has every API call (its request's eventId, or its single
    event's), ``api_to_nav`` every navigation. ``typed``: input event -> the call whose URL or
    body carries its text. ``response_of``: response event -> its request (split calls)."""

    ui_to_api: Dict[str, Optional[str]] = field(default_factory=dict)
    api_to_nav: Dict[str, Optional[str]] = field(default_factory=dict)
    typed: Dict[str, str] = field(default_factory=dict)
    response_of: Dict[str, str] = field(default_factory=dict)


@dataclass
class Session:
    seed: int
    scenario: str
    params: Params
    ui_events: List[dict]
    api_events: List[dict]
    navigation_events: List[dict]
    truth: Truth

    @property
    def n_events(self) -> int:
        return len(self.ui_events) + len(self.api_events) + len(self.navigation_events)

    def to_json(self) -> dict:
        return {"seed": self.seed, "scenario": self.scenario, "ui_events": self.ui_events,
                "api_events": self.api_events, "navigation_events": self.navigation_events,
                "truth": asdict(self.truth)}


@dataclass
class _Call:
    id: str
    start: float
    end: float
    method: str
    url: str
    endpoint: str
    body: Optional[str]
    status: int
    screen: str
    thread: str
    correlation: Optional[str]     # the action's id; None: the call gets its own
    cause: Optional[str]
    query: List[Tuple[str, str]] = field(default_factory=list)
    group_last: bool = False       # in the last group of its step (gates the navigation)


def simulate(seed: int = 0, scenario: str = "default", n_actions: int = 200,
             **overrides) -> Session:
    """A simulated session: ``n_actions`` UI events or a few more (the last macro is
    finished), the background traffic of the same period, and the ground truth."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; one of {', '.join(SCENARIOS)}")
    params = replace(SCENARIOS[scenario], **overrides)
    return _Simulator(int(seed), scenario, params).run(int(n_actions))


class _Simulator:
    def __init__(self, seed: int, scenario: str, params: Params):
        self.seed, self.scenario, self.p = seed, scenario, params
        # One random stream per aspect, so a scenario that changes one aspect leaves the
        # others (the user's path, the ids) as they are for the same seed.
        rng = lambda aspect: random.Random(f"observe-sim/{seed}/{aspect}")  # noqa: E731
        self.user, self.timing, self.ids = rng("user"), rng("timing"), rng("ids")
        self.background, self.post = rng("background"), rng("post")
        self.used_ids = set()
        self.ui: List[dict] = []
        self.nav: List[dict] = []
        self.calls: List[_Call] = []
        self.truth = Truth()
        self.stack = ["Login"]
        self.timeline = [(-math.inf, "Login")]    # (time, screen shown from then on)
        self.pending = []                         # heap of (time, seq, navType, target, cause)
        self.seq = 0
        self.ctx = {"cart": 0, "page": 1, "results": None, "order": None, "product": "10001",
                    "product_name": PRODUCT_NAMES[0]}

    # ---- random helpers ------------------------------------------------------------------------
    def _lognormal(self, rng, median, sigma, lo, hi):
        return min(hi, max(lo, rng.lognormvariate(math.log(median), sigma)))

    def _new_id(self, prefix):
        while True:
            event_id = f"{prefix}-{self.ids.getrandbits(40):010x}"
            if event_id not in self.used_ids:
                self.used_ids.add(event_id)
                return event_id

    def _uuid(self):
        h = f"{self.ids.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    # ---- the user ------------------------------------------------------------------------------
    def run(self, n_actions: int) -> Session:
        t = SESSION_START_MS + self.timing.uniform(300.0, 1500.0)
        while len(self.ui) < n_actions:
            self._apply_navs(t)
            macro = self._pick_macro()
            typed = []                  # (input event id, value) of this macro
            for i, step in enumerate(macro.steps):
                value = None
                if step.input:          # recorded when typing ends, after the focus tap
                    value = self.user.choice(VALUES[step.input])
                    t += len(value) * self.timing.uniform(*self.p.typing_ms_per_char)
                elif i:
                    t = self._next_time(t, ready)
                self._apply_navs(t)
                ready = self._step(step, t, value, typed)
            t = self._next_time(t, ready)
        self._apply_navs(math.inf)
        self._background(t)
        return self._record()

    def _next_time(self, t, ready):
        """The next step's time: a human gap after the previous step, or after the screen
        became ready when the user waits for it."""
        p = self.p
        gap = self._lognormal(self.timing, p.gap_median_ms, p.gap_sigma, p.gap_min_ms,
                              p.gap_max_ms)
        return (max(t, ready) if p.wait_for_screen else t) + gap

    def _available(self, macro):
        ctx = self.ctx
        checks = {"back": len(self.stack) > 1, "cart": ctx["cart"] > 0,
                  "results": ctx["results"] is not None, "order": ctx["order"] is not None}
        return all(checks[n] for n in macro.needs)

    def _pick_macro(self) -> Macro:
        choices = [m for m in APP[self.stack[-1]] if self._available(m)]
        return self.user.choices(choices, weights=[m.weight for m in choices])[0]

    def _draw(self, what):
        ctx, rng = self.ctx, self.user
        if what == "product":
            k = rng.randrange(len(PRODUCT_NAMES))
            ctx["product"] = str(10001 + k * 37 + rng.randrange(3) * 1000)
            ctx["product_name"] = PRODUCT_NAMES[k]
        elif what == "category":
            ctx["category"], ctx["category_title"] = rng.choice(CATEGORIES)
            ctx["page"] = 1
        elif what == "page+":
            ctx["page"] += 1
        elif what == "order":
            ctx["new_order"] = f"ORD-{rng.randrange(100000, 999999)}"
        elif what == "item":
            ctx["item"] = f"ci_{rng.randrange(1000, 9999)}"
        elif what == "qty":
            ctx["qty"] = str(rng.randint(2, 5))

    def _step(self, step: Step, t: float, value: Optional[str], typed: list) -> float:
        """Records the UI event of ``step`` at ``t`` (``value``: the text typed by an input
        step) and its calls and navigation; returns when the screen is ready for the next
        action."""
        p, screen = self.p, self.stack[-1]
        for what in step.draws:
            self._draw(what)
        ui_id = self._new_id("u")
        has_cid = self.ids.random() < p.p_correlation_id
        cid = self._uuid()
        cid = cid if has_cid and p.correlation_ids else None
        event = {"eventId": ui_id, "timestamp": t, "action": step.action,
                 "elementId": step.element_id,
                 "elementText": step.element_text.format(**self.ctx) if step.element_text
                 else None,
                 "elementType": step.element_type, "screen": screen, "threadId": "main"}
        if step.input:
            self.ctx[step.input] = value
            event["inputText"] = value
            typed.append((ui_id, value))
        if event["elementText"] is None:
            del event["elementText"]
        if cid:
            event["correlationId"] = cid
        self.ui.append(event)

        ready = t
        nav_time = None
        if step.nav and step.nav[0] == "tap":
            nav_time = t + self.timing.uniform(*p.ui_nav_delay_ms)
            self._schedule_nav(nav_time, step.nav[1], step.nav[2], None)
            ready = nav_time
        if step.calls and self.timing.random() < step.p_calls:
            made, ok = self._calls(step, t, ui_id, cid, screen, nav_time)
            ready = max(ready, max(c.end for c in made))
            for input_id, value in typed:
                for c in made:
                    if value in unquote_plus(c.url) or (c.body and value in c.body):
                        self.truth.typed.setdefault(input_id, c.id)
                        break
            if ok:
                self._effects(step, made[0])
                if step.nav and step.nav[0] == "response":
                    last = max((c for c in made if c.group_last), key=lambda c: c.end)
                    nav_time = last.end + self._lognormal(
                        self.timing, p.nav_delay_median_ms, p.nav_delay_sigma,
                        *p.nav_delay_range_ms)
                    self._schedule_nav(nav_time, step.nav[1], step.nav[2], last.id)
                    ready = max(ready, nav_time)
        return ready

    def _effects(self, step, first: _Call):
        ctx = self.ctx
        for effect in step.effects:
            if effect == "cart+":
                ctx["cart"] += 1
            elif effect == "cart-":
                ctx["cart"] = max(0, ctx["cart"] - 1)
            elif effect == "cart0":
                ctx["cart"] = 0
            elif effect == "results":       # the list shown: the first call's query
                ctx["results"] = [(k, v) for k, v in first.query if k not in ("page", "sort")]
                ctx["page"] = 1
            elif effect == "order":
                ctx["order"] = ctx["new_order"]

    def _calls(self, step, t, ui_id, cid, screen, nav_time):
        """The calls of one step: groups run one after the other, the calls of a group in
        parallel. Returns (calls made, every call succeeded)."""
        p, rng = self.p, self.timing
        made = []
        start = t + self._lognormal(rng, p.latency_median_ms, p.latency_sigma,
                                    *p.latency_range_ms)
        for g, group in enumerate(step.calls):
            group_calls = []
            for k, template in enumerate(group):
                begin = start + (rng.uniform(*p.sibling_offset_ms) if k else 0.0)
                duration = self._lognormal(rng, p.duration_median_ms, p.duration_sigma,
                                           *p.duration_range_ms)
                p_fail = p.p_error if template.p_fail < 0 else template.p_fail
                status = (rng.choice(template.fail_status) if rng.random() < p_fail
                          else template.ok_status)
                same = rng.random() < (p.p_same_thread if g == 0 else p.p_same_thread_chained)
                thread = "main" if same else f"OkHttp Dispatcher-{rng.randint(1, 4)}"
                call_screen = (step.nav[2] if nav_time is not None and nav_time <= begin
                               else screen)
                url, endpoint, query, body = self._url_and_body(template)
                call = _Call(self._new_id("a"), begin, begin + duration, template.method, url,
                             endpoint, body, status, call_screen, thread, cid, ui_id, query,
                             group_last=g == len(step.calls) - 1)
                group_calls.append(call)
            made.extend(group_calls)
            self.calls.extend(group_calls)
            if any(c.status >= 400 for c in group_calls):
                return made, False
            start = max(c.end for c in group_calls) + rng.uniform(*p.chain_gap_ms)
        return made, True

    def _url_and_body(self, template: CallTemplate):
        ctx = self.ctx
        endpoint = template.path.format(**ctx)
        query = []
        for name, value in template.query:
            if name == "@results":
                query.extend(ctx["results"])
            else:
                query.append((name, value.format(**ctx)))
        url = BASE_URL + endpoint + ("?" + urlencode(query) if query else "")
        body = None
        if template.body:
            fields = {}
            for name, value in template.body:
                text = value.format(**ctx)
                fields[name] = int(text) if text.isdigit() else text
            body = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        return url, endpoint, query, body

    # ---- navigation ----------------------------------------------------------------------------
    def _schedule_nav(self, when, nav_type, target, cause):
        self.seq += 1
        heapq.heappush(self.pending, (when, self.seq, nav_type, target, cause))

    def _apply_navs(self, until):
        """Applies the navigations due by ``until``: the screen stack changes and the event
        is recorded with the screen it actually leaves. A navigation that would not change the
        screen (two navigations raced) is not recorded."""
        while self.pending and self.pending[0][0] <= until:
            when, _, nav_type, target, cause = heapq.heappop(self.pending)
            before = self.stack[-1]
            if nav_type == "pop":
                if len(self.stack) < 2:
                    continue
                target = self.stack[-2]
            if target == before:
                continue
            if nav_type == "pop":
                self.stack.pop()
            elif nav_type == "push":
                self.stack.append(target)
            else:                                    # tab, replace: a new root
                self.stack = [target]
            nav_id = self._new_id("n")
            self.nav.append({"eventId": nav_id, "timestamp": when, "fromScreen": before,
                             "toScreen": target, "navType": nav_type, "threadId": "main"})
            self.truth.api_to_nav[nav_id] = cause
            self.timeline.append((when, target))
            if target == "Search" and nav_type != "pop" and cause is None:
                self.ctx["results"] = None          # a fresh search tab

    def _screen_at(self, t):
        """The screen shown at time t (navigations are applied in time order)."""
        return self.timeline[bisect.bisect_right(self.timeline, (t, "\uffff")) - 1][1]

    # ---- background traffic --------------------------------------------------------------------
    def _background(self, end):
        p, rng = self.p, self.background
        t = SESSION_START_MS + rng.uniform(2000.0, 10000.0)
        while t < end:
            self._background_call(t, "GET", POLL_URL, POLL_THREAD, None)
            jitter = max(-3 * p.poll_jitter, min(3 * p.poll_jitter, rng.gauss(0.0, p.poll_jitter)))
            t += p.poll_period_ms * (1.0 + jitter)
        t = SESSION_START_MS + rng.expovariate(1.0 / p.analytics_mean_gap_ms)
        while t < end:
            url, thread, kind = rng.choice(ANALYTICS)
            screen = self._screen_at(t)
            if kind == "form":
                body = urlencode([("v", "1"), ("tid", "UA-4242-1"), ("t", "screenview"),
                                  ("cd", screen)])
            else:
                body = json.dumps({"event": rng.choice(("screen_view", "heartbeat", "impression")),
                                   "screen": screen}, separators=(",", ":"))
            self._background_call(t, "POST", url, thread, body, status=204)
            t += rng.expovariate(1.0 / p.analytics_mean_gap_ms)

    def _background_call(self, t, method, url, thread, body, status=200):
        p, rng = self.p, self.background
        duration = self._lognormal(rng, p.background_duration_median_ms, 0.6,
                                   *p.duration_range_ms)
        endpoint = "/" + url.split("/", 3)[3]
        call = _Call(self._new_id("a"), t, t + duration, method, url, endpoint, body, status,
                     self._screen_at(t), thread, None, None)
        self.calls.append(call)

    # ---- recording -----------------------------------------------------------------------------
    def _call_events(self, call: _Call):
        """The call as one event, or as request and response events: (record time, event)."""
        p = self.p
        split = self.ids.random() < p.p_split
        own = self._uuid()
        cid = (call.correlation or own) if p.correlation_ids else None
        headers = dict(COMMON_HEADERS)
        if call.body is not None:
            headers["Content-Type"] = ("application/x-www-form-urlencoded"
                                       if call.body.startswith("v=") else "application/json")
        if cid:
            headers[CORRELATION_HEADER] = cid
        common = {"method": call.method, "url": call.url, "endpoint": call.endpoint,
                  "screen": call.screen, "threadId": call.thread}
        if cid:
            common["correlationId"] = cid
        request = {"eventId": call.id, "timestamp": call.start, **common,
                   "requestHeaders": headers}
        if call.body is not None:
            request["requestBody"] = call.body
        self.truth.ui_to_api[call.id] = call.cause
        if not split:
            request["statusCode"] = call.status
            request["duration"] = round(call.end - call.start, 3)
            return [(call.end, "api", request)]
        response_id = self._new_id("a")
        self.truth.response_of[response_id] = call.id
        response = {"eventId": response_id, "timestamp": call.end, **common,
                    "statusCode": call.status, "duration": round(call.end - call.start, 3)}
        return [(call.start, "api", request), (call.end, "api", response)]

    def _record(self) -> Session:
        p, rng = self.p, self.post
        records = []                               # (record time, seq, stream, event)
        for e in self.ui:
            records.append((e["timestamp"], "ui", e))
        for e in self.nav:
            records.append((e["timestamp"], "nav", e))
        for call in sorted(self.calls, key=lambda c: c.start):
            records.extend(self._call_events(call))
        records = [(when, seq, stream, e) for seq, (when, stream, e) in enumerate(records)]

        # Clocks: one offset per stream, noise per event (jitter scenario).
        offsets = {s: rng.uniform(-p.clock_offset_ms, p.clock_offset_ms)
                   for s in ("ui", "api", "nav")}
        noise_cap = 3.0 * p.clock_noise_ms
        for _, _, stream, e in records:
            noise = (max(-noise_cap, min(noise_cap, rng.gauss(0.0, p.clock_noise_ms)))
                     if p.clock_noise_ms else 0.0)
            e["timestamp"] = round(e["timestamp"] + offsets[stream] + noise, 3)
        by_id = {e["eventId"]: e for _, _, _, e in records}
        for response_id, request_id in self.truth.response_of.items():
            response, request = by_id[response_id], by_id[request_id]
            if response["timestamp"] <= request["timestamp"]:
                response["timestamp"] = round(request["timestamp"] + 1.0, 3)

        # Messy: missing fields, then arrival order, then duplicates (identical copies).
        if p.p_missing_field:
            for _, _, stream, e in records:
                if rng.random() < p.p_missing_field:
                    present = [f for f in OPTIONAL_FIELDS[stream] if f in e]
                    if present:
                        del e[rng.choice(present)]
        arrived = []
        for when, seq, stream, e in records:
            delay = rng.expovariate(1.0 / p.arrival_delay_ms) if p.arrival_delay_ms else 0.0
            if p.p_late and rng.random() < p.p_late:
                delay += rng.uniform(*p.late_delay_ms)
            arrived.append((when + delay, seq, stream, e))
            if p.p_duplicate and rng.random() < p.p_duplicate:
                arrived.append((when + delay + rng.uniform(1000.0, 15000.0), seq, stream,
                                copy.deepcopy(e)))
        arrived.sort(key=lambda r: (r[0], r[1]))
        streams = {"ui": [], "api": [], "nav": []}
        for _, _, stream, e in arrived:
            streams[stream].append(e)
        return Session(self.seed, self.scenario, self.p, streams["ui"], streams["api"],
                       streams["nav"], self.truth)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="default")
    parser.add_argument("-n", "--n-actions", type=int, default=200)
    args = parser.parse_args(argv)
    session = simulate(args.seed, args.scenario, args.n_actions)
    json.dump(session.to_json(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
