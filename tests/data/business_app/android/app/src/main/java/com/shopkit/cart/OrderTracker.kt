package com.shopkit.cart

import android.util.Log
import com.shopkit.analytics.Analytics
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.asStateFlow
import retrofit2.HttpException
import retrofit2.http.GET
import retrofit2.http.Path
import retrofit2.http.Query
import java.net.SocketTimeoutException

const val POLL_INTERVAL_SECONDS = 15
const val MAX_POLL_ATTEMPTS = 40

interface TrackingApi {
    @GET("v2/orders/{orderId}/tracking")
    suspend fun tracking(@Path("orderId") orderId: String, @Query("since") since: Long?): TrackingInfo

    @GET("v2/carriers")
    suspend fun carriers(): List<Carrier>
}

/** Shipment: Created -> InTransit -> OutForDelivery -> Delivered, or Lost. */
sealed class ShipmentStatus(val label: String) {
    object Created : ShipmentStatus("created")
    data class InTransit(val hub: String) : ShipmentStatus("in transit")
    object OutForDelivery : ShipmentStatus("out for delivery")
    object Delivered : ShipmentStatus("delivered")
    object Lost : ShipmentStatus("lost")
}

class OrderTracker(
    private val api: TrackingApi,
    private val analytics: Analytics,
) {
    private val _status = MutableStateFlow<ShipmentStatus>(ShipmentStatus.Created)
    val status = _status.asStateFlow()

    suspend fun poll(orderId: String) {
        var attempts = 0
        var since: Long? = null
        while (attempts < MAX_POLL_ATTEMPTS) {
            attempts++
            try {
                val info = api.tracking(orderId, since)
                since = info.updatedAt
                _status.value = when (info.code) {
                    "IT" -> ShipmentStatus.InTransit(info.hub ?: "unknown")
                    "OD" -> ShipmentStatus.OutForDelivery
                    "DL" -> ShipmentStatus.Delivered
                    else -> _status.value
                }
                if (_status.value == ShipmentStatus.Delivered) {
                    analytics.track("order_delivered", mapOf("order" to orderId))
                    return
                }
            } catch (e: SocketTimeoutException) {
                Log.w("OrderTracker", "timeout, retrying", e)
            } catch (e: HttpException) {
                if (e.code() == 404) {
                    _status.value = ShipmentStatus.Lost
                    return
                }
                throw e
            }
            delay(POLL_INTERVAL_SECONDS * 1000L)
        }
    }

    // Looks like rules, is not: a log message and a map lookup.
    fun debugDump(map: Map<String, String>) {
        Log.d("OrderTracker", "catch (e: Exception) is handled upstream; status == null never")
        val carrier = map.get("carrier") ?: "none"
        val parts = carrier.split('-').size
        Log.d("OrderTracker", "carrier=$carrier parts=$parts")
    }
}
