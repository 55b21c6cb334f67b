package com.example.shop;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

public class PaymentValidator {

    public enum CardBrand { VISA, MASTERCARD, AMEX, UNKNOWN }

    public interface Listener {
        void onResult(boolean valid, List<String> errors);
    }

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("MM/yy", Locale.ROOT);

    private final YearMonth today;
    private final Listener listener;

    public PaymentValidator(YearMonth today, Listener listener) {
        this.today = today;
        this.listener = listener;
    }

    public CardBrand brandOf(String number) {
        if (number == null || number.isEmpty()) {
            return CardBrand.UNKNOWN;
        }
        switch (number.charAt(0)) {
            case '4':
                return CardBrand.VISA;
            case '5':
            case '2':
                return CardBrand.MASTERCARD;
            case '3':
                return number.length() > 1 && (number.charAt(1) == '4' || number.charAt(1) == '7')
                        ? CardBrand.AMEX : CardBrand.UNKNOWN;
            default:
                return CardBrand.UNKNOWN;
        }
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    public boolean isExpired(String expiry) {
        try {
            YearMonth month = YearMonth.parse(expiry.trim(), EXPIRY);
            return month.isBefore(today);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    public List<String> validate(String number, String expiry, String cvc) {
        List<String> errors = new ArrayList<>();
        String digits = number == null ? "" : number.replaceAll("\\s+", "");
        CardBrand brand = brandOf(digits);
        if (brand == CardBrand.UNKNOWN) {
            errors.add("unsupported card");
        } else if (digits.length() < 13 || !luhn(digits)) {
            errors.add("invalid card number");
        }
        if (expiry == null || isExpired(expiry)) {
            errors.add("card expired");
        }
        int cvcLength = brand == CardBrand.AMEX ? 4 : 3;
        if (cvc == null || cvc.length() != cvcLength || !cvc.chars().allMatch(Character::isDigit)) {
            errors.add("CVC must have " + cvcLength + " digits");
        }
        errors.sort(Comparator.comparing(String::length));
        return errors;
    }

    public void validateAsync(String number, String expiry, String cvc, Runnable onDone) {
        Thread worker = new Thread(new Runnable() {
            @Override
            public void run() {
                List<String> errors = validate(number, expiry, cvc);
                if (listener != null) {
                    listener.onResult(errors.isEmpty(), errors);
                }
                onDone.run();
            }
        }, "payment-validator");
        worker.setUncaughtExceptionHandler((thread, error) -> {
            if (listener != null) {
                listener.onResult(false, List.of("validator crashed: " + error.getMessage()));
            }
        });
        worker.start();
    }
}
