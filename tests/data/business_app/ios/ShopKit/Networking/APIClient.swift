import Alamofire
import Foundation

enum APIError: Error {
    case unauthorized
    case server(status: Int)
    case decoding(Error)
}

/// The ShopKit REST API over Alamofire, with a URLSession path for uploads.
final class APIClient {
    static let shared = APIClient()
    static let requestTimeout: TimeInterval = 30
    static let maxRetryCount = 3

    private let baseURL = "https://api.shopkit.example"
    private let session: URLSession = .shared

    func products(category: String?) async throws -> [Product] {
        try await AF.request("https://api.shopkit.example/v2/products", method: .get, parameters: ["category": category ?? ""])
            .validate()
            .serializingDecodable([Product].self).value
    }

    func addToCart(_ item: CartItem) async throws -> Cart {
        try await AF.request("https://api.shopkit.example/v2/cart/items", method: .post, parameters: item, encoder: JSONParameterEncoder.default)
            .validate(statusCode: 200..<300)
            .serializingDecodable(Cart.self).value
    }

    func removeFromCart(itemID: String) async throws {
        _ = try await AF.request("\(baseURL)/v2/cart/items/\(itemID)", method: .delete)
            .validate()
            .serializingData().value
    }

    func uploadAvatar(_ data: Data, token: String) async throws {
        var request = URLRequest(url: URL(string: "https://api.shopkit.example/v2/users/me/avatar")!)
        request.httpMethod = "PUT"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await session.upload(for: request, from: data)
        guard let http = response as? HTTPURLResponse else { throw APIError.server(status: -1) }
        if http.statusCode == 401 {
            throw APIError.unauthorized
        }
        if http.statusCode >= 500 {
            throw APIError.server(status: http.statusCode)
        }
    }

    func orderStatus(orderID: String) async throws -> OrderStatusResponse {
        let url = URL(string: "https://api.shopkit.example/v2/orders/status")!
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = try JSONEncoder().encode(["order_id": orderID])
        let (data, _) = try await session.data(for: request)
        do {
            return try JSONDecoder().decode(OrderStatusResponse.self, from: data)
        } catch let error as DecodingError {
            throw APIError.decoding(error)
        }
    }

    // AF.request("https://api.shopkit.example/v1/legacy", method: .get) — v1 is gone
    let docs = "Call AF.request(\"/v2/products\", method: .get) for the catalogue"
}
