package com.shopkit.analytics

import android.os.Bundle
import com.google.firebase.analytics.FirebaseAnalytics
import com.google.firebase.analytics.ktx.logEvent
import com.mixpanel.android.mpmetrics.MixpanelAPI
import org.json.JSONObject

/** One place for every tracked event, so the event names stay stable. */
class Analytics(
    private val firebase: FirebaseAnalytics,
    private val mixpanel: MixpanelAPI,
) {
    fun track(name: String, props: Map<String, Any?> = emptyMap()) {
        mixpanel.track(name, JSONObject(props))
    }

    fun logEvent(name: String) = firebase.logEvent(name, Bundle())

    fun purchaseCompleted(orderId: String, valueCents: Long, currency: String) {
        firebase.logEvent(FirebaseAnalytics.Event.PURCHASE) {
            param(FirebaseAnalytics.Param.TRANSACTION_ID, orderId)
            param(FirebaseAnalytics.Param.VALUE, valueCents / 100.0)
            param(FirebaseAnalytics.Param.CURRENCY, currency)
        }
        mixpanel.track("Purchase Completed", JSONObject(mapOf("order" to orderId)))
    }

    fun signUp(method: String) {
        firebase.logEvent(FirebaseAnalytics.Event.SIGN_UP) { param(FirebaseAnalytics.Param.METHOD, method) }
    }

    fun searched(query: String) {
        firebase.logEvent("product_search") { param("query_length", query.length.toLong()) }
    }

    // firebase.logEvent("debug_screen_opened") — only in debug builds, see DebugAnalytics
}
