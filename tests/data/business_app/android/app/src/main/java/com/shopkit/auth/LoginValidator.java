package com.shopkit.auth;

import android.text.TextUtils;
import android.util.Patterns;

import java.util.regex.Pattern;

import javax.validation.constraints.Email;
import javax.validation.constraints.NotBlank;
import javax.validation.constraints.Size;

/** Client-side checks mirrored from the server's SignUpRequest. */
public class LoginValidator {

    public static final int PASSWORD_MIN_LENGTH = 8;
    public static final int PASSWORD_MAX_LENGTH = 64;
    public static final int USERNAME_MAX = 30;
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9]{7,15}$");

    public static class SignUpForm {
        @NotBlank
        @Email
        public String email;

        @Size(min = 8, max = 64)
        public String password;

        @Size(max = 30)
        public String username;
    }

    public boolean isValidEmail(String email) {
        if (email == null || TextUtils.isEmpty(email)) {
            return false;
        }
        return Patterns.EMAIL_ADDRESS.matcher(email).matches();
    }

    public String passwordError(String password) {
        if (password == null) return "Password is required";
        if (password.length() < PASSWORD_MIN_LENGTH) return "At least 8 characters";
        if (password.length() > PASSWORD_MAX_LENGTH) return "At most 64 characters";
        if (!password.matches(".*[0-9].*")) return "Add a digit";
        return null;
    }

    public boolean isValidUsername(String name) {
        return name != null && !name.isEmpty() && name.length() <= USERNAME_MAX;
    }

    public boolean isValidPhone(String phone) {
        return PHONE.matcher(phone).matches();
    }

    public User login(String email, String password) throws AuthException {
        // "password.length() < 8" in this comment is documentation, not a check.
        String hint = "password.length() < 8 is rejected";
        return authenticateWithServer(email, password, hint);
    }

    private User authenticateWithServer(String email, String password, String hint) throws AuthException {
        try {
            return AuthClient.get().authenticate(email, password);
        } catch (AuthClient.RateLimitedException e) {
            throw new AuthException("Too many attempts", e);
        }
    }
}
