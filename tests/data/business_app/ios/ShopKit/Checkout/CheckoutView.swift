import AVFoundation
import CoreLocation
import FirebaseAnalytics
import FirebaseRemoteConfig
import LaunchDarkly
import StoreKit
import SwiftUI
import UserNotifications

enum Route: Hashable {
    case product(id: String)
    case cart
    case checkout
    case orderConfirmation(orderID: String)
}

enum CheckoutPhase {
    case idle, reviewing, paying, confirmed, failed(String)
}

@MainActor
final class CheckoutModel: ObservableObject {
    @Published var phase: CheckoutPhase = .idle
    @Published var path: [Route] = []
    private let remoteConfig = RemoteConfig.remoteConfig()

    var applePayEnabled: Bool {
        remoteConfig.configValue(forKey: "apple_pay_enabled").boolValue
    }

    var maxGiftCards: Int {
        remoteConfig["max_gift_cards"].numberValue.intValue
    }

    var oneClickBuy: Bool {
        LDClient.get()?.boolVariation(forKey: "one-click-buy", defaultValue: false) ?? false
    }

    func beginCheckout(total: Decimal) {
        phase = .reviewing
        Analytics.logEvent(AnalyticsEventBeginCheckout, parameters: [AnalyticsParameterValue: total])
    }

    func buyPlus() async {
        do {
            let products = try await Product.products(for: ["shopkit.plus.monthly"])
            guard let plus = products.first else { return }
            phase = .paying
            let result = try await plus.purchase()
            switch result {
            case .success(let verification):
                if case .verified(let transaction) = verification {
                    await transaction.finish()
                    phase = .confirmed
                    Analytics.logEvent("plus_subscribed", parameters: nil)
                }
            case .userCancelled, .pending:
                phase = .idle
            @unknown default:
                phase = .failed("unknown")
            }
        } catch StoreKitError.networkError(let underlying) {
            phase = .failed(underlying.localizedDescription)
        } catch {
            phase = .failed(error.localizedDescription)
        }
    }

    func listenForTransactions() -> Task<Void, Never> {
        Task.detached {
            for await update in Transaction.updates {
                if case .verified(let transaction) = update {
                    await transaction.finish()
                }
            }
        }
    }

    func requestPermissions() {
        UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .badge]) { _, _ in }
        AVCaptureDevice.requestAccess(for: .video) { _ in }
        CLLocationManager().requestWhenInUseAuthorization()
    }
}

struct CheckoutRootView: View {
    @StateObject private var model = CheckoutModel()

    var body: some View {
        NavigationStack(path: $model.path) {
            List {
                NavigationLink("Cart", value: Route.cart)
                NavigationLink(destination: OrdersView()) {
                    Text("My orders")
                }
                // NavigationLink(destination: WishlistView()) — hidden until 3.2
                Text("NavigationLink(destination: HelpView()) is documented in the wiki")
            }
            .navigationDestination(for: Route.self) { route in
                switch route {
                case .product(let id): ProductView(id: id)
                case .cart: CartView()
                case .checkout: CheckoutScreen(model: model)
                case .orderConfirmation(let orderID): ConfirmationView(orderID: orderID)
                }
            }
        }
        .onOpenURL { url in
            if let id = DeepLink.productID(from: url) {
                model.path.append(.product(id: id))
            }
        }
    }
}
