import 'package:flutter/material.dart';
import 'package:go_router/go_router.dart';
import 'package:permission_handler/permission_handler.dart';

enum CheckoutStep { cart, address, payment, review, done }

class CheckoutPage extends StatefulWidget {
  const CheckoutPage({super.key});

  @override
  State<CheckoutPage> createState() => _CheckoutPageState();
}

class _CheckoutPageState extends State<CheckoutPage> {
  final _formKey = GlobalKey<FormState>();
  CheckoutStep _step = CheckoutStep.cart;
  String? _postalCode;

  String? validatePostalCode(String? value) {
    if (value == null || value.isEmpty) return 'Required';
    if (value.length != 5) return 'Five digits';
    if (!RegExp(r'^[0-9]{5}$').hasMatch(value)) return 'Digits only';
    return null;
  }

  String? validateName(String? value) {
    if (value == null) return 'Required';
    if (value.length > 40) return 'Too long';
    return null;
  }

  Future<void> scanCard() async {
    final status = await Permission.camera.request();
    if (!status.isGranted) return;
    if (!mounted) return;
    Navigator.of(context).pushNamed('/scan-card');
  }

  @override
  Widget build(BuildContext context) {
    return Form(
      key: _formKey,
      child: Column(children: [
        TextFormField(
          maxLength: 5,
          validator: validatePostalCode,
          onSaved: (v) => _postalCode = v,
        ),
        TextFormField(maxLength: 40, validator: validateName),
        ElevatedButton(
          onPressed: () {
            if (_formKey.currentState!.validate()) {
              setState(() => _step = CheckoutStep.payment);
              context.go('/checkout/payment');
            }
          },
          child: const Text('Continue'),
        ),
        TextButton(
          onPressed: () => Navigator.pushNamed(context, '/help'),
          child: const Text('Need help? context.go(\'/faq\')'),
        ),
      ]),
    );
  }
}
