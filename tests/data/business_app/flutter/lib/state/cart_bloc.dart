import 'package:flutter_bloc/flutter_bloc.dart';

/// Cart states (Dart 3 sealed classes) and the bloc that moves between them.
sealed class CartState {
  const CartState();
}

final class CartEmpty extends CartState {}

final class CartLoaded extends CartState {
  const CartLoaded(this.items);
  final List<CartLine> items;
}

final class CartError extends CartState {
  const CartError(this.message);
  final String message;
}

sealed class CartEvent {}

final class AddItem extends CartEvent {
  AddItem(this.line);
  final CartLine line;
}

final class ClearCart extends CartEvent {}

class CartBloc extends Bloc<CartEvent, CartState> {
  static const int maxLines = 30;

  CartBloc() : super(CartEmpty()) {
    on<AddItem>((event, emit) {
      final current = state is CartLoaded ? (state as CartLoaded).items : <CartLine>[];
      if (current.length >= maxLines) {
        emit(const CartError('Cart is full'));
        return;
      }
      if (event.line.quantity <= 0) {
        emit(const CartError('Quantity must be positive'));
        return;
      }
      emit(CartLoaded([...current, event.line]));
    });
    on<ClearCart>((event, emit) => emit(CartEmpty()));
  }

  // Not states: a helper class and a string.
  static const hint = 'final class CartSaving extends CartState {}';
}

class CartLine {
  CartLine(this.sku, this.quantity);
  final String sku;
  final int quantity;
}
