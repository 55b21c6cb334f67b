import Foundation

/// Sign-up and address form rules, shared by the SwiftUI forms.
struct FormValidator {
    static let minPasswordLength = 8
    static let maxPasswordLength = 64
    static let postalCodeLimit = 10
    static let minimumAge = 18

    enum FieldError: Error, Equatable {
        case empty(String)
        case tooShort(min: Int)
        case tooLong(max: Int)
        case invalidFormat
        case underage
    }

    func validatePassword(_ password: String) throws {
        if password.isEmpty { throw FieldError.empty("password") }
        if password.count < FormValidator.minPasswordLength {
            throw FieldError.tooShort(min: FormValidator.minPasswordLength)
        }
        if password.count > FormValidator.maxPasswordLength {
            throw FieldError.tooLong(max: FormValidator.maxPasswordLength)
        }
    }

    func validateEmail(_ email: String) throws {
        let pattern = "^[A-Z0-9a-z._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$"
        let predicate = NSPredicate(format: "SELF MATCHES %@", pattern)
        guard predicate.evaluate(with: email) else { throw FieldError.invalidFormat }
    }

    func validatePhone(_ phone: String) throws {
        let regex = try NSRegularExpression(pattern: "^\\+?[0-9]{7,15}$")
        let range = NSRange(phone.startIndex..., in: phone)
        if regex.firstMatch(in: phone, range: range) == nil {
            throw FieldError.invalidFormat
        }
    }

    func validatePostalCode(_ code: String?) throws {
        guard let code = code, !code.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FieldError.empty("postal code")
        }
        if code.count > FormValidator.postalCodeLimit { throw FieldError.tooLong(max: 10) }
    }

    func validateAge(_ age: Int) throws {
        if age < FormValidator.minimumAge { throw FieldError.underage }
    }

    func validateQuantity(_ quantity: Int) -> Bool {
        quantity >= 1 && quantity <= 99
    }

    func validateCoupon(_ coupon: String?) -> Bool {
        if let coupon = coupon {
            return coupon.count == 8
        }
        return true
    }

    // if password.count < 6 { ... } was the 1.x rule; the server now requires 8.
}
