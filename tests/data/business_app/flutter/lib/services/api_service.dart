import 'dart:io';

import 'package:dio/dio.dart';
import 'package:firebase_analytics/firebase_analytics.dart';
import 'package:firebase_auth/firebase_auth.dart';
import 'package:firebase_remote_config/firebase_remote_config.dart';
import 'package:flutter_secure_storage/flutter_secure_storage.dart';
import 'package:local_auth/local_auth.dart';

const int maxCartItems = 50;
const int MAX_UPLOAD_MB = 10;
const Duration connectTimeout = Duration(seconds: 10);

enum PaymentStatus { idle, processing, succeeded, failed }

class ApiService {
  ApiService(this._dio, this._storage);

  final Dio _dio;
  final FlutterSecureStorage _storage;
  final _analytics = FirebaseAnalytics.instance;
  final _remoteConfig = FirebaseRemoteConfig.instance;

  Future<List<Product>> products({int page = 1}) async {
    final res = await _dio.get('/v2/products', queryParameters: {'page': page});
    return (res.data as List).map((e) => Product.fromJson(e)).toList();
  }

  Future<Order> placeOrder(Cart cart) async {
    if (cart.items.isEmpty) {
      throw ArgumentError('cart is empty');
    }
    if (cart.items.length > maxCartItems) {
      throw ArgumentError('too many items');
    }
    try {
      final res = await _dio.post<Map<String, dynamic>>('/v2/orders', data: cart.toJson());
      await _analytics.logEvent(name: 'order_placed', parameters: {'items': cart.items.length});
      return Order.fromJson(res.data!);
    } on DioException catch (e) {
      if (e.response?.statusCode == 409) {
        throw CartChangedException();
      }
      rethrow;
    } on SocketException catch (_) {
      throw OfflineException();
    }
  }

  Future<void> cancelOrder(String orderId) async {
    await _dio.delete('/v2/orders/$orderId');
  }

  Future<User?> login(String email, String password) async {
    if (email.trim().isEmpty || password.length < 8) return null;
    final cred = await FirebaseAuth.instance.signInWithEmailAndPassword(email: email, password: password);
    final token = await cred.user?.getIdToken();
    await _storage.write(key: 'id_token', value: token);
    return cred.user;
  }

  Future<bool> unlockWithBiometrics() async {
    final auth = LocalAuthentication();
    try {
      return await auth.authenticate(localizedReason: 'Unlock ShopKit');
    } catch (e) {
      return false;
    }
  }

  bool get giftCardsEnabled => _remoteConfig.getBool('gift_cards_enabled');

  Future<void> logout() async {
    await _storage.delete(key: 'id_token');
    await FirebaseAuth.instance.signOut();
  }

  // _dio.get('/v1/products') is the retired endpoint.
  static const docs = "_dio.post('/v2/orders') places an order";
}
