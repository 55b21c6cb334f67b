import AuthenticationServices
import Foundation
import LocalAuthentication
import Security

enum SessionState: Equatable {
    case signedOut
    case signingIn
    case signedIn(userID: String)
    case locked
}

@MainActor
final class AuthService: ObservableObject {
    static let maxFailedAttempts = 5
    static let sessionTimeout: TimeInterval = 15 * 60

    @Published private(set) var state: SessionState = .signedOut
    private var failedAttempts = 0
    private let api: AuthAPI
    private let keychain: KeychainStore

    init(api: AuthAPI, keychain: KeychainStore) {
        self.api = api
        self.keychain = keychain
    }

    func login(email: String, password: String) async throws {
        guard !email.isEmpty, !password.isEmpty else {
            throw AuthError.missingCredentials
        }
        guard failedAttempts < AuthService.maxFailedAttempts else {
            state = .locked
            throw AuthError.locked
        }
        state = .signingIn
        do {
            let tokens = try await api.login(email: email, password: password)
            keychain.set(tokens.access, key: "access_token")
            keychain.set(tokens.refresh, key: "refresh_token")
            failedAttempts = 0
            state = .signedIn(userID: tokens.userID)
        } catch AuthError.invalidCredentials {
            failedAttempts += 1
            state = .signedOut
            throw AuthError.invalidCredentials
        } catch {
            state = .signedOut
            throw error
        }
    }

    func signInWithApple() {
        let request = ASAuthorizationAppleIDProvider().createRequest()
        request.requestedScopes = [.email, .fullName]
        let controller = ASAuthorizationController(authorizationRequests: [request])
        controller.performRequests()
    }

    func unlockWithBiometrics() async -> Bool {
        let context = LAContext()
        var error: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &error) else {
            return false
        }
        do {
            return try await context.evaluatePolicy(.deviceOwnerAuthenticationWithBiometrics,
                                                    localizedReason: "Unlock ShopKit")
        } catch let error as LAError {
            return error.code == .userFallback ? false : false
        } catch {
            return false
        }
    }

    func refreshToken() async throws -> String {
        guard let refresh = keychain.get("refresh_token") else {
            state = .signedOut
            throw AuthError.sessionExpired
        }
        let tokens = try await api.refresh(refresh)
        keychain.set(tokens.access, key: "access_token")
        return tokens.access
    }

    func isTokenExpired(issuedAt: Date) -> Bool {
        Date().timeIntervalSince(issuedAt) > AuthService.sessionTimeout
    }

    func logout() {
        keychain.removeAll()
        state = .signedOut
    }
}

// Decoy: func login(email:password:) in a comment, and a string that says guard let token.
private let helpText = "guard let token = keychain.get(\"access_token\") else { logout() }"
