package com.example.shop

import androidx.lifecycle.LiveData
import androidx.lifecycle.MutableLiveData
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.launch
import java.math.BigDecimal
import java.math.RoundingMode

data class CartItem(
    val sku: String,
    val name: String,
    val price: BigDecimal,
    val quantity: Int,
    val stock: Int? = null,
)

sealed class CartState {
    object Loading : CartState()
    data class Ready(val items: List<CartItem>) : CartState()
    data class Failed(val message: String) : CartState()
}

fun BigDecimal.asPrice(currency: String = "EUR"): String =
    "${setScale(2, RoundingMode.HALF_UP).toPlainString()} $currency"

class CartViewModel(
    private val repository: CartRepository,
    private val analytics: Analytics? = null,
) : ViewModel() {

    private val _state = MutableLiveData<CartState>(CartState.Loading)
    val state: LiveData<CartState> get() = _state

    private var items: List<CartItem> = emptyList()
    var coupon: String? = null

    val subtotal: BigDecimal
        get() = items.fold(BigDecimal.ZERO) { acc, item ->
            acc + item.price * BigDecimal(item.quantity)
        }

    val badgeText: String
        get() {
            val count = items.sumOf { it.quantity }
            return if (count > MAX_BADGE) "$MAX_BADGE+" else count.toString()
        }

    fun load() {
        _state.value = CartState.Loading
        viewModelScope.launch {
            try {
                items = repository.fetchCart()
                _state.value = CartState.Ready(items)
            } catch (e: java.io.IOException) {
                _state.value = CartState.Failed(e.message ?: "Network error")
            }
        }
    }

    fun changeQuantity(sku: String, delta: Int) {
        val updated = items.mapNotNull { item ->
            when {
                item.sku != sku -> item
                item.quantity + delta <= 0 -> null
                item.stock != null && item.quantity + delta > item.stock -> item.copy(quantity = item.stock)
                else -> item.copy(quantity = item.quantity + delta)
            }
        }
        items = updated
        _state.value = CartState.Ready(updated)
        analytics?.track("cart_quantity_changed", mapOf("sku" to sku, "delta" to delta))
    }

    fun shippingFor(country: String, express: Boolean): BigDecimal {
        if (subtotal >= FREE_SHIPPING_FROM && !express) {
            return BigDecimal.ZERO
        }
        val base = when (country) {
            "DE", "AT" -> BigDecimal("4.90")
            "FR", "NL", "BE" -> BigDecimal("6.90")
            "CH" -> BigDecimal("12.50")
            else -> BigDecimal("14.90")
        }
        return if (express) base + BigDecimal("9.90") else base
    }

    fun checkoutLabel(): String {
        val total = subtotal
        return when (val current = _state.value) {
            is CartState.Loading -> "Loading…"
            is CartState.Failed -> "Retry (${current.message})"
            is CartState.Ready -> if (current.items.isEmpty()) "Cart is empty" else "Pay ${total.asPrice()}"
            null -> ""
        }
    }

    fun validationErrors(): List<String> {
        val errors = mutableListOf<String>()
        if (items.isEmpty()) errors += "empty cart"
        for (item in items) {
            val left = item.stock ?: continue
            if (item.quantity > left) {
                errors += "only $left of ${item.name} left"
            }
        }
        coupon?.takeIf { it.isNotBlank() }?.let { code ->
            if (!COUPON_PATTERN.matches(code)) errors += "invalid coupon '$code'"
        }
        return errors
    }

    companion object {
        const val MAX_BADGE = 99
        val FREE_SHIPPING_FROM = BigDecimal("49.00")
        private val COUPON_PATTERN = Regex("[A-Z0-9]{4,12}")

        fun previewItems(): List<CartItem> = listOf(
            CartItem("A-1", "Espresso beans", BigDecimal("12.90"), 2, stock = 10),
            CartItem("B-7", "Milk frother", BigDecimal("29.00"), 1),
        )
    }
}
