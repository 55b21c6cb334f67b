import Foundation

/// Order history over plain URLSession (no Alamofire in the share extension).
final class OrdersService {
    static let shared = OrdersService()
    static let maxPageSize = 50

    private let session = URLSession.shared
    private let decoder = JSONDecoder()

    enum OrdersError: Error {
        case badStatus(Int)
        case notFound
    }

    func page(_ number: Int, completion: @escaping (Result<[Order], Error>) -> Void) {
        guard number > 0 else {
            completion(.failure(OrdersError.notFound))
            return
        }
        Task {
            do {
                let orders = try await fetchPage(number)
                completion(.success(orders))
            } catch {
                completion(.failure(error))
            }
        }
    }

    func fetchPage(_ number: Int) async throws -> [Order] {
        let url = URL(string: "https://api.shopkit.example/v2/orders?page=\(number)")!
        let (data, response) = try await session.data(from: url)
        guard let http = response as? HTTPURLResponse else { throw OrdersError.notFound }
        switch http.statusCode {
        case 200:
            return try decoder.decode([Order].self, from: data)
        case 404:
            throw OrdersError.notFound
        default:
            throw OrdersError.badStatus(http.statusCode)
        }
    }

    func receipt(orderID: String) async throws -> Data {
        let url = URL(string: "https://api.shopkit.example/v2/orders/\(orderID)/receipt.pdf")!
        let (file, _) = try await session.download(from: url)
        return try Data(contentsOf: file)
    }

    func cancel(orderID: String) async throws {
        var request = URLRequest(url: URL(string: "https://api.shopkit.example/v2/orders/\(orderID)")!)
        request.httpMethod = "DELETE"
        let (_, response) = try await session.data(for: request)
        if let http = response as? HTTPURLResponse, http.statusCode == 409 {
            throw OrdersError.badStatus(409)
        }
    }

    // Not requests: a URL built for sharing, and one in a comment.
    // let url = URL(string: "https://api.shopkit.example/v2/legacy")!; session.data(from: url)
    func shareLink(orderID: String) -> URL? {
        URL(string: "https://shopkit.example/orders/\(orderID)")
    }
}
