package com.shopkit.api

import com.shopkit.model.Address
import com.shopkit.model.Cart
import com.shopkit.model.CartItem
import com.shopkit.model.Order
import com.shopkit.model.Product
import com.shopkit.model.Review
import com.shopkit.model.User
import retrofit2.Response
import retrofit2.http.Body
import retrofit2.http.DELETE
import retrofit2.http.GET
import retrofit2.http.Header
import retrofit2.http.PATCH
import retrofit2.http.POST
import retrofit2.http.PUT
import retrofit2.http.Path
import retrofit2.http.Query

/**
 * The shop's REST API, as seen by Retrofit.
 *
 * Example (documentation only, not an endpoint):
 *   @GET("v1/legacy/catalog") was removed in 2.3
 */
interface ShopApi {

    @GET("v2/products")
    suspend fun listProducts(@Query("category") category: String?, @Query("page") page: Int): List<Product>

    @GET("v2/products/{productId}")
    suspend fun getProduct(@Path("productId") productId: String): Product

    @GET("v2/products/{productId}/reviews")
    suspend fun getReviews(
        @Path("productId") productId: String,
        @Query("limit") limit: Int = 20,
    ): List<Review>

    @POST("v2/cart/items")
    suspend fun addToCart(@Body item: CartItem): Cart

    @PUT("v2/cart/items/{itemId}")
    suspend fun updateCartItem(@Path("itemId") itemId: String, @Body item: CartItem): Cart

    @DELETE("v2/cart/items/{itemId}")
    suspend fun removeCartItem(@Path("itemId") itemId: String): Response<Unit>

    @PATCH("v2/users/me")
    suspend fun updateProfile(@Body user: User): User

    @GET("v2/users/me/addresses")
    suspend fun addresses(): List<Address>

    @POST("v2/orders")
    suspend fun placeOrder(@Header("Idempotency-Key") key: String, @Body cart: Cart): Order

    // @DELETE("v2/orders/{orderId}") — cancellation goes through support, see SHOP-812
    // @GET("v1/products") suspend fun legacyProducts(): List<Product>

    @GET(value = "v2/orders/{orderId}")
    suspend fun getOrder(@Path("orderId") orderId: String): Order
}

object ApiDocs {
    // A string that mentions an annotation must not count as an endpoint.
    const val HELP = "Use @GET(\"v2/products\") to list products"
    val SAMPLE = """
        @POST("v2/cart/items")
    """
}
