/// JSON models of the ShopKit API (json_serializable style, written out by hand).
class Product {
  const Product({required this.id, required this.name, required this.priceCents});

  final String id;
  final String name;
  final int priceCents;

  factory Product.fromJson(Map<String, dynamic> json) => Product(
        id: json['id'] as String,
        name: json['name'] as String,
        priceCents: json['priceCents'] as int,
      );
}

class Order {
  Order(this.id, this.total);

  final String id;
  final double total;

  factory Order.fromJson(Map<String, dynamic> json) =>
      Order(json['id'] as String, (json['total'] as num).toDouble());
}

// A widget helper, not a model: it has no fromJson.
class PriceLabel {
  PriceLabel(this.cents);
  final int cents;
}
