"""Seeded generator of a realistic mobile-app source tree, for the rules and complexity benchmarks.

Writes an Android (Kotlin, Java), iOS (Swift, Objective-C), React Native (JS, JSX, TS, TSX) and
Flutter (Dart) app with its manifests (AndroidManifest.xml, Info.plist, pubspec.yaml,
package.json). Files are built from per-language templates: classes, functions, if/else
chains, when/switch, guard, loops, try/catch, closures, string templates and comments, and
the statements a business-rule scanner looks for (Retrofit, Alamofire, URLSession, axios and
Dio calls, validation against numeric limits, navigation, analytics, feature flags). Sizes
range from a few hundred bytes to about 20 KB, most 2-6 KB.

Same seed, same bytes. File i depends only on (seed, i) (its name also on the names taken
before it), so a 100-file tree is the first 100 files of a 2,000-file tree with that seed.

    python bench/gen_mobile_tree.py OUT_DIR [--files 2000] [--seed 11]

Templates use ``{{name}}`` placeholders (filled by ``Filler``); a line holding only
``{{BODY}}`` becomes a nested block of statements at that indentation (``{{ABODY}}``: an
async block, where ``await`` statements may appear; ``{{SBODY}}``: a sync one; ``{{BODY}}``
inherits), and ``{{MEMBERS}}`` becomes the file's functions or declarations.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import textwrap
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Tuple

MAX_SIZE = 20_000           # bytes; members stop before a file would exceed it
MAX_DEPTH = 4               # nesting of compound statements inside a function
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

# ---- vocabulary -------------------------------------------------------------------------------

NOUNS = ["user", "order", "cart", "payment", "profile", "session", "product", "invoice",
         "address", "coupon", "subscription", "message", "notification", "wallet", "booking",
         "ticket", "review", "shipment", "account", "device"]
FEATURES = ["auth", "checkout", "catalog", "profile", "orders", "settings", "onboarding",
            "payments", "search", "notifications", "wallet", "booking", "support", "loyalty"]
VERBS = ["load", "fetch", "save", "update", "validate", "submit", "refresh", "sync", "delete",
         "apply", "check", "handle", "prepare", "restore", "confirm", "cancel"]
FIELDS = ["email", "password", "phone", "zipCode", "firstName", "cvv", "displayName",
          "cardNumber", "promoCode", "otp", "nickname", "iban"]    # not amount/quantity: parameters
VARS = ["result", "response", "item", "value", "count", "total", "payload", "data", "entry",
        "summary", "draft", "snapshot"]
LIMITS = {"MAX_PASSWORD_LENGTH": 64, "MIN_PASSWORD_LENGTH": 8, "MAX_QUANTITY": 99,
          "MAX_LOGIN_ATTEMPTS": 5, "MAX_AMOUNT": 10000, "SESSION_TIMEOUT_SECONDS": 1800,
          "MAX_UPLOAD_BYTES": 5242880, "PAGE_SIZE": 20, "OTP_LENGTH": 6, "MAX_RETRY_COUNT": 3,
          "MIN_AGE": 18, "MAX_CART_ITEMS": 50, "PROMO_CODE_LENGTH": 10}
EVENTS = ["checkout_started", "purchase_completed", "login_failed", "screen_view",
          "add_to_cart", "search_performed", "coupon_applied", "signup_completed",
          "payment_failed", "profile_updated", "push_opened", "share_tapped"]
FLAGS = ["new_checkout_enabled", "dark_mode", "promo_banner_v2", "one_click_pay",
         "referral_program", "biometric_login", "express_shipping", "wallet_top_up"]
ROUTES = ["home", "checkout", "orders", "settings", "profile/details", "cart", "search",
          "wallet/top-up", "support/chat", "onboarding/welcome"]
STATES = ["Idle", "Loading", "Success", "Error", "Empty", "Submitting"]
MESSAGES = ["Please enter a valid email", "Session expired, please sign in again",
            "Quantity out of range", "Password is too short", "Payment declined",
            "Could not load data", "Too many attempts", "Promo code is invalid",
            "Network unavailable", "Amount exceeds the daily limit"]
COMMENTS = ["TODO: remove once the backend returns the new error codes",
            "Retry with backoff; the API rate-limits at 10 requests per second",
            "Keep in sync with the iOS implementation",
            "The server expects amounts in minor units (cents)",
            "FIXME: this runs on the main thread",
            "Validation mirrors the web checkout, see ticket SHOP-1432",
            "Paths look like /orders/{id}/items; the id is URL-encoded by the client",
            "Do not log the token: it is a bearer credential",
            "Feature flag is read once per session on purpose",
            "Prüfe die Eingabe: Größe höchstens 20 Zeichen"]      # a localized one, as in real apps
HTTP_CODES = [400, 401, 403, 404, 409, 422, 429, 500, 503]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def plural(noun: str) -> str:
    return noun + ("es" if noun.endswith("s") else "s")


def camel_of(constant: str) -> str:
    """MAX_PASSWORD_LENGTH -> maxPasswordLength."""
    head, *rest = constant.lower().split("_")
    return head + "".join(cap(p) for p in rest)


def api_path(r: random.Random, noun: str, with_id: bool) -> str:
    version = r.randint(1, 3)
    tail = r.choice(["", "/items", "/status", "/history"]) if with_id else ""
    return f"api/v{version}/{plural(noun)}" + ("/{id}" + tail if with_id else "")


class Filler(dict):
    """One template's placeholder values: drawn on first use, then the same within the template
    (so ``{{noun}}`` and ``{{Noun}}`` agree). ``cond`` is drawn afresh at every use."""

    def __init__(self, r: random.Random, lang: "Lang", preset: Dict[str, str]):
        super().__init__(preset)
        self.r, self.lang = r, lang

    def __missing__(self, key: str) -> str:
        r = self.r
        derived = {
            "Noun": lambda: cap(self["noun"]), "nouns": lambda: plural(self["noun"]),
            "Nouns": lambda: cap(self["nouns"]),
            "NOUN": lambda: self["noun"].upper(), "Feature": lambda: cap(self["feature"]),
            "Field": lambda: cap(self["field"]), "fn": lambda: r.choice(VERBS) + self["Noun"],
            "Fn": lambda: cap(self["fn"]), "limitCamel": lambda: camel_of(self["LIMIT"]),
            "LimitPascal": lambda: cap(self["limitCamel"]),
            "limit_value": lambda: str(LIMITS[self["LIMIT"]]),
            "n": lambda: str(r.randint(2, 99)),
            "method": lambda: self["METHOD"].lower(), "STATE": lambda: self["State"].upper(),
            "state": lambda: self["State"].lower(),
            "api": lambda: api_path(r, self["noun"], False),
            "api_id": lambda: api_path(r, self["noun"], True),
            "url": lambda: "https://api.acme-shop.com/" + self["api"],
        }
        drawn = {
            "noun": NOUNS, "feature": FEATURES, "field": FIELDS, "var": VARS,
            "LIMIT": list(LIMITS), "event": EVENTS, "flag": FLAGS, "route": ROUTES,
            "State": STATES, "msg": MESSAGES, "comment": COMMENTS, "METHOD": METHODS,
        }
        if key in self.lang.words:
            value = fill(r.choice(self.lang.words[key]), self)
        elif key in derived:
            value = derived[key]()
        elif key in drawn:
            value = r.choice(drawn[key])
        elif key == "code":
            value = str(r.choice(HTTP_CODES))
        elif key == "big":
            value = str(r.choice([500, 1000, 2500, 10000, 50000]))
        elif key == "len":
            value = str(r.choice([3, 6, 10, 20, 32, 64, 120, 255]))
        else:
            raise KeyError(f"{self.lang.name}: unknown placeholder {{{{{key}}}}}")
        self[key] = value
        return value


# ---- languages --------------------------------------------------------------------------------

@dataclass
class Kind:
    """One kind of file in a language: a template holding {{MEMBERS}}, the member templates, the
    role words its file names end with, and a size cap (an API interface stays short)."""
    template: str
    members: List[str]
    roles: List[str]
    weight: int = 1
    max_size: int = MAX_SIZE


@dataclass
class Lang:
    name: str
    ext: str
    directory: str               # where its files go; {feature} and {Feature} are filled
    simple: List[str]            # one-line (or few-line) statements
    conditions: List[str]
    compound: List[str]          # statements holding {{BODY}} blocks
    kinds: List[Kind]
    async_simple: List[str] = field(default_factory=list)   # only inside async blocks
    words: Dict[str, List[str]] = field(default_factory=dict)  # language-specific vocabulary
    weight: int = 1              # share of the tree's source files
    snake_names: bool = False


def block(*lines: str) -> str:
    return "\n".join(lines)


def t(text: str) -> str:
    """A template written indented in this file: dedented, outer blank lines dropped."""
    return textwrap.dedent(text).strip("\n")


def brace_ifs(indent: int) -> list:
    """The if, if/else and if/else-if/else templates of the languages that write
    `if (cond) { ... }`, with the body indented by `indent` spaces."""
    body = " " * indent + "{{BODY}}"
    return ["if ({{cond}}) {\n" + body + "\n}",
            "if ({{cond}}) {\n" + body + "\n} else {\n" + body + "\n}",
            "if ({{cond}}) {\n" + body + "\n} else if ({{cond}}) {\n" + body + "\n} else {\n"
            + body + "\n}"]


# ---- Kotlin -------------------------------------------------------------------------------

KOTLIN_HEADER = t(r'''
    package com.acme.shop.{{feature}}

    import android.util.Log
    import androidx.lifecycle.ViewModel
    import androidx.lifecycle.viewModelScope
    import com.google.firebase.remoteconfig.FirebaseRemoteConfig
    import kotlinx.coroutines.flow.MutableStateFlow
    import kotlinx.coroutines.launch
    import retrofit2.HttpException
    import java.io.IOException
''')

KOTLIN = Lang(
    name="kotlin", ext=".kt", weight=22,
    directory="android/app/src/main/java/com/acme/shop/{feature}",
    simple=[
        'val {{var}} = {{nouns}}.filter { it.{{field}} != null }.map { it.id }',
        'Log.d(TAG, "{{msg}}: ${{{noun}}.id}")',
        'analytics.logEvent("{{event}}", bundleOf("{{field}}" to {{field}}))',
        'navController.navigate("{{route}}")',
        '_uiState.value = {{Noun}}UiState.{{State}}',
        'val {{var}} = repository.{{fn}}({{noun}}Id, page = {{n}})',
        'require({{field}}.length <= {{LIMIT}}) { "{{msg}}" }',
        '// {{comment}}',
        'attempts++',
        'if ({{cond}}) return',
        'val {{var}} = {{noun}}?.{{field}} ?: return',
        'val isEnabled = remoteConfig.getBoolean("{{flag}}")',
        'state = {{Noun}}State.{{State}}',
        'val total = cart.items.sumOf { it.price * it.quantity }',
        'errorMessage = if ({{cond}}) "{{msg}}" else null',
        'billingClient.launchBillingFlow(activity, billingFlowParams)',
        'val token = sessionManager.refreshToken()',
        'FirebaseAuth.getInstance().signInWithEmailAndPassword(email, password)',
    ],
    async_simple=[],
    conditions=[
        '{{field}}.length < {{LIMIT}}', '{{field}}.isBlank()', '{{noun}} == null',
        'amount > {{big}}', 'quantity !in 1..{{n}}', 'attempts >= {{LIMIT}} && !isLocked',
        'remoteConfig.getBoolean("{{flag}}")', 'response.code() == {{code}}',
        '{{nouns}}.isEmpty()', '{{noun}}.{{field}}.isNullOrEmpty() || {{field}}.length > {{len}}',
    ],
    compound=[
        *brace_ifs(4),
        t('''
            when ({{noun}}.status) {
                {{Noun}}Status.PENDING -> {
                    {{BODY}}
                }
                {{Noun}}Status.FAILED -> {{fn}}()
                else -> {
                    {{BODY}}
                }
            }'''),
        t('''
            when (response.code()) {
                {{code}} -> {{fn}}()
                in 500..599 -> {
                    {{BODY}}
                }
                else -> Log.w(TAG, "unexpected status ${response.code()}")
            }'''),
        t('''
            for ({{noun}} in {{nouns}}) {
                {{BODY}}
            }'''),
        t('''
            {{nouns}}.forEachIndexed { index, {{noun}} ->
                {{BODY}}
            }'''),
        t('''
            while (attempts < {{LIMIT}}) {
                {{BODY}}
            }'''),
        t('''
            try {
                {{BODY}}
            } catch (e: {{exc}}) {
                {{BODY}}
            }'''),
        t('''
            try {
                {{BODY}}
            } catch (e: IOException) {
                Log.e(TAG, "network error", e)
            } catch (e: HttpException) {
                {{BODY}}
            } finally {
                isLoading = false
            }'''),
        t('''
            viewModelScope.launch {
                {{ABODY}}
            }'''),
        t('''
            val {{var}} = {{nouns}}.map { {{noun}} ->
                {{BODY}}
                {{noun}}.copy(updatedAt = System.currentTimeMillis())
            }'''),
    ],
    words={"exc": ["IOException", "HttpException", "IllegalStateException",
                   "IllegalArgumentException", "CancellationException"]},
    kinds=[
        Kind(KOTLIN_HEADER + "\n\n" + t('''
            /**
             * {{comment}}
             */
            class {{Noun}}{{Role}}(
                private val repository: {{Noun}}Repository,
                private val analytics: Analytics,
                private val remoteConfig: FirebaseRemoteConfig,
            ) : ViewModel() {

                private val _uiState = MutableStateFlow<{{Noun}}UiState>({{Noun}}UiState.Idle)
                private var attempts = 0
                private var isLoading = false

                {{MEMBERS}}

                companion object {
                    private const val TAG = "{{Noun}}{{Role}}"
                    const val {{LIMIT}} = {{limit_value}}
                }
            }'''), roles=["ViewModel", "Repository", "Manager", "UseCase", "Validator"],
            weight=5, members=[
                t('''
                    fun {{fn}}({{field}}: String, quantity: Int) {
                        {{BODY}}
                    }'''),
                t('''
                    suspend fun {{fn}}(id: String): {{Noun}}? {
                        {{ABODY}}
                        return repository.find(id)
                    }'''),
                t('''
                    private fun {{fn}}(): Boolean {
                        {{BODY}}
                        return {{cond}}
                    }'''),
                t('''
                    fun on{{Noun}}Clicked({{noun}}: {{Noun}}) = viewModelScope.launch {
                        {{ABODY}}
                    }'''),
            ]),
        Kind(KOTLIN_HEADER.replace("import retrofit2.HttpException", "import retrofit2.http.*")
             + "\n\n" + t('''
            interface {{Noun}}{{Role}} {
                {{MEMBERS}}
            }'''), roles=["Api", "Service"], weight=2, max_size=3000, members=[
                t('''
                    @GET("{{api_id}}")
                    suspend fun get{{Noun}}(@Path("id") id: String): {{Noun}}'''),
                t('''
                    @POST("{{api}}")
                    suspend fun create{{Noun}}(@Body request: {{Noun}}Request): Response<{{Noun}}>'''),
                t('''
                    @GET("{{api}}")
                    suspend fun list{{Nouns}}(@Query("page") page: Int, @Query("limit") limit: Int = {{n}}): List<{{Noun}}>'''),
                t('''
                    @DELETE("{{api_id}}")
                    suspend fun delete{{Noun}}(@Path("id") id: String, @Header("Authorization") token: String): Response<Unit>'''),
                t('''
                    @PATCH("{{api_id}}")
                    fun update{{Noun}}(@Path("id") id: String, @Body patch: Map<String, String>): Call<{{Noun}}>'''),
            ]),
        Kind(KOTLIN_HEADER + "\n\n" + t('''
            sealed class {{Noun}}UiState {
                object Idle : {{Noun}}UiState()
                object Loading : {{Noun}}UiState()
                data class Success(val {{nouns}}: List<{{Noun}}>) : {{Noun}}UiState()
                data class Error(val message: String) : {{Noun}}UiState()
            }

            {{MEMBERS}}'''), roles=["State", "Models"], weight=2, max_size=2500, members=[
                t('''
                    data class {{Noun}}(
                        val id: String,
                        val {{field}}: String,
                        val amount: Double = 0.0,
                        val updatedAt: Long = 0L,
                    )'''),
                t('''
                    enum class {{Noun}}Status { PENDING, ACTIVE, FAILED, CANCELLED }'''),
                t('''
                    data class {{Noun}}Request(val {{field}}: String, val quantity: Int = 1) {
                        init {
                            require(quantity in 1..{{n}}) { "{{msg}}" }
                        }
                    }'''),
            ]),
        Kind(KOTLIN_HEADER + "\n\n" + "{{MEMBERS}}", roles=["Screen"], weight=2, members=[
            t('''
                @Composable
                fun {{Noun}}Screen(viewModel: {{Noun}}ViewModel, onBack: () -> Unit) {
                    val state by viewModel.uiState.collectAsState()
                    {{BODY}}
                    Column(modifier = Modifier.padding(16.dp)) {
                        Text(text = "{{msg}}")
                        Button(onClick = { viewModel.{{fn}}() }) {
                            Text("Continue")
                        }
                    }
                }'''),
            t('''
                @Composable
                private fun {{Noun}}Row({{noun}}: {{Noun}}, onClick: (String) -> Unit) {
                    Row(modifier = Modifier.clickable { onClick({{noun}}.id) }) {
                        Text(text = {{noun}}.{{field}})
                    }
                }'''),
        ]),
    ],
)

# ---- Java ---------------------------------------------------------------------------------

JAVA_HEADER = t(r'''
    package com.acme.shop.{{feature}};

    import android.content.Intent;
    import android.util.Log;
    import android.view.View;
    import java.io.IOException;
    import java.util.ArrayList;
    import java.util.List;
    import retrofit2.Call;
    import retrofit2.Callback;
    import retrofit2.Response;
    import retrofit2.http.*;
''')

JAVA = Lang(
    name="java", ext=".java", weight=10,
    directory="android/app/src/main/java/com/acme/shop/{feature}",
    simple=[
        'Log.d(TAG, "{{msg}}: " + {{noun}}.getId());',
        'analytics.logEvent("{{event}}", bundle);',
        'result.add({{noun}});',
        'attempts++;',
        'String {{var}} = {{noun}}.get{{Field}}().trim();',
        'navController.navigate(R.id.action_{{feature}}_to_{{noun}});',
        'startActivity(new Intent(this, {{Noun}}Activity.class));',
        'int {{var}} = Math.min(quantity, {{LIMIT}});',
        '// {{comment}}',
        'boolean enabled = remoteConfig.getBoolean("{{flag}}");',
        'state = {{Noun}}State.{{STATE}};',
        'Call<{{Noun}}> call = api.get{{Noun}}(id);',
        'if ({{cond}}) return;',
        'BiometricPrompt prompt = new BiometricPrompt(activity, executor, callback);',
        'requestPermissions(new String[]{Manifest.permission.CAMERA}, REQUEST_CAMERA);',
    ],
    conditions=[
        '{{field}}.length() < {{LIMIT}}', '{{noun}} == null', '{{field}}.isEmpty()',
        'amount > {{big}}', 'attempts >= {{LIMIT}}', 'response.code() == {{code}}',
        'quantity < 1 || quantity > {{n}}', 'remoteConfig.getBoolean("{{flag}}")',
        'TextUtils.isEmpty({{field}})',
    ],
    compound=[
        *brace_ifs(4),
        t('''
            for ({{Noun}} {{noun}} : {{nouns}}) {
                {{BODY}}
            }'''),
        t('''
            for (int i = 0; i < {{nouns}}.size(); i++) {
                {{BODY}}
            }'''),
        t('''
            while (attempts < {{LIMIT}}) {
                {{BODY}}
            }'''),
        t('''
            switch ({{noun}}.getStatus()) {
                case PENDING: {
                    {{BODY}}
                    break;
                }
                case FAILED: {
                    {{BODY}}
                    break;
                }
                default:
                    Log.w(TAG, "unknown status");
            }'''),
        t('''
            try {
                {{BODY}}
            } catch (IOException e) {
                Log.e(TAG, "{{msg}}", e);
            } catch (IllegalStateException | IllegalArgumentException e) {
                {{BODY}}
            } finally {
                attempts = 0;
            }'''),
        t('''
            api.get{{Noun}}(id).enqueue(new Callback<{{Noun}}>() {
                @Override
                public void onResponse(Call<{{Noun}}> call, Response<{{Noun}}> response) {
                    {{BODY}}
                }

                @Override
                public void onFailure(Call<{{Noun}}> call, Throwable t) {
                    Log.e(TAG, "request failed", t);
                }
            });'''),
        t('''
            executor.execute(() -> {
                {{BODY}}
            });'''),
    ],
    kinds=[
        Kind(JAVA_HEADER + "\n\n" + t('''
            /**
             * {{comment}}
             */
            public class {{Noun}}{{Role}} {
                private static final String TAG = "{{Noun}}{{Role}}";
                private static final int {{LIMIT}} = {{limit_value}};
                private final {{Noun}}Api api;
                private final List<{{Noun}}> {{nouns}} = new ArrayList<>();
                private int attempts = 0;

                public {{Noun}}{{Role}}({{Noun}}Api api) {
                    this.api = api;
                }

                {{MEMBERS}}
            }'''), roles=["Activity", "Manager", "Presenter", "Validator", "Helper"],
            weight=5, members=[
                t('''
                    public void {{fn}}(String {{field}}, int quantity) {
                        {{BODY}}
                    }'''),
                t('''
                    private boolean {{fn}}({{Noun}} {{noun}}) {
                        {{BODY}}
                        return {{cond}};
                    }'''),
                t('''
                    public List<{{Noun}}> {{fn}}(List<{{Noun}}> input) {
                        List<{{Noun}}> result = new ArrayList<>();
                        {{BODY}}
                        return result;
                    }'''),
                t('''
                    @Override
                    public void onClick(View view) {
                        {{BODY}}
                    }'''),
            ]),
        Kind(JAVA_HEADER + "\n\n" + t('''
            public interface {{Noun}}{{Role}} {
                {{MEMBERS}}
            }'''), roles=["Api", "Endpoints"], weight=1, max_size=3000, members=[
                t('''
                    @GET("{{api_id}}")
                    Call<{{Noun}}> get{{Noun}}(@Path("id") String id);'''),
                t('''
                    @POST("{{api}}")
                    Call<{{Noun}}> create{{Noun}}(@Body {{Noun}}Request request);'''),
                t('''
                    @GET("{{api}}")
                    Call<List<{{Noun}}>> list{{Nouns}}(@Query("page") int page, @Query("size") int size);'''),
                t('''
                    @PUT("{{api_id}}")
                    Call<Void> update{{Noun}}(@Path("id") String id, @Header("Authorization") String token);'''),
            ]),
        Kind(JAVA_HEADER + "\n\n" + t('''
            public class {{Noun}}{{Role}} {
                {{MEMBERS}}
            }'''), roles=["Model", "Dto"], weight=1, max_size=1500, members=[
                t('''
                    private String {{field}};

                    public String get{{Field}}() {
                        return {{field}};
                    }

                    public void set{{Field}}(String {{field}}) {
                        this.{{field}} = {{field}};
                    }'''),
            ]),
    ],
)

# ---- Swift --------------------------------------------------------------------------------

SWIFT = Lang(
    name="swift", ext=".swift", weight=18, directory="ios/Shop/{Feature}",
    simple=[
        r'let {{var}} = {{nouns}}.filter { $0.{{field}} != nil }.map(\.id)',
        r'print("{{msg}}: \({{noun}}.id)")',
        'Analytics.logEvent("{{event}}", parameters: ["{{field}}": {{field}}])',
        'state = .{{state}}',
        'attempts += 1',
        '// {{comment}}',
        'let isEnabled = RemoteConfig.remoteConfig()["{{flag}}"].boolValue',
        'path.append({{Noun}}Route.detail(id: {{noun}}.id))',
        'let url = URL(string: "{{url}}")!',
        'self.{{noun}} = nil',
        'if {{cond}} { return }',
        'let isValid = !{{field}}.isEmpty && {{field}}.count <= Limits.{{limitCamel}}',
    ],
    async_simple=[
        'let {{var}} = try await api.fetch{{Noun}}(id: id)',
        t(r'''
            var request = URLRequest(url: URL(string: "{{url}}")!)
            request.httpMethod = "{{METHOD}}"
            let (data, response) = try await URLSession.shared.data(for: request)'''),
        'try await Task.sleep(nanoseconds: {{n}}_000_000)',
        'let products = try await Product.products(for: ["com.acme.shop.{{noun}}.premium"])',
        'let result = try await Auth.auth().signIn(withEmail: email, password: password)',
    ],
    conditions=[
        '{{field}}.count < Limits.{{limitCamel}}', '{{field}}.isEmpty', '{{noun}} == nil',
        'amount > {{big}}', 'attempts >= Limits.{{limitCamel}}',
        'httpResponse.statusCode == {{code}}', '!{{nouns}}.isEmpty && isEnabled',
        '{{field}}.count > {{len}}', '!(1...{{n}}).contains(quantity)',
    ],
    compound=[
        t('''
            if {{cond}} {
                {{BODY}}
            }'''),
        t('''
            if {{cond}} {
                {{BODY}}
            } else {
                {{BODY}}
            }'''),
        t('''
            if {{cond}} {
                {{BODY}}
            } else if {{cond}} {
                {{BODY}}
            } else {
                {{BODY}}
            }'''),
        t('''
            guard let {{noun}} = {{noun}}Store.current else {
                {{BODY}}
                return
            }'''),
        t('''
            guard {{cond}} else {
                state = .failed("{{msg}}")
                return
            }'''),
        t('''
            if let {{var}} = {{noun}}?.{{field}} {
                {{BODY}}
            }'''),
        t('''
            switch state {
            case .idle:
                {{BODY}}
            case .loading:
                break
            case .failed(let error):
                print("failed: \\(error)")
                {{BODY}}
            default:
                {{BODY}}
            }'''),
        t('''
            for {{noun}} in {{nouns}} where {{noun}}.isActive {
                {{BODY}}
            }'''),
        t('''
            while attempts < Limits.{{limitCamel}} {
                {{BODY}}
            }'''),
        t('''
            do {
                {{BODY}}
            } catch let error as URLError {
                {{BODY}}
            } catch {
                print("unexpected error: \\(error)")
            }'''),
        t('''
            Task {
                {{ABODY}}
            }'''),
        t('''
            DispatchQueue.main.async { [weak self] in
                guard let self = self else { return }
                {{SBODY}}
            }'''),
        t('''
            AF.request("{{url}}", method: .{{method}}, parameters: params)
                .validate(statusCode: 200..<300)
                .responseDecodable(of: {{Noun}}.self) { response in
                    {{SBODY}}
                }'''),
    ],
    kinds=[
        Kind(t('''
            import Foundation
            import Alamofire
            import FirebaseAnalytics

            /// {{comment}}
            final class {{Noun}}{{Role}}: ObservableObject {
                @Published private(set) var state: {{Noun}}State = .idle
                private let session: Session
                private var attempts = 0

                init(session: Session = .default) {
                    self.session = session
                }

                {{MEMBERS}}
            }'''), roles=["ViewModel", "Service", "Manager", "Coordinator", "Validator"],
            weight=5, members=[
                t('''
                    func {{fn}}(_ {{field}}: String) -> Bool {
                        {{BODY}}
                        return {{cond}}
                    }'''),
                t('''
                    func {{fn}}(id: String) async throws -> {{Noun}} {
                        {{ABODY}}
                        return try await api.fetch{{Noun}}(id: id)
                    }'''),
                t('''
                    @MainActor
                    func {{fn}}() async {
                        {{ABODY}}
                    }'''),
                t('''
                    private func {{fn}}(completion: @escaping (Result<{{Noun}}, Error>) -> Void) {
                        {{BODY}}
                    }'''),
            ]),
        Kind(t('''
            import SwiftUI

            struct {{Noun}}{{Role}}: View {
                @StateObject private var viewModel = {{Noun}}ViewModel()
                @State private var {{field}} = ""
                @State private var path = NavigationPath()

                var body: some View {
                    NavigationStack(path: $path) {
                        VStack(spacing: 16) {
                            TextField("{{Field}}", text: ${{field}})
                            Button("Continue") {
                                Task { await viewModel.submit() }
                            }
                            .disabled({{field}}.count < {{len}})
                            NavigationLink("Details", value: {{Noun}}Route.detail(id: "{{noun}}"))
                        }
                        .navigationTitle("{{Feature}}")
                    }
                }

                {{MEMBERS}}
            }'''), roles=["View", "Screen"], weight=3, members=[
                t('''
                    private func {{fn}}() {
                        {{BODY}}
                    }'''),
                t('''
                    private var isSubmitEnabled: Bool {
                        {{BODY}}
                        return {{cond}}
                    }'''),
            ]),
        Kind(t('''
            import Foundation

            enum {{Noun}}State: Equatable {
                case idle
                case loading
                case loaded([{{Noun}}])
                case failed(String)
            }

            {{MEMBERS}}'''), roles=["Models", "State"], weight=2, max_size=2500, members=[
                t('''
                    struct {{Noun}}: Codable, Identifiable, Equatable {
                        let id: String
                        var {{field}}: String
                        var amount: Decimal
                    }'''),
                t('''
                    enum {{Noun}}Route: Hashable {
                        case list
                        case detail(id: String)
                    }'''),
                t('''
                    enum Limits {
                        static let {{limitCamel}} = {{limit_value}}
                    }'''),
            ]),
    ],
)

# ---- Objective-C --------------------------------------------------------------------------

OBJC_COMMON = dict(
    simple=[
        'NSLog(@"{{msg}}: %@", {{field}});',
        '[FIRAnalytics logEventWithName:@"{{event}}" parameters:@{@"{{field}}": {{field}}}];',
        'self.attempts += 1;',
        '// {{comment}}',
        '[self.navigationController pushViewController:controller animated:YES];',
        'NSString *{{var}} = [{{field}} stringByTrimmingCharactersInSet:[NSCharacterSet whitespaceCharacterSet]];',
        'BOOL enabled = [[FIRRemoteConfig remoteConfig] configValueForKey:@"{{flag}}"].boolValue;',
        'if ({{cond}}) return;',
        '[[SKPaymentQueue defaultQueue] addPayment:payment];',
    ],
    conditions=[
        '{{field}}.length < {{LIMIT}}', '{{field}} == nil', 'self.attempts >= k{{LimitPascal}}',
        'amount > {{big}}', '[{{field}} length] == 0', 'error != nil',
        'httpResponse.statusCode == {{code}}',
    ],
    compound=[
        t('''
            if ({{cond}}) {
                {{BODY}}
            }'''),
        t('''
            if ({{cond}}) {
                {{BODY}}
            } else {
                {{BODY}}
            }'''),
        t('''
            for (NSDictionary *item in items) {
                {{BODY}}
            }'''),
        t('''
            for (NSInteger i = 0; i < count; i++) {
                {{BODY}}
            }'''),
        t('''
            switch (status) {
                case {{Noun}}StatusPending: {
                    {{BODY}}
                    break;
                }
                case {{Noun}}StatusFailed: {
                    {{BODY}}
                    break;
                }
                default:
                    break;
            }'''),
        t('''
            @try {
                {{BODY}}
            } @catch (NSException *exception) {
                NSLog(@"{{msg}}: %@", exception.reason);
            } @finally {
                self.attempts = 0;
            }'''),
        t('''
            dispatch_async(dispatch_get_main_queue(), ^{
                {{BODY}}
            });'''),
    ],
)

OBJC = Lang(
    name="objc", ext=".m", weight=6, directory="ios/Shop/Legacy/{Feature}",
    kinds=[Kind(t('''
        #import "{{Noun}}{{Role}}.h"
        #import <UIKit/UIKit.h>

        static const NSInteger k{{LimitPascal}} = {{limit_value}};
        #define {{LIMIT}} {{limit_value}}

        @interface {{Noun}}{{Role}} ()
        @property (nonatomic, strong) NSURLSession *session;
        @end

        @implementation {{Noun}}{{Role}}

        {{MEMBERS}}

        @end'''), roles=["Manager", "Service", "ViewController", "Store"], members=[
            t('''
                - (void){{fn}}:(NSString *){{field}} {
                    {{BODY}}
                }'''),
            t('''
                - (BOOL)validate{{Field}}:(NSString *){{field}} {
                    {{BODY}}
                    return {{cond}};
                }'''),
            t('''
                - (void){{fn}}WithCompletion:(void (^)(NSError *error))completion {
                    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:@"{{url}}"]];
                    [request setHTTPMethod:@"{{METHOD}}"];
                    [[self.session dataTaskWithRequest:request completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
                        {{BODY}}
                    }] resume];
                }'''),
        ])],
    **OBJC_COMMON,
)

OBJC_HEADER = Lang(
    name="objc", ext=".h", weight=3, directory="ios/Shop/Legacy/{Feature}",
    kinds=[Kind(t('''
        #import <Foundation/Foundation.h>

        NS_ASSUME_NONNULL_BEGIN

        typedef NS_ENUM(NSInteger, {{Noun}}Status) {
            {{Noun}}StatusPending,
            {{Noun}}StatusActive,
            {{Noun}}StatusFailed,
        };

        /// {{comment}}
        @interface {{Noun}}{{Role}} : NSObject

        @property (nonatomic, copy) NSString *{{field}};
        @property (nonatomic, assign) NSInteger attempts;

        {{MEMBERS}}

        @end

        NS_ASSUME_NONNULL_END'''), roles=["Manager", "Service", "ViewController", "Store"],
        max_size=1500, members=[
            '- (void){{fn}}:(NSString *)value completion:(void (^)(NSError * _Nullable error))completion;',
            '- (BOOL)validate{{Field}}:(NSString *){{field}};',
            '+ (instancetype)shared;',
            '@property (nonatomic, readonly) BOOL is{{Noun}}Enabled;',
        ])],
    **OBJC_COMMON,
)

# ---- JavaScript and TypeScript (the same templates; the t* words are the type annotations) --

JS_WORDS = {"tS": [""], "tN": [""], "tB": [""], "tNoun": [""], "tProps": [""],
            "tPromise": [""], "tState": [""], "propsType": [""]}
TS_WORDS = {"tS": [": string"], "tN": [": number"], "tB": [": boolean"],
            "tNoun": [": {{Noun}}"], "tProps": [": Props"], "tPromise": [": Promise<void>"],
            "tState": [": {{Noun}}State"],
            "propsType": ["type Props = { navigation: any; route: any };"]}

JS_HEADER = t('''
    import axios from 'axios';
    import analytics from '@react-native-firebase/analytics';
    import remoteConfig from '@react-native-firebase/remote-config';
    import { {{noun}}Store } from '../store/{{noun}}Store';''')

JS_COMMON = dict(
    directory="mobile/src/{feature}",
    simple=[
        'const {{var}} = {{nouns}}.filter((x) => x.{{field}} != null).map((x) => x.id);',
        'console.log(`{{msg}}: ${{{noun}}.id}`);',
        'navigation.navigate(\'{{Feature}}\', { id: {{noun}}.id });',
        'dispatch({ type: \'{{NOUN}}_{{STATE}}\', payload: {{var}} });',
        'attempts += 1;',
        '// {{comment}}',
        'const enabled = remoteConfig().getValue(\'{{flag}}\').asBoolean();',
        'setLoading(false);',
        'if ({{cond}}) return;',
        'const isValid = {{field}}.length >= {{LIMIT}} && /^\\S+@\\S+\\.\\S+$/.test(email);',
    ],
    async_simple=[
        'await analytics().logEvent(\'{{event}}\', { {{field}}: {{field}} });',
        'const response = await axios.{{method}}(`/api/v1/{{nouns}}/${id}`);',
        'const { data: {{var}} } = await api.get(\'{{api}}\', { params: { page: {{n}} } });',
        'const res = await fetch(\'{{url}}\', { method: \'{{METHOD}}\', headers });',
        'const { error: paymentError } = await stripe.confirmPayment(clientSecret);',
        'await auth().signInWithEmailAndPassword(email, password);',
    ],
    conditions=[
        '{{field}}.length < {{LIMIT}}', '!{{field}}', '{{noun}} == null', 'amount > {{big}}',
        'attempts >= {{LIMIT}}', 'response.status === {{code}}', '{{nouns}}.length === 0',
        'quantity < 1 || quantity > {{n}}', "typeof {{field}} !== 'string'",
    ],
    compound=[
        *brace_ifs(2),
        t('''
            for (const {{noun}} of {{nouns}}) {
              {{BODY}}
            }'''),
        t('''
            {{nouns}}.forEach(({{noun}}) => {
              {{SBODY}}
            });'''),
        t('''
            while (attempts < {{LIMIT}}) {
              {{BODY}}
            }'''),
        t('''
            switch (action.type) {
              case '{{NOUN}}_LOADED': {
                {{BODY}}
                break;
              }
              case '{{NOUN}}_FAILED': {
                {{BODY}}
                break;
              }
              default:
                break;
            }'''),
        t('''
            try {
              {{BODY}}
            } catch (error) {
              {{BODY}}
            } finally {
              setLoading(false);
            }'''),
        t('''
            axios
              .{{method}}('{{api}}', payload)
              .then(async (reply) => {
                {{ABODY}}
              })
              .catch((err) => console.warn('{{msg}}', err));'''),
    ],
)

JS_MEMBERS = [
    t('''
        export async function {{fn}}({{field}}{{tS}}, quantity{{tN}}){{tPromise}} {
          {{ABODY}}
        }'''),
    t('''
        export const {{fn}} = async (id{{tS}}) => {
          {{ABODY}}
        };'''),
    t('''
        function {{fn}}({{noun}}{{tNoun}}){{tB}} {
          {{BODY}}
          return {{cond}};
        }'''),
    t('''
        export function {{noun}}Reducer(state{{tState}} = initialState, action) {
          {{BODY}}
          return state;
        }'''),
]

JS_MODULE = Kind(JS_HEADER + "\n\n" + t('''
    const {{LIMIT}} = {{limit_value}};
    let attempts = 0;

    {{MEMBERS}}'''), roles=["Service", "Api", "Utils", "Validation", "Slice"], weight=3,
    members=JS_MEMBERS)

JSX_SCREEN = Kind(JS_HEADER + "\n" + t('''
    import React, { useEffect, useState } from 'react';
    import { Button, StyleSheet, Text, TextInput, View } from 'react-native';

    {{propsType}}

    {{MEMBERS}}

    export default function {{Noun}}{{Role}}({ navigation, route }{{tProps}}) {
      const [{{field}}, set{{Field}}] = useState('');
      const [loading, setLoading] = useState(false);

      useEffect(() => {
        {{SBODY}}
      }, [{{field}}]);

      return (
        <View style={styles.container}>
          <Text style={styles.title}>{{Feature}}</Text>
          <TextInput value={{{field}}} onChangeText={set{{Field}}} maxLength={{{len}}} />
          {loading ? <Text>Loading</Text> : null}
          <Button title="Continue" disabled={{{field}}.length < {{len}}} onPress={() => navigation.navigate('{{route}}')} />
        </View>
      );
    }

    const styles = StyleSheet.create({
      container: { flex: 1, padding: 16 },
      title: { fontSize: 20, fontWeight: '600' },
    });'''), roles=["Screen", "Form", "Card"], weight=3, members=JS_MEMBERS)


def js_lang(ext: str, weight: int, typed: bool, jsx: bool) -> Lang:
    kinds = [JS_MODULE] + ([JSX_SCREEN] if jsx else [])
    return Lang(name="typescript" if typed else "javascript", ext=ext, weight=weight,
                kinds=kinds, words=TS_WORDS if typed else JS_WORDS, **JS_COMMON)


# ---- Dart ---------------------------------------------------------------------------------

DART = Lang(
    name="dart", ext=".dart", weight=12, directory="flutter/lib/{feature}",
    snake_names=True,
    simple=[
        'final {{var}} = {{nouns}}.where((x) => x.{{field}} != null).toList();',
        "debugPrint('{{msg}}: ${{{noun}}.id}');",
        '_attempts++;',
        '// {{comment}}',
        'emit({{Noun}}{{State}}());',
        "Navigator.of(context).pushNamed('/{{route}}');",
        "final enabled = FirebaseRemoteConfig.instance.getBool('{{flag}}');",
        "_analytics.logEvent(name: '{{event}}', parameters: {'{{field}}': {{field}}});",
        'if ({{cond}}) return;',
    ],
    async_simple=[
        "final response = await _dio.{{method}}('{{api}}', data: {'id': id});",
        "await _analytics.logEvent(name: '{{event}}');",
        "await Future<void>.delayed(const Duration(milliseconds: {{n}}));",
        "final didAuthenticate = await LocalAuthentication().authenticate(localizedReason: '{{msg}}');",
        "await InAppPurchase.instance.buyNonConsumable(purchaseParam: purchaseParam);",
    ],
    conditions=[
        '{{field}}.length < {{limitCamel}}', '{{field}}.isEmpty', '{{noun}} == null',
        'amount > {{big}}', '_attempts >= {{limitCamel}}', 'response.statusCode == {{code}}',
        '{{nouns}}.isNotEmpty && enabled', 'quantity < 1 || quantity > {{n}}',
    ],
    compound=[
        *brace_ifs(2),
        t('''
            for (final {{noun}} in {{nouns}}) {
              {{BODY}}
            }'''),
        t('''
            for (var i = 0; i < {{nouns}}.length; i++) {
              {{BODY}}
            }'''),
        t('''
            while (_attempts < {{limitCamel}}) {
              {{BODY}}
            }'''),
        t('''
            switch ({{noun}}.status) {
              case {{Noun}}Status.pending:
                {{BODY}}
                break;
              case {{Noun}}Status.failed:
                {{BODY}}
                break;
              default:
                break;
            }'''),
        t('''
            try {
              {{BODY}}
            } on DioException catch (e) {
              {{BODY}}
            } catch (e, stack) {
              debugPrint('$e $stack');
            }'''),
        t('''
            {{nouns}}.forEach(({{noun}}) {
              {{SBODY}}
            });'''),
        t('''
            Future.delayed(const Duration(seconds: {{len}}), () async {
              {{ABODY}}
            });'''),
    ],
    kinds=[
        Kind(t('''
            import 'package:dio/dio.dart';
            import 'package:firebase_analytics/firebase_analytics.dart';
            import 'package:firebase_remote_config/firebase_remote_config.dart';

            /// {{comment}}
            class {{Noun}}{{Role}} {
              {{Noun}}{{Role}}(this._dio, this._analytics);

              static const int {{limitCamel}} = {{limit_value}};
              final Dio _dio;
              final FirebaseAnalytics _analytics;
              int _attempts = 0;

              {{MEMBERS}}
            }'''), roles=["Repository", "Service", "Cubit", "Validator"], weight=4, members=[
                t('''
                    Future<{{Noun}}> {{fn}}(String id) async {
                      {{ABODY}}
                      return {{Noun}}(id: id);
                    }'''),
                t('''
                    bool {{fn}}(String {{field}}) {
                      {{BODY}}
                      return {{cond}};
                    }'''),
                t('''
                    void {{fn}}({{Noun}} {{noun}}) {
                      {{BODY}}
                    }'''),
            ]),
        Kind(t('''
            import 'package:flutter/material.dart';

            class {{Noun}}{{Role}} extends StatelessWidget {
              const {{Noun}}{{Role}}({super.key});

              @override
              Widget build(BuildContext context) {
                return Scaffold(
                  appBar: AppBar(title: const Text('{{Feature}}')),
                  body: Column(
                    children: [
                      TextFormField(
                        maxLength: {{len}},
                        validator: (value) {
                          if (value == null || value.isEmpty) {
                            return '{{msg}}';
                          }
                          return null;
                        },
                      ),
                      ElevatedButton(
                        onPressed: () => Navigator.pushNamed(context, '/{{route}}'),
                        child: const Text('Continue'),
                      ),
                    ],
                  ),
                );
              }

              {{MEMBERS}}
            }'''), roles=["Screen", "Page", "Form"], weight=3, members=[
                t('''
                    void {{fn}}(BuildContext context) {
                      {{BODY}}
                    }'''),
            ]),
        Kind(t('''
            enum {{Noun}}Status { pending, active, failed }

            {{MEMBERS}}'''), roles=["Model", "State"], weight=2, max_size=2000, members=[
                t('''
                    class {{Noun}} {
                      const {{Noun}}({required this.id, this.{{field}} = ''});

                      final String id;
                      final String {{field}};
                    }'''),
                t('''
                    sealed class {{Noun}}State {}

                    class {{Noun}}Loading extends {{Noun}}State {}

                    class {{Noun}}Failed extends {{Noun}}State {
                      {{Noun}}Failed(this.message);
                      final String message;
                    }'''),
            ]),
    ],
)

LANGS = [KOTLIN, JAVA, SWIFT, OBJC, OBJC_HEADER, js_lang(".js", 4, False, False),
         js_lang(".jsx", 3, False, True), js_lang(".ts", 12, True, False),
         js_lang(".tsx", 10, True, True), DART]

# ---- manifests (files 0-3 of every tree) ----------------------------------------------------

ANDROID_PERMISSIONS = ["INTERNET", "CAMERA", "ACCESS_FINE_LOCATION", "POST_NOTIFICATIONS",
                       "USE_BIOMETRIC", "READ_CONTACTS", "RECORD_AUDIO", "VIBRATE"]
IOS_USAGES = {"NSCameraUsageDescription": "Scan cards and receipts",
              "NSLocationWhenInUseUsageDescription": "Find stores near you",
              "NSFaceIDUsageDescription": "Sign in with Face ID",
              "NSContactsUsageDescription": "Invite friends",
              "NSPhotoLibraryUsageDescription": "Attach photos to reviews",
              "NSMicrophoneUsageDescription": "Voice search"}
PUB_DEPENDENCIES = {"dio": "^5.4.0", "flutter_bloc": "^8.1.3", "firebase_analytics": "^10.8.0",
                    "firebase_remote_config": "^4.3.8", "go_router": "^13.0.0",
                    "local_auth": "^2.1.8", "permission_handler": "^11.2.0",
                    "flutter_stripe": "^10.1.0", "shared_preferences": "^2.2.2",
                    "in_app_purchase": "^3.1.13", "flutter_secure_storage": "^9.0.0"}
NPM_DEPENDENCIES = {"axios": "^1.6.5", "@react-navigation/native": "^6.1.9",
                    "@react-navigation/native-stack": "^6.9.17",
                    "@react-native-firebase/analytics": "^19.0.0",
                    "@react-native-firebase/remote-config": "^19.0.0",
                    "@stripe/stripe-react-native": "^0.35.0",
                    "react-native-permissions": "^4.0.3", "react-native-biometrics": "^3.0.1",
                    "launchdarkly-react-native-client-sdk": "^8.0.0", "zod": "^3.22.4",
                    "react-native-keychain": "^8.1.2"}


def subset(r: random.Random, items, low: int) -> list:
    """A random subset of at least ``low`` items, in the items' own order."""
    chosen = set(r.sample(list(items), r.randint(low, len(items))))
    return [i for i in items if i in chosen]


ANDROID_MANIFEST = t('''
    <?xml version="1.0" encoding="utf-8"?>
    <manifest xmlns:android="http://schemas.android.com/apk/res/android"
        package="com.acme.shop">

    PERMISSIONS
        <!-- <uses-permission android:name="android.permission.READ_SMS" /> -->

        <application
            android:name=".ShopApplication"
            android:label="@string/app_name"
            android:theme="@style/Theme.Shop">
            <activity android:name=".MainActivity" android:exported="true">
                <intent-filter>
                    <action android:name="android.intent.action.MAIN" />
                    <category android:name="android.intent.category.LAUNCHER" />
                </intent-filter>
                <intent-filter android:autoVerify="true">
                    <action android:name="android.intent.action.VIEW" />
                    <category android:name="android.intent.category.DEFAULT" />
                    <category android:name="android.intent.category.BROWSABLE" />
                    <data android:scheme="https" android:host="shop.acme.com" android:pathPrefix="/PATH_PREFIX" />
                    <data android:scheme="acmeshop" android:host="open" />
                </intent-filter>
            </activity>
    ACTIVITIES
        </application>
    </manifest>''')


def android_manifest(r: random.Random) -> str:
    perms = "\n".join(f'    <uses-permission android:name="android.permission.{p}" />'
                      for p in subset(r, ANDROID_PERMISSIONS, 2))
    activities = "\n".join(f'        <activity android:name=".{f}.{cap(f)}Activity"'
                           ' android:exported="false" />' for f in subset(r, FEATURES, 3))
    return (ANDROID_MANIFEST.replace("PERMISSIONS", perms).replace("ACTIVITIES", activities)
            .replace("PATH_PREFIX", r.choice(ROUTES)) + "\n")


def info_plist(r: random.Random) -> str:
    usages = "".join(f"\t<key>{k}</key>\n\t<string>{v}</string>\n"
                     for k, v in IOS_USAGES.items() if k in subset(r, IOS_USAGES, 2))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
            '<plist version="1.0">\n<dict>\n'
            "\t<key>CFBundleIdentifier</key>\n\t<string>com.acme.shop</string>\n"
            "\t<key>CFBundleShortVersionString</key>\n"
            f"\t<string>{r.randint(1, 5)}.{r.randint(0, 20)}.0</string>\n"
            f"{usages}"
            "\t<key>CFBundleURLTypes</key>\n\t<array>\n\t\t<dict>\n"
            "\t\t\t<key>CFBundleURLSchemes</key>\n"
            "\t\t\t<array>\n\t\t\t\t<string>acmeshop</string>\n\t\t\t</array>\n"
            "\t\t</dict>\n\t</array>\n"
            "\t<key>com.apple.developer.associated-domains</key>\n"
            "\t<array>\n\t\t<string>applinks:shop.acme.com</string>\n\t</array>\n"
            "</dict>\n</plist>\n")


def pubspec(r: random.Random) -> str:
    deps = "".join(f"  {name}: {version}\n"
                   for name, version in PUB_DEPENDENCIES.items()
                   if name in subset(r, PUB_DEPENDENCIES, 4))
    return ("name: acme_shop\ndescription: The Acme shop app.\n"
            f"version: 1.{r.randint(0, 30)}.0+{r.randint(1, 400)}\n\n"
            "environment:\n  sdk: '>=3.2.0 <4.0.0'\n\n"
            "dependencies:\n  flutter:\n    sdk: flutter\n" + deps +
            "\ndev_dependencies:\n  flutter_test:\n    sdk: flutter\n"
            "  # mocktail is only used by widget tests\n  mocktail: ^1.0.1\n")


def package_json(r: random.Random) -> str:
    deps = {"react": "18.2.0", "react-native": "0.73.2"}
    deps.update((n, NPM_DEPENDENCIES[n]) for n in subset(r, NPM_DEPENDENCIES, 4))
    lines = ",\n".join(f'    "{name}": "{version}"' for name, version in deps.items())
    return ("{\n"
            '  "name": "acme-shop",\n'
            f'  "version": "1.{r.randint(0, 30)}.0",\n'
            '  "private": true,\n'
            '  "scripts": {\n    "start": "react-native start",\n    "test": "jest"\n  },\n'
            '  "dependencies": {\n' + lines + "\n  }\n}\n")


MANIFESTS = [("android/app/src/main/AndroidManifest.xml", android_manifest),
             ("ios/Shop/Info.plist", info_plist),
             ("flutter/pubspec.yaml", pubspec),
             ("mobile/package.json", package_json)]


# ---- expansion --------------------------------------------------------------------------------

def fill(line: str, filler: Filler) -> str:
    def value(m: re.Match) -> str:
        key = m.group(1)
        if key == "cond":
            return fill(filler.r.choice(filler.lang.conditions), filler)
        return filler[key]
    return PLACEHOLDER.sub(value, line)


def expand(template: str, r: random.Random, lang: Lang, depth: int, is_async: bool,
           preset: Dict[str, str]) -> List[str]:
    """The template's lines, placeholders filled, body markers replaced by nested blocks."""
    filler = Filler(r, lang, preset)
    out: List[str] = []
    for line in template.split("\n"):
        marker = line.strip()
        if marker in ("{{BODY}}", "{{ABODY}}", "{{SBODY}}"):
            pad = line[: len(line) - len(line.lstrip())]
            inner_async = {"{{BODY}}": is_async, "{{ABODY}}": True, "{{SBODY}}": False}[marker]
            out += indent(statements(r, lang, depth + 1, inner_async, preset), pad)
        elif marker == "{{MEMBERS}}":
            out.append(line)                # source_file puts the members there
        else:
            out += fill(line, filler).split("\n")
    return out


def indent(lines: List[str], pad: str) -> List[str]:
    return [pad + line if line else line for line in lines]


def statements(r: random.Random, lang: Lang, depth: int, is_async: bool,
               preset: Dict[str, str]) -> List[str]:
    """A block of 1-4 statements; deeper blocks are shorter and hold fewer compounds."""
    out: List[str] = []
    declared: set = set()
    for _ in range(r.randint(1, max(1, 5 - depth))):
        if depth < MAX_DEPTH and r.random() < 0.45 / depth:
            template = r.choice(lang.compound)
        else:
            pool = lang.simple + (lang.async_simple if is_async else [])
            template = r.choice(pool)
        lines = expand(template, r, lang, depth, is_async, preset)
        lines[0] = unique_declaration(lines[0], declared)
        out += lines
    return out


# A local declared by a statement's first line: `const x =`, `val x =`, `const { data: x } =`.
DECLARATION = re.compile(r"^((?:const|let|val|var|final|String|int|boolean|BOOL|NSString \*)\s*"
                         r"(?:\{ \w+: )?)(\w+)(?=\s*[=}])")


def unique_declaration(line: str, declared: set) -> str:
    """Renames a second declaration of a name in one block (x -> x2): JavaScript rejects it
    as a syntax error, the other languages at compile time."""
    m = DECLARATION.match(line)
    if not m:
        return line
    name, k = m.group(2), 2
    while name in declared:
        name, k = f"{m.group(2)}{k}", k + 1
    declared.add(name)
    return line[:m.start(2)] + name + line[m.end(2):]


def target_size(r: random.Random) -> int:
    x = r.random()
    if x < 0.08:
        return r.randint(300, 1500)
    if x < 0.85:
        return r.randint(2000, 6000)
    if x < 0.97:
        return r.randint(6000, 12000)
    return r.randint(12000, MAX_SIZE)


def members_text(r: random.Random, lang: Lang, kind: Kind, preset: Dict[str, str],
                 budget: int, cap_size: int, pad: str) -> List[str]:
    """Members until the budget is used; one at least, and none that would pass cap_size."""
    out: List[str] = []
    size, misses, names = 0, 0, set()
    while size < budget and misses < 5:
        member = indent(expand(r.choice(kind.members), r, lang, 0, False, preset), pad)
        cost = sum(len(line) + 1 for line in member) + 1
        name = member_name(member)
        if out and (size + cost > budget + 2000 or size + cost > cap_size or name in names):
            misses += 1             # too big for what is left, or a name taken: try another
            continue
        names.add(name)
        out += ([""] if out else []) + member
        size += cost
    return out


MEMBER_NAME = re.compile(r"(\w+)(?:\s*\(|:\(|\s=\s)")


def member_name(member: List[str]):
    """The function or type a member declares (``loadOrder`` of ``fun loadOrder(``), or None."""
    for line in member:
        if line.strip() and not line.lstrip().startswith(("@", "/", "*")):
            m = MEMBER_NAME.search(line)
            return m.group(1) if m else None
    return None


def source_file(r: random.Random, lang: Lang) -> Tuple[str, str, str]:
    """(feature, file stem, text) of one source file."""
    kind = r.choices(lang.kinds, weights=[k.weight for k in lang.kinds])[0]
    feature, noun = r.choice(FEATURES), r.choice(NOUNS)
    role = r.choice(kind.roles)
    preset = {"feature": feature, "noun": noun, "Role": role}
    budget = min(target_size(r), kind.max_size)
    lines: List[str] = []
    head_size = len(kind.template) - len("{{MEMBERS}}")
    for line in expand(kind.template, r, lang, 0, False, preset):
        if line.strip() == "{{MEMBERS}}":
            pad = line[: len(line) - len(line.lstrip())]
            # members draw their own nouns: a file about orders also touches carts and users
            lines += members_text(r, lang, kind, {"feature": feature},
                                  max(0, budget - head_size - 300), MAX_SIZE - head_size - 400,
                                  pad)
        else:
            lines.append(line)
    stem = cap(noun) + role
    if lang.snake_names:
        stem = re.sub(r"(?<!^)([A-Z])", r"_\1", stem).lower()
    return feature, stem, "\n".join(lines).rstrip("\n") + "\n"


# ---- the tree ---------------------------------------------------------------------------------

def file_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"gen_mobile_tree/{seed}/{index}")   # str seeds hash with SHA-512


def generate(files: int = 2000, seed: int = 11) -> Iterator[Tuple[str, str]]:
    """Yields (relative path, text) for each file, manifests first."""
    taken = set()
    for index in range(files):
        r = file_rng(seed, index)
        if index < len(MANIFESTS):
            path, write_manifest = MANIFESTS[index]
            yield path, write_manifest(r)
            continue
        lang = r.choices(LANGS, weights=[lang.weight for lang in LANGS])[0]
        feature, stem, text = source_file(r, lang)
        directory = lang.directory.format(feature=feature, Feature=cap(feature))
        path = unique_path(taken, directory, stem, lang.ext)
        yield path, text


def unique_path(taken: set, directory: str, stem: str, ext: str) -> str:
    path, k = f"{directory}/{stem}{ext}", 2
    while path in taken:
        path, k = f"{directory}/{stem}{k}{ext}", k + 1
    taken.add(path)
    return path


def write_tree(root: str, files: int = 2000, seed: int = 11) -> Tuple[int, int]:
    """Writes the tree under root; returns (files, bytes)."""
    count = total = 0
    for rel, text in generate(files, seed):
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        count, total = count + 1, total + len(data)
    return count, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    count, size = write_tree(args.out, args.files, args.seed)
    print(f"{count} files, {size} bytes ({size / 1e6:.1f} MB) in {args.out}")


if __name__ == "__main__":
    main()
