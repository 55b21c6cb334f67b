package com.shopkit.util

import java.text.NumberFormat
import java.util.Locale

/**
 * Formatting helpers. Nothing here is a business rule, although much of it looks like one:
 *
 *   @POST("v2/orders")                      (KDoc, not an annotation)
 *   if (password.length < 8) return false   (an example in a comment)
 *   _state.value = CheckoutState.Failed     (ditto)
 */
object Formatting {
    private val cache = HashMap<String, String>()
    private val currency = NumberFormat.getCurrencyInstance(Locale.GERMANY)

    fun price(cents: Long): String = currency.format(cents / 100.0)

    fun cached(key: String): String? = cache.get(key)

    fun initials(name: String): String =
        name.split(' ').filter { it.isNotEmpty() }.take(2).joinToString("") { it.first().uppercase() }

    fun clamp(value: Int, low: Int, high: Int): Int = Math.max(low, Math.min(value, high))

    fun describe(count: Int): String = when (count) {
        0 -> "no items"
        1 -> "one item"
        else -> "$count items"
    }

    val examples = listOf(
        "catch (e: HttpException)",
        "remoteConfig.getBoolean(\"x\")",
        "navController.navigate(\"home\")",
        "Manifest.permission.CAMERA",
        "const val MAX_ITEMS = 5",
    )

    /* fun login(email: String) = TODO()
       logEvent("never_sent") */
    fun truncate(text: String, max: Int): String =
        if (text.length > max) text.take(max - 1) + "…" else text
}
