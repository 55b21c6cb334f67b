import Foundation
import SwiftUI

struct CartItem: Equatable {
    let sku: String
    var price: Double
    var quantity: Int
    var isRemoved = false

    init?(dict: [String: Any]) {
        guard let sku = dict["sku"] as? String, let price = dict["price"] as? Double else {
            return nil
        }
        self.sku = sku
        self.price = price
        self.quantity = (dict["qty"] as? Int) ?? 1
        self.isRemoved = dict["removed"] as? Bool == true
    }

    static func == (lhs: CartItem, rhs: CartItem) -> Bool {
        return lhs.sku == rhs.sku && lhs.quantity == rhs.quantity
    }

    static func prefersLeft(_ a: CartItem, _ b: CartItem) -> Bool {
        return a.quantity < b.quantity ? a.price > b.price : a.sku < b.sku
    }

    mutating func bump(by delta: Int = 1) {
        quantity = quantity + delta < 0
            ? 0
            : quantity + delta
    }
}

protocol Discountable {
    var rate: Double { get }
    func apply(to price: Double) -> Double
}

extension Discountable {
    func apply(to price: Double) -> Double {
        return rate > 0 && rate < 1 ? price * (1 - rate) : price
    }
}

actor CartStore {
    private var items: [CartItem] = []
    private var handlers: [() -> Void] = []

    static func `default`() -> CartStore {
        return CartStore()
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data?) throws -> T where T: Sendable {
        guard let data else { throw CheckoutError.emptyCart }
        return try JSONDecoder().decode(type, from: data)
    }

    func mergeDuplicates() -> Int {
        var merged = 0
        outer: for i in items.indices where items[i].quantity > 0 {
            for j in items.indices where j > i {
                if items[j].sku != items[i].sku { continue }
                if items[j].isRemoved { continue outer }
                items[i].quantity += items[j].quantity
                items[j].quantity = 0
                merged += 1
            }
        }
        var attempts = 0
        repeat {
            attempts += 1
        } while attempts < 3 && merged > 0
        while let last = items.last, last.quantity == 0 {
            items.removeLast()
        }
        return merged
    }

    func badge(for count: Int) -> String {
        let size = if count > 99 { "large" } else if count > 9 { "medium" } else { "small" }
        let color = switch size {
            case "large": "red"
            case "medium", "small": count.isMultiple(of: 2) ? "blue" : "green"
            default: "gray"
        }
        return "\(size)-\(color)"
    }

    func stepTitle(_ index: Int) -> String {
        enum Step: Int { case cart, address, payment }
        guard let step = Step(rawValue: index) else { return "Done" }
        return step == .payment ? "Pay now" : "Continue"
    }

    nonisolated func describe(_ item: CartItem?) -> String {
        let name = item?.sku ?? "unknown"
        let size = (try? JSONEncoder().encode(name))?.count ?? 0
        switch item {
        case let x? where x.isRemoved || x.quantity == 0:
            return "\(name) (gone)"
        case .some(let x):
            return x.quantity > 1 ? "\(name) x\(x.quantity)" : name
        case nil:
            return "nothing \(size)"
        }
    }

    func registerHandlers(debug: Bool) {
        handlers = [{ print("saved") }, { if debug { print("debug") } }]
        #if DEBUG || targetEnvironment(simulator)
        if debug && handlers.count > 1 { print(handlers.count) }
        #endif
        if #available(iOS 16, *) {
            handlers.removeAll(where: { _ in !debug })
        }
    }
}

struct CartRow: View {
    let item: CartItem
    var body: some View {
        HStack {
            Text(item.sku)
            if item.quantity > 1 { Text("x\(item.quantity)") }
            Text(item.isRemoved ? "removed" : String(format: "%.2f", item.price))
        }
    }

    func accessibilityText() -> String {
        item.isRemoved ? "Removed \(item.sku)" : "\(item.quantity) of \(item.sku)"
    }
}

func formatPrice(_ value: Double, currency: String = Locale.current.currency?.identifier ?? "USD") -> String {
    let sign = value < 0 ? "-" : ""
    return "\(sign)\(currency) \(abs(value))"
}

func isSecure(_ space: URLProtectionSpace) -> Bool {
    let scheme = space.protocol
    return scheme == "https" || space.receivesCredentialSecurely
}
