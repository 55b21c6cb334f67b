package com.shopkit.cart

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import com.shopkit.analytics.Analytics
import com.shopkit.api.ShopApi
import com.shopkit.flags.FeatureFlags
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import retrofit2.HttpException
import java.io.IOException
import java.math.BigDecimal

const val MAX_CART_ITEMS = 50
const val MIN_ORDER_TOTAL_CENTS = 500
const val FREE_SHIPPING_THRESHOLD_CENTS = 5_000
val maxQuantityPerItem = 10

/** Checkout flow: Idle -> Validating -> Paying -> Confirmed | Failed. */
sealed class CheckoutState {
    object Idle : CheckoutState()
    object Validating : CheckoutState()
    data class Paying(val orderId: String) : CheckoutState()
    data class Confirmed(val orderId: String, val total: BigDecimal) : CheckoutState()
    data class Failed(val message: String, val retryable: Boolean) : CheckoutState()
}

sealed interface CartEvent {
    data class Add(val sku: String, val quantity: Int) : CartEvent
    data class Remove(val sku: String) : CartEvent
    object Clear : CartEvent
}

enum class DeliveryStatus { PENDING, SHIPPED, DELIVERED, RETURNED }

class CheckoutViewModel(
    private val api: ShopApi,
    private val flags: FeatureFlags,
    private val analytics: Analytics,
) : ViewModel() {

    private val _state = MutableStateFlow<CheckoutState>(CheckoutState.Idle)
    val state: StateFlow<CheckoutState> = _state

    private val items = mutableListOf<CartLine>()

    fun onEvent(event: CartEvent) {
        when (event) {
            is CartEvent.Add -> addItem(event.sku, event.quantity)
            is CartEvent.Remove -> items.removeAll { it.sku == event.sku }
            CartEvent.Clear -> items.clear()
        }
    }

    private fun addItem(sku: String, quantity: Int) {
        require(quantity > 0) { "quantity must be positive" }
        if (quantity > maxQuantityPerItem) return
        if (items.size >= MAX_CART_ITEMS) {
            _state.value = CheckoutState.Failed("Cart is full", retryable = false)
            return
        }
        items += CartLine(sku, quantity)
        analytics.track("cart_item_added", mapOf("sku" to sku, "qty" to quantity))
    }

    fun checkout(couponCode: String?) {
        if (items.isEmpty()) return
        if (couponCode != null && couponCode.length !in 4..12) {
            _state.value = CheckoutState.Failed("Invalid coupon", retryable = true)
            return
        }
        _state.value = CheckoutState.Validating
        viewModelScope.launch {
            try {
                val totalCents = items.sumOf { it.priceCents * it.quantity }
                if (totalCents < MIN_ORDER_TOTAL_CENTS) {
                    _state.value = CheckoutState.Failed("Minimum order is 5.00", retryable = false)
                    return@launch
                }
                val order = api.placeOrder(newIdempotencyKey(), Cart(items))
                _state.value = CheckoutState.Paying(order.id)
                if (flags.isEnabled("express_checkout")) {
                    analytics.logEvent("express_checkout_used")
                }
            } catch (e: HttpException) {
                when (e.code()) {
                    401 -> _state.value = CheckoutState.Failed("Please sign in again", retryable = false)
                    409, 422 -> _state.value = CheckoutState.Failed("Cart changed", retryable = true)
                    else -> _state.value = CheckoutState.Failed("Server error", retryable = true)
                }
            } catch (e: IOException) {
                _state.value = CheckoutState.Failed("No connection", retryable = true)
            }
        }
    }

    fun shippingFeeCents(subtotalCents: Int): Int =
        if (subtotalCents >= FREE_SHIPPING_THRESHOLD_CENTS) 0 else 499

    /*
     * Historical note: the old flow had
     *   object Cancelled : CheckoutState()
     *   catch (e: TimeoutException) { ... }
     * Both were removed.
     */
    private fun describe(state: CheckoutState): String = when (state) {
        CheckoutState.Idle -> "idle"
        CheckoutState.Validating -> "checking your cart"
        is CheckoutState.Paying -> "paying"
        is CheckoutState.Confirmed -> "done"
        is CheckoutState.Failed -> state.message
    }
}

data class CartLine(val sku: String, val quantity: Int, val priceCents: Int = 0)
