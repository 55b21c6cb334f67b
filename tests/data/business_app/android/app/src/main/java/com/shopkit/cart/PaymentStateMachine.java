package com.shopkit.cart;

import android.util.Log;

import androidx.annotation.Nullable;

import com.stripe.android.PaymentConfiguration;
import com.stripe.android.paymentsheet.PaymentSheet;
import com.stripe.android.paymentsheet.PaymentSheetResult;

import java.util.Objects;

/** The card payment flow (Stripe PaymentSheet), as an explicit state machine. */
public final class PaymentStateMachine {

    public sealed interface PaymentState permits Idle, Presenting, Completed, Declined {}

    public record Idle() implements PaymentState {}
    public record Presenting(String clientSecret) implements PaymentState {}
    public record Completed(String paymentIntentId) implements PaymentState {}
    public record Declined(String reason) implements PaymentState {}

    public enum RefundStatus { REQUESTED, APPROVED, REJECTED }

    private static final String TAG = "PaymentSM";
    private static final long MAX_AMOUNT_CENTS = 1_000_000L;
    private static final int MIN_AMOUNT_CENTS = 50;

    private PaymentState state = new Idle();
    private final PaymentSheet sheet;

    public PaymentStateMachine(android.content.Context context, PaymentSheet sheet, String publishableKey) {
        PaymentConfiguration.init(context, publishableKey);
        this.sheet = Objects.requireNonNull(sheet);
    }

    public void start(@Nullable String clientSecret, long amountCents) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            state = new Declined("missing client secret");
            return;
        }
        if (amountCents < MIN_AMOUNT_CENTS || amountCents > MAX_AMOUNT_CENTS) {
            state = new Declined("amount out of range");
            return;
        }
        state = new Presenting(clientSecret);
        PaymentSheet.Configuration config = new PaymentSheet.Configuration("ShopKit");
        sheet.presentWithPaymentIntent(clientSecret, config);
    }

    public void onResult(PaymentSheetResult result) {
        if (result instanceof PaymentSheetResult.Completed) {
            state = new Completed("pi");
        } else if (result instanceof PaymentSheetResult.Failed) {
            Throwable error = ((PaymentSheetResult.Failed) result).getError();
            state = new Declined(error.getMessage() != null ? error.getMessage() : "failed");
        } else {
            state = new Idle();
        }
    }

    public String describe() {
        try {
            return state.toString();
        } catch (RuntimeException e) {
            Log.w(TAG, "describe failed", e);
            return "?";
        } finally {
            Log.d(TAG, "describe");
        }
    }

    // Decoys: catch (Exception e) { } and state = new Completed("x") in a comment.
    private static final String DOC = "catch (Exception e) { state = new Idle(); }";
}
