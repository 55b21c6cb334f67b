import SwiftUI

@MainActor
final class WalletViewModel: ObservableObject {
    enum LoadingState {
        case idle
        case loading
        case loaded(Decimal)
        case failed(String)
    }

    @Published private(set) var state: LoadingState = .idle
    private let client: WalletClient
    let minimumTopUp: Decimal = 5
    let maximumTopUp: Decimal = 500

    init(client: WalletClient) {
        self.client = client
    }

    func load() async {
        state = .loading
        do {
            let balance = try await client.balance()
            state = .loaded(balance)
        } catch WalletError.unauthorized {
            state = .failed("Please sign in again")
        } catch {
            state = .failed(error.localizedDescription)
        }
    }

    func validate(amountText: String) -> String? {
        guard let amount = Decimal(string: amountText) else { return "Not a number" }
        if amount < minimumTopUp { return "At least 5 €" }
        if amount > maximumTopUp { return "At most 500 €" }
        return nil
    }
}

final class WalletClient {
    func balance() async throws -> Decimal {
        var request = URLRequest(url: URL(string: "https://api.shopkit.example/v3/wallet/balance")!)
        request.httpMethod = "GET"
        request.timeoutInterval = 20
        let (data, response) = try await URLSession.shared.data(for: request)
        if (response as? HTTPURLResponse)?.statusCode == 401 {
            throw WalletError.unauthorized
        }
        return try JSONDecoder().decode(Balance.self, from: data).amount
    }
}

enum WalletError: Error {
    case unauthorized
}

struct WalletView: View {
    @StateObject var model: WalletViewModel
    @State private var amount = ""

    var body: some View {
        VStack {
            switch model.state {
            case .idle, .loading: ProgressView()
            case .loaded(let balance): Text("\(balance as NSDecimalNumber) €")
            case .failed(let message): Text(message)
            }
            TextField("Amount", text: $amount)
            if let problem = model.validate(amountText: amount) {
                Text(problem).font(.footnote)
            }
        }
        .task { await model.load() }
    }
}
