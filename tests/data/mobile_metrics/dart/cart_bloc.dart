import 'dart:async';

/* Cart state management.
   /* nested comment: if (a && b) { } */ still a comment: case x ? y : z
*/

const _help = '''
Cart help: if the cart is empty && you're offline, retry?
Total: \$amount (escaped, not a template)
''';

enum CartStatus { idle, loading, failed }

abstract class CartRepository {
  Future<List<CartItem>> fetch(String cartId);
  Stream<CartItem> watch(String cartId);
}

class CartItem {
  final String sku;
  final int qty;
  final double? price;

  const CartItem(this.sku, {this.qty = 1, this.price});

  CartItem.free(String sku) : this(sku, price: 0);

  factory CartItem.fromJson(Map<String, dynamic> json) {
    final qty = json['qty'] as int? ?? 1;
    if (json['sku'] == null || qty < 0) {
      throw FormatException('bad item: ${json['sku'] ?? 'unknown'}');
    }
    return CartItem(json['sku'] as String, qty: qty, price: (json['price'] as num?)?.toDouble());
  }

  double get total => (price ?? 0) * qty;

  bool get isFree => price == 0 || price == null;

  @override
  String toString() => r'CartItem($sku) if && ?' + ' $sku x$qty${qty > 1 ? 's' : ''}';
}

mixin Loggable {
  final List<String> log = [];

  void record(String event, {bool verbose = false}) {
    if (verbose || log.length < 100) log.add(event);
  }
}

extension CartTotals on List<CartItem> {
  double get sum => fold(0.0, (acc, item) => acc + item.total);

  int count({bool includeFree = true}) => where((i) => includeFree || !i.isFree).length;
}

class CartBloc with Loggable {
  CartBloc(this._repo) {
    _sub = _repo.watch('current').listen((item) {
      if (item.qty == 0) {
        _items.removeWhere((i) => i.sku == item.sku);
      } else {
        _items[_items.indexWhere((i) => i.sku == item.sku)] = item;
      }
    }, onError: (Object e) => _status = CartStatus.failed);
  }

  final CartRepository _repo;
  final List<CartItem> _items = [];
  StreamSubscription<CartItem>? _sub;
  CartStatus _status = CartStatus.idle;

  CartStatus get status => _status;

  set status(CartStatus value) {
    if (value != _status) {
      record('status $value', verbose: value == CartStatus.failed);
      _status = value;
    }
  }

  Future<void> load(String cartId, {int retries = 2}) async {
    status = CartStatus.loading;
    for (var attempt = 0; attempt <= retries; attempt++) {
      try {
        final items = await _repo.fetch(cartId);
        _items
          ..clear()
          ..addAll(items.where((i) => i.qty > 0));
        status = CartStatus.idle;
        return;
      } on TimeoutException {
        continue;
      } on FormatException catch (e) {
        record('bad data: ${e.message}');
        break;
      } catch (e) {
        if (attempt == retries) rethrow;
      }
    }
    status = CartStatus.failed;
  }

  Stream<int> totals() async* {
    outer:
    await for (final item in _repo.watch('current')) {
      var n = 0;
      while (n < item.qty) {
        if (item.price == null) continue outer;
        n++;
      }
      yield n;
    }
  }

  String describe() => switch (_status) {
        CartStatus.idle when _items.isEmpty => 'empty',
        CartStatus.idle => '${_items.length} items',
        CartStatus.loading => 'loading',
        CartStatus.failed => 'failed',
      };

  void dispose() {
    _sub
      ?..onData(null)
      ..cancel();
    _sub = null;
  }
}

String label(CartStatus s, int n) {
  switch (s) {
    case CartStatus.idle when n > 0:
      return n == 1 ? 'one' : '$n items';
    case CartStatus.loading:
    case CartStatus.failed:
      return s.name;
    default:
      return '';
  }
}

List<String> summaryLines(List<CartItem>? items, {bool showFree = false}) {
  return [
    'Cart',
    for (final item in items ?? const <CartItem>[])
      if (!item.isFree || showFree) '${item.sku}: ${item.total}' else 'free: ${item.sku}',
    ...?items?.map((i) => i.sku),
  ];
}
