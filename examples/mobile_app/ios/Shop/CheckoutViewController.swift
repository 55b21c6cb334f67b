import UIKit

struct CheckoutLine: Hashable {
    let sku: String
    let title: String
    let unitPrice: Decimal
    var quantity: Int

    var total: Decimal { unitPrice * Decimal(quantity) }
}

enum CheckoutError: Error {
    case emptyCart
    case declined(reason: String)
    case network(underlying: Error)
}

final class CheckoutViewController: UIViewController {
    private let api: PaymentAPI
    private var lines: [CheckoutLine]
    private var couponCode: String?
    private let payButton = UIButton(type: .system)

    var subtotal: Decimal {
        lines.reduce(0) { $0 + $1.total }
    }

    var discount: Decimal {
        guard let code = couponCode, !code.isEmpty else { return 0 }
        return code.hasPrefix("VIP") ? subtotal * 0.1 : 5
    }

    init(api: PaymentAPI, lines: [CheckoutLine]) {
        self.api = api
        self.lines = lines
        super.init(nibName: nil, bundle: nil)
    }

    required init?(coder: NSCoder) {
        fatalError("init(coder:) is not supported")
    }

    override func viewDidLoad() {
        super.viewDidLoad()
        title = "Checkout"
        payButton.addTarget(self, action: #selector(payTapped), for: .touchUpInside)
        refreshButton()
    }

    @objc private func payTapped() {
        guard !lines.isEmpty else {
            showError(.emptyCart)
            return
        }
        payButton.isEnabled = false
        let amount = subtotal - discount
        api.charge(amount: amount, coupon: couponCode) { [weak self] result in
            DispatchQueue.main.async {
                guard let self = self else { return }
                self.payButton.isEnabled = true
                switch result {
                case .success(let receipt):
                    self.navigationController?.pushViewController(ReceiptViewController(receipt: receipt), animated: true)
                case .failure(let error as CheckoutError):
                    self.showError(error)
                case .failure(let error):
                    self.showError(.network(underlying: error))
                }
            }
        }
    }

    private func refreshButton() {
        let count = lines.map(\.quantity).reduce(0, +)
        let label = count == 0 ? "Cart is empty" : "Pay \(formatted(subtotal - discount)) for \(count) items"
        payButton.setTitle(label, for: .normal)
        payButton.isEnabled = count > 0
    }
}

extension CheckoutViewController {
    func formatted(_ amount: Decimal) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.currencyCode = Locale.current.currency?.identifier ?? "EUR"
        return formatter.string(from: amount as NSDecimalNumber) ?? "\(amount)"
    }

    func showError(_ error: CheckoutError) {
        let message: String
        switch error {
        case .emptyCart:
            message = "Your cart is empty."
        case .declined(let reason) where reason == "insufficient_funds":
            message = "The card was declined: not enough funds."
        case .declined(let reason):
            message = "The card was declined (\(reason))."
        case .network(let underlying):
            message = "Network problem: \(underlying.localizedDescription)"
        }
        let alert = UIAlertController(title: "Payment failed", message: message, preferredStyle: .alert)
        alert.addAction(UIAlertAction(title: "OK", style: .default) { _ in
            self.refreshButton()
        })
        present(alert, animated: true)
    }

    func updateQuantity(sku: String, to quantity: Int) {
        guard let index = lines.firstIndex(where: { $0.sku == sku }) else { return }
        if quantity <= 0 {
            lines.remove(at: index)
        } else {
            lines[index].quantity = min(quantity, 99)
        }
        refreshButton()
    }
}
