package com.shopkit.flags

import com.google.firebase.remoteconfig.FirebaseRemoteConfig
import com.google.firebase.remoteconfig.ktx.remoteConfigSettings
import com.launchdarkly.sdk.android.LDClient

/** Flags from Firebase Remote Config, with LaunchDarkly for experiments. */
class FeatureFlags(
    private val remoteConfig: FirebaseRemoteConfig,
    private val ldClient: LDClient,
) {
    private val minimumFetchIntervalSeconds = 3600L

    init {
        remoteConfig.setConfigSettingsAsync(remoteConfigSettings {
            minimumFetchIntervalInSeconds = minimumFetchIntervalSeconds
        })
        remoteConfig.setDefaultsAsync(mapOf("new_checkout_enabled" to false, "max_coupons" to 1))
    }

    val newCheckout: Boolean get() = remoteConfig.getBoolean("new_checkout_enabled")
    val maxCoupons: Long get() = remoteConfig.getLong("max_coupons")
    val bannerText: String get() = remoteConfig.getString("home_banner_text")

    fun isEnabled(key: String): Boolean = ldClient.boolVariation(key, false)

    val showReviews: Boolean get() = ldClient.boolVariation("product-reviews-v2", false)
    val searchVariant: String get() = ldClient.stringVariation("search-ranking", "control")

    // remoteConfig.getBoolean("legacy_cart") — retired in 3.0
    val docs = "remoteConfig.getBoolean(\"debug_menu\") is for QA builds"
}
