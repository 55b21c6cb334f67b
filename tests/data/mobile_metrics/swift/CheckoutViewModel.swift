import Foundation

/* Checkout screen view model.
   /* nested comment: if a && b { } */ still a comment: case x ? y : z
*/
protocol PaymentGateway {
    func charge(amount: Double, token: String) async throws -> Receipt
    var isAvailable: Bool { get }
    init?(config: [String: String])
}

enum CheckoutError: Error {
    case emptyCart, invalidCard(String)
    case declined(code: Int)

    var message: String {
        switch self {
        case .emptyCart: return "Your cart is empty"
        case .invalidCard(let reason): return "Card rejected: \(reason)"
        case .declined(let code): return code > 500 ? "Try again later" : "Declined"
        }
    }

    func isRetryable() -> Bool {
        if case .declined(let code) = self, code >= 500 {
            return true
        }
        return false
    }
}

let defaultSort: (CartItem, CartItem) -> Bool = { $0.price > $1.price ? true : $0.sku < $1.sku }

final class CheckoutViewModel {
    private(set) var items: [CartItem] = []
    var promoCode: String? {
        willSet { if newValue != promoCode { discountCache = nil } }
        didSet {
            guard let code = promoCode, !code.isEmpty else { return }
            validate(code: code)
        }
    }
    var isBusy = false
    private var discountCache: Double?
    private let api = CartAPI()

    lazy var formatter: NumberFormatter = {
        let f = NumberFormatter()
        f.maximumFractionDigits = items.isEmpty ? 0 : 2
        return f
    }()

    var total: Double {
        items.reduce(0) { $0 + ($1.quantity > 0 ? $1.price * Double($1.quantity) : 0) }
    }

    var discount: Double {
        get { discountCache ?? 0 }
        set { discountCache = newValue > 0 && newValue < 1 ? newValue : nil }
    }

    init(items: [CartItem] = []) {
        self.items = items
    }

    convenience init?(json: [String: Any]) {
        guard let raw = json["items"] as? [[String: Any]] else { return nil }
        self.init(items: raw.compactMap { CartItem(dict: $0) })
    }

    deinit {
        if isBusy { print("deallocated while busy") }
    }

    subscript(index: Int) -> CartItem? {
        get { return index >= 0 && index < items.count ? items[index] : nil }
        set {
            guard let item = newValue else { items.remove(at: index); return }
            items[index] = item
        }
    }

    func applyPromo(_ code: String, for user: User) -> Bool {
        guard !code.isEmpty, user.isVerified || user.isStaff else {
            return false
        }
        let normalized = code.uppercased()
        if normalized.hasPrefix("VIP") && !user.isVerified {
            return false
        } else if let pct = Int(normalized.dropFirst(4)), pct > 0 && pct <= 50 {
            discountCache = Double(pct) / 100
        } else {
            discountCache = nil
        }
        return discountCache != nil
    }

    @discardableResult
    func submit(using gateway: PaymentGateway) async -> Result<Receipt, CheckoutError> {
        guard !items.isEmpty else { return .failure(.emptyCart) }
        isBusy = true
        defer { isBusy = false }
        do {
            let receipt = try await gateway.charge(amount: total, token: "tok")
            return .success(receipt)
        } catch let error as CheckoutError where error.isRetryable() {
            return .failure(error)
        } catch {
            print("charge failed: \(error.localizedDescription), busy: \(isBusy ? "yes" : "no")")
            return .failure(.declined(code: 0))
        }
    }

    func summary() -> String {
        let count = items.count
        let text = """
            Items: \(count) "in cart" if any && case
            Promo: \(promoCode ?? "none") \(discountCache != nil ? "applied" : "")
            """
        let raw = #"Path: C:\temp\"quoted" if \(not) interpolated \#(count > 1 ? "s" : "")"#
        return text + raw
    }

    func promoDigits(in text: String) -> Int? {
        let pattern = #/PROMO-(\d+)? if && case/#
        guard let match = text.firstMatch(of: pattern), let digits = match.1 else {
            return nil
        }
        return Int(digits)
    }

    func refresh(completion: @escaping (Bool) -> Void) {
        api.fetchCart { [weak self] result in
            guard let self = self else { return }
            switch result {
            case .success(let fresh):
                self.items = fresh.filter { item in
                    item.quantity > 0 && !item.isRemoved
                }
                completion(true)
            case .failure(let error) where error.isRetryable():
                DispatchQueue.main.asyncAfter(deadline: .now() + 1) {
                    self.refresh(completion: completion)
                }
            case .failure:
                completion(false)
            }
        }
    }

    func subtotal(excluding skus: Set<String>) -> Double {
        let kept = items.filter({ !skus.contains($0.sku) })
        let sum = kept.reduce(0.0, { acc, item in acc + item.price * Double(item.quantity) })
        if sum < 0 || sum.isNaN {
            return 0
        }
        return sum
    }

    func validate(code: String) {
        func isWellFormed(_ s: String) -> Bool {
            return s.count >= 4 && s.allSatisfy { $0.isLetter || $0.isNumber }
        }
        if !isWellFormed(code) {
            promoCode = nil
        }
    }
}
