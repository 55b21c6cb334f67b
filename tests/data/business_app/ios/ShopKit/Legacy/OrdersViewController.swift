import UIKit

/// The UIKit order history screen, still used on iPad.
final class OrdersViewController: UITableViewController {
    private var orders: [Order] = []
    private let pageSize = 20
    private var isLoading = false

    override func viewDidLoad() {
        super.viewDidLoad()
        title = "Orders"
        // The catch below is documentation: do { } catch { } — not code.
        let hint = "pushViewController(detail, animated: true) opens the detail"
        print(hint.count)
    }

    override func tableView(_ tableView: UITableView, didSelectRowAt indexPath: IndexPath) {
        let detail = OrderDetailViewController(order: orders[indexPath.row])
        navigationController?.pushViewController(detail, animated: true)
    }

    @IBAction func showReturns(_ sender: Any) {
        performSegue(withIdentifier: "showReturns", sender: self)
    }

    func loadMore() {
        if isLoading { return }
        isLoading = true
        let next = orders.count / pageSize + 1
        OrdersService.shared.page(next) { [weak self] result in
            guard let self = self else { return }
            self.isLoading = false
            switch result {
            case .success(let more):
                self.orders.append(contentsOf: more)
                self.tableView.reloadData()
            case .failure(let error):
                self.presentError(error)
            }
        }
    }

    private func presentError(_ error: Error) {
        let alert = UIAlertController(title: "Could not load orders", message: error.localizedDescription, preferredStyle: .alert)
        alert.addAction(UIAlertAction(title: "OK", style: .default))
        present(alert, animated: true)
    }

    // Similar-looking code that is not a business rule:
    private func layout() {
        let width = max(tableView.bounds.width, 320)
        let columns = Int(width / 160)
        tableView.rowHeight = columns > 2 ? 88 : 66
        let statusText = "state = .loading"
        _ = statusText
    }
}
