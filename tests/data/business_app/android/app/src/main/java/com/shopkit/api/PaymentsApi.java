package com.shopkit.api;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;

/** Payments endpoints (Java, Retrofit and a raw OkHttp fallback). */
public final class PaymentsApi {

    public interface Service {
        @POST("v2/payments/intents")
        Call<PaymentIntent> createIntent(@Body IntentRequest request);

        @GET("v2/payments/methods")
        Call<PaymentMethods> listMethods(@Query("customer") String customerId);

        @POST("v2/payments/intents/{intentId}/confirm")
        Call<PaymentIntent> confirmIntent(@Path("intentId") String intentId, @Body ConfirmRequest body);

        @GET("v2/payments/refunds/{refundId}")
        Call<Refund> getRefund(@Path("refundId") String refundId);
    }

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_RETRIES = 3;
    private static final long REQUEST_TIMEOUT_SECONDS = 30L;

    private final OkHttpClient http = new OkHttpClient.Builder()
            .callTimeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .build();

    public String postWebhookAck(String eventId) throws IOException {
        RequestBody body = RequestBody.create("{\"event\":\"" + eventId + "\"}", JSON);
        Request request = new Request.Builder()
                .url("https://api.shopkit.example/v2/payments/webhooks/ack")
                .post(body)
                .build();
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            try (Response response = http.newCall(request).execute()) {
                if (response.code() == 409) {
                    return "duplicate";
                }
                if (response.isSuccessful()) {
                    return response.body().string();
                }
            } catch (IOException | IllegalStateException e) {
                if (attempt == MAX_RETRIES - 1) throw new IOException("ack failed", e);
            }
        }
        return null;
    }

    public void deleteCard(String cardId) throws IOException {
        Request request = new Request.Builder().url("https://api.shopkit.example/v2/payments/cards").delete().build();
        try {
            http.newCall(request).execute().close();
        } catch (final java.net.SocketTimeoutException timeout) {
            // the card stays until the next sync
        }
    }

    /* Not a request: .url("https://example.com").post(body) appears only in this comment. */
}
