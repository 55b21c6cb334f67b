import 'dart:convert';

import 'package:http/http.dart' as http;

enum ShippingSpeed { standard, express, pickup }

class CartItem {
  final String sku;
  final String name;
  final double price;
  final int quantity;
  final int? stock;

  const CartItem({
    required this.sku,
    required this.name,
    required this.price,
    this.quantity = 1,
    this.stock,
  });

  CartItem.fromJson(Map<String, dynamic> json)
      : sku = json['sku'] as String,
        name = json['name'] as String? ?? 'Unnamed item',
        price = (json['price'] as num).toDouble(),
        quantity = json['quantity'] as int? ?? 1,
        stock = json['stock'] as int?;

  double get total => price * quantity;

  bool get lowStock => stock != null && stock! < 3;

  CartItem copyWith({int? quantity}) =>
      CartItem(sku: sku, name: name, price: price, quantity: quantity ?? this.quantity, stock: stock);
}

class Cart {
  static const freeShippingFrom = 49.0;

  final http.Client _client;
  final Uri baseUri;
  final List<CartItem> _items;
  String? coupon;
  ShippingSpeed speed = ShippingSpeed.standard;

  Cart(this._client, this.baseUri) : _items = [];

  Cart.preview(this._client)
      : baseUri = Uri.parse('https://shop.example.com/api'),
        _items = [
          const CartItem(sku: 'A-1', name: 'Espresso beans', price: 12.9, quantity: 2, stock: 10),
          const CartItem(sku: 'B-7', name: 'Milk frother', price: 29.0),
        ];

  List<CartItem> get items => List.unmodifiable(_items);

  double get subtotal => _items.fold(0.0, (sum, item) => sum + item.total);

  bool get isEmpty => _items.isEmpty;

  double get shipping {
    switch (speed) {
      case ShippingSpeed.pickup:
        return 0;
      case ShippingSpeed.express:
        return 9.9;
      case ShippingSpeed.standard:
        return subtotal >= freeShippingFrom ? 0.0 : 4.9;
    }
  }

  String get summary => '${_items.length} items, ${subtotal.toStringAsFixed(2)} EUR'
      '${coupon != null ? ' (coupon $coupon)' : ''}';

  void setQuantity(String sku, int quantity) {
    final index = _items.indexWhere((item) => item.sku == sku);
    if (index < 0) {
      return;
    } else if (quantity <= 0) {
      _items.removeAt(index);
    } else {
      final max = _items[index].stock ?? 99;
      _items[index] = _items[index].copyWith(quantity: quantity > max ? max : quantity);
    }
  }

  Future<void> load() async {
    final response = await _client.get(baseUri.resolve('cart'));
    if (response.statusCode != 200) {
      throw CartException('Could not load cart (${response.statusCode})');
    }
    final body = jsonDecode(response.body) as Map<String, dynamic>?;
    final list = body?['items'] as List<dynamic>? ?? const [];
    _items
      ..clear()
      ..addAll(list.map((e) => CartItem.fromJson(e as Map<String, dynamic>)));
    coupon = body?['coupon'] as String?;
  }

  Future<bool> submit({int retries = 2}) async {
    final payload = jsonEncode({
      'items': [for (final item in _items) {'sku': item.sku, 'quantity': item.quantity}],
      'coupon': coupon,
      'shipping': speed.name,
    });
    for (var attempt = 0; attempt <= retries; attempt++) {
      try {
        final response = await _client.post(baseUri.resolve('orders'), body: payload);
        if (response.statusCode == 201) return true;
        if (response.statusCode < 500) return false;
      } on http.ClientException catch (e) {
        if (attempt == retries) throw CartException('Network error: ${e.message}');
      }
    }
    return false;
  }
}

class CartException implements Exception {
  final String message;
  CartException(this.message);

  @override
  String toString() => 'CartException: $message';
}
