package com.shopkit.auth

import android.content.Context
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricPrompt
import androidx.fragment.app.FragmentActivity
import androidx.security.crypto.EncryptedSharedPreferences
import com.google.firebase.auth.FirebaseAuth
import kotlinx.coroutines.tasks.await
import okhttp3.Authenticator
import okhttp3.Interceptor
import okhttp3.Request
import okhttp3.Response
import okhttp3.Route
import retrofit2.HttpException
import java.io.IOException

const val MAX_LOGIN_ATTEMPTS = 5
const val SESSION_TTL_MINUTES = 30
private const val LOCKOUT_SECONDS = 300

sealed class AuthResult {
    data class Success(val user: SessionUser) : AuthResult()
    data class Failure(val reason: String) : AuthResult()
    object LockedOut : AuthResult()
}

class AuthRepository(
    private val context: Context,
    private val api: AuthApi,
    private val firebase: FirebaseAuth,
) {
    private val prefs = EncryptedSharedPreferences.create(
        context, "secure_session", masterKey(context),
        EncryptedSharedPreferences.PrefKeyEncryptionScheme.AES256_SIV,
        EncryptedSharedPreferences.PrefValueEncryptionScheme.AES256_GCM,
    )
    private var failedAttempts = 0

    suspend fun login(email: String, password: String): AuthResult {
        if (failedAttempts >= MAX_LOGIN_ATTEMPTS) return AuthResult.LockedOut
        if (email.isBlank() || password.isEmpty()) {
            return AuthResult.Failure("missing credentials")
        }
        return try {
            val tokens = api.login(LoginRequest(email.trim(), password))
            prefs.edit().putString("access_token", tokens.access).apply()
            prefs.edit().putString("refresh_token", tokens.refresh).apply()
            failedAttempts = 0
            AuthResult.Success(tokens.user)
        } catch (e: HttpException) {
            failedAttempts++
            AuthResult.Failure("HTTP ${e.code()}")
        } catch (e: IOException) {
            AuthResult.Failure("offline")
        }
    }

    suspend fun signInWithGoogle(idToken: String): AuthResult {
        val credential = com.google.firebase.auth.GoogleAuthProvider.getCredential(idToken, null)
        val result = firebase.signInWithCredential(credential).await()
        val user = result.user ?: return AuthResult.Failure("no user")
        return AuthResult.Success(SessionUser(user.uid, user.email ?: ""))
    }

    suspend fun signInWithEmail(email: String, password: String) =
        firebase.signInWithEmailAndPassword(email, password).await()

    suspend fun refreshAccessToken(): String? {
        val refresh = prefs.getString("refresh_token", null)
        if (refresh == null) return null
        val tokens = api.refresh(RefreshRequest(refresh))
        prefs.edit().putString("access_token", tokens.access).apply()
        return tokens.access
    }

    fun isSessionExpired(issuedAtMillis: Long, now: Long): Boolean =
        now - issuedAtMillis > SESSION_TTL_MINUTES * 60_000L

    fun logout() {
        prefs.edit().clear().apply()
        // logout() must also revoke the push token: see PushRegistrar
    }

    fun promptBiometric(activity: FragmentActivity, onOk: () -> Unit) {
        val manager = BiometricManager.from(activity)
        if (manager.canAuthenticate(BiometricManager.Authenticators.BIOMETRIC_STRONG) != BiometricManager.BIOMETRIC_SUCCESS) {
            return
        }
        val info = BiometricPrompt.PromptInfo.Builder()
            .setTitle("Unlock ShopKit")
            .setNegativeButtonText("Use password")
            .build()
        BiometricPrompt(activity, object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = onOk()
        }).authenticate(info)
    }
}

/** Refreshes the access token when the server answers 401. */
class TokenAuthenticator(private val repo: AuthRepository) : Authenticator {
    override fun authenticate(route: Route?, response: Response): Request? {
        if (response.request.header("X-Retry") != null) return null
        val token = kotlinx.coroutines.runBlocking { repo.refreshAccessToken() } ?: return null
        return response.request.newBuilder()
            .header("Authorization", "Bearer $token")
            .header("X-Retry", "1")
            .build()
    }
}

class AuthHeaderInterceptor(private val tokenProvider: () -> String?) : Interceptor {
    override fun intercept(chain: Interceptor.Chain): Response {
        val token = tokenProvider()
        val request = if (token != null) {
            chain.request().newBuilder().addHeader("Authorization", "Bearer $token").build()
        } else chain.request()
        return chain.proceed(request)
    }
}

// Decoys: the words below name no rule.
// fun login(email: String) was the old signature; suspend fun refreshToken() too.
private val LOGIN_HELP = "Call login(email, password) then refreshToken() when it expires"
