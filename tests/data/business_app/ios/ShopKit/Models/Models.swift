import Foundation

/// The JSON payloads of the ShopKit API, decoded with JSONDecoder.
struct Product: Codable, Identifiable {
    let id: String
    let name: String
    let priceCents: Int
    var imageURL: URL?
}

struct Order: Decodable {
    let id: String
    let total: Decimal
    let items: [CartItem]
    let placedAt: Date
}

final class CartItem: Codable, Hashable {
    let sku: String
    var quantity: Int

    init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }
}

struct TopUpRequest: Encodable { let amount: Decimal; let currency: String }

// Not models: a view and a plain helper struct; `struct Receipt: Codable` in this comment.
struct PriceFormatter {
    let locale: Locale
}
