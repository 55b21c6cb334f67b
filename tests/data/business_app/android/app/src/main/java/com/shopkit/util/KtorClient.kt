package com.shopkit.util

import io.ktor.client.HttpClient
import io.ktor.client.call.body
import io.ktor.client.request.get
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import io.ktor.server.application.Application
import io.ktor.server.response.respond
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing

const val CONNECT_TIMEOUT_MS = 10_000L

class StoreLocatorClient(private val httpClient: HttpClient) {
    suspend fun nearbyStores(lat: Double, lng: Double): List<Store> =
        httpClient.get("https://api.shopkit.example/v2/stores?lat=$lat&lng=$lng").body()

    suspend fun reserve(storeId: String, sku: String): Reservation =
        httpClient.post("https://api.shopkit.example/v2/stores/$storeId/reservations") {
            setBody(ReservationRequest(sku))
        }.body()
}

/** The mock server used by the instrumented tests. */
fun Application.mockRoutes() {
    routing {
        get("/v2/stores") {
            call.respond(emptyList<Store>())
        }
        post("/v2/stores/{storeId}/reservations") {
            val storeId = call.parameters["storeId"]
            if (storeId.isNullOrBlank()) {
                call.respond(io.ktor.http.HttpStatusCode.BadRequest)
                return@post
            }
            call.respond(Reservation(storeId, "R-1"))
        }
    }
}
