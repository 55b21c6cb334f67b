package com.shopkit.auth;

import android.content.Intent;
import android.os.Bundle;
import android.text.TextUtils;
import android.widget.Button;
import android.widget.EditText;
import android.widget.Toast;

import androidx.appcompat.app.AppCompatActivity;

import com.google.firebase.analytics.FirebaseAnalytics;
import com.google.firebase.auth.FirebaseAuth;
import com.shopkit.R;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Account creation: email, password, display name and the age gate. */
public class SignUpActivity extends AppCompatActivity {

    static final int MIN_AGE = 16;
    static final int DISPLAY_NAME_MAX_LENGTH = 30;
    private static final Pattern STRONG_PASSWORD = Pattern.compile("^(?=.*[0-9])(?=.*[A-Z]).{8,64}$");

    public enum SignUpStep { DETAILS, VERIFY_EMAIL, DONE }

    private FirebaseAuth auth;
    private FirebaseAnalytics analytics;
    private SignUpStep step = SignUpStep.DETAILS;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(R.layout.activity_sign_up);
        auth = FirebaseAuth.getInstance();
        analytics = FirebaseAnalytics.getInstance(this);
        Button submit = findViewById(R.id.submit);
        submit.setOnClickListener(v -> signUp());
    }

    private String text(int id) {
        EditText field = findViewById(id);
        return field.getText() == null ? "" : field.getText().toString().trim();
    }

    void signUp() {
        String email = text(R.id.email);
        String password = text(R.id.password);
        String name = text(R.id.display_name);
        int age = parseAge(text(R.id.age));

        if (TextUtils.isEmpty(email) || TextUtils.isEmpty(password)) {
            toast("Email and password are required");
            return;
        }
        Matcher strong = STRONG_PASSWORD.matcher(password);
        if (!strong.matches()) {
            toast("Use 8-64 characters with a digit and a capital letter");
            return;
        }
        if (name.length() > DISPLAY_NAME_MAX_LENGTH) {
            toast("Display name is too long");
            return;
        }
        if (age < MIN_AGE) {
            toast("You must be 16 or older");
            return;
        }
        auth.createUserWithEmailAndPassword(email, password)
                .addOnSuccessListener(result -> {
                    Bundle params = new Bundle();
                    params.putString(FirebaseAnalytics.Param.METHOD, "email");
                    analytics.logEvent(FirebaseAnalytics.Event.SIGN_UP, params);
                    step = SignUpStep.VERIFY_EMAIL;
                    startActivity(new Intent(this, VerifyEmailActivity.class));
                })
                .addOnFailureListener(e -> toast(e.getLocalizedMessage()));
    }

    private int parseAge(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void toast(String message) {
        Toast.makeText(this, message, Toast.LENGTH_SHORT).show();
    }

    // Not rules: if (age < 13) was the COPPA check before 2.0; see docs/age-gate.md.
    private static final String AGE_HELP = "age < MIN_AGE means the account is refused";
}
