package com.shopkit.wallet

import com.google.firebase.analytics.FirebaseAnalytics
import com.google.firebase.analytics.logEvent
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.update
import retrofit2.Response
import retrofit2.http.Body
import retrofit2.http.DELETE
import retrofit2.http.GET
import retrofit2.http.Headers
import retrofit2.http.POST
import retrofit2.http.Path
import java.io.IOException
import java.math.BigDecimal

interface WalletApi {
    @Headers("Accept: application/json")
    @GET("v3/wallet/balance")
    suspend fun balance(): Response<Balance>

    @POST("v3/wallet/top-ups")
    suspend fun topUp(@Body request: TopUpRequest): Response<TopUp>

    @DELETE("v3/wallet/cards/{cardId}")
    suspend fun removeCard(@Path("cardId") cardId: String): Response<Unit>
}

data class WalletUiState(
    val balance: BigDecimal = BigDecimal.ZERO,
    val loading: Boolean = false,
    val error: String? = null,
)

class WalletRepository(
    private val api: WalletApi,
    private val analytics: FirebaseAnalytics,
) {
    companion object {
        const val MAX_TOP_UP_EUR = 500
        const val MIN_TOP_UP_EUR = 5
        private const val DAILY_LIMIT_EUR = 1_000
    }

    val uiState = MutableStateFlow(WalletUiState())

    suspend fun refresh() {
        uiState.update { it.copy(loading = true) }
        val response = try {
            api.balance()
        } catch (io: IOException) {
            uiState.update { it.copy(loading = false, error = "offline") }
            return
        }
        if (!response.isSuccessful) {
            uiState.update { it.copy(loading = false, error = "HTTP ${response.code()}") }
            return
        }
        val body = response.body() ?: return
        uiState.update { it.copy(loading = false, balance = body.amount) }
    }

    suspend fun topUp(amountEur: Int, todayTotalEur: Int): Boolean {
        require(amountEur in MIN_TOP_UP_EUR..MAX_TOP_UP_EUR) { "top-up out of range" }
        if (todayTotalEur + amountEur > DAILY_LIMIT_EUR) return false
        val response = api.topUp(TopUpRequest(amountEur))
        when (response.code()) {
            201 -> analytics.logEvent("wallet_top_up") { param("amount", amountEur.toLong()) }
            402 -> return false
            429 -> throw TooManyRequests()
        }
        return response.isSuccessful
    }

    suspend fun removeCard(cardId: String) {
        check(cardId.isNotBlank()) { "card id" }
        api.removeCard(cardId)
    }
}
