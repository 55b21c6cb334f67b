import React, { useState } from 'react';
import { Alert, Button, Text, TextInput, View } from 'react-native';
import ReactNativeBiometrics from 'react-native-biometrics';
import { check, request, PERMISSIONS, RESULTS } from 'react-native-permissions';
import { z } from 'zod';
import analytics from '@react-native-firebase/analytics';
import { segment } from '../analytics/segment';
import { login } from '../api/client';

const PASSWORD_MIN_LENGTH = 8;
const maxEmailLength = 254;

const signUpSchema = z.object({
  email: z.string().email().max(254),
  password: z.string().min(8).max(64),
  displayName: z.string().min(2),
});

const rnBiometrics = new ReactNativeBiometrics();

export function validateLogin(email: string, password: string): string | null {
  if (!email || email.trim().length === 0) return 'Email is required';
  if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(email)) return 'Email is invalid';
  if (password.length < PASSWORD_MIN_LENGTH) return 'Password is too short';
  if (email.length > maxEmailLength) return 'Email is too long';
  return null;
}

export default function LoginScreen({ navigation }: any) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  async function onSubmit() {
    const error = validateLogin(email, password);
    if (error !== null) {
      Alert.alert(error);
      return;
    }
    try {
      await login(email, password);
      await analytics().logEvent('login', { method: 'password' });
      segment.track('Signed In', { method: 'password' });
      navigation.replace('Home');
    } catch (e) {
      Alert.alert('Login failed');
    }
  }

  async function onBiometric() {
    const { success } = await rnBiometrics.simplePrompt({ promptMessage: 'Sign in to ShopKit' });
    if (success) navigation.navigate('Home');
  }

  async function onScanCard() {
    const status = await check(PERMISSIONS.IOS.CAMERA);
    if (status !== RESULTS.GRANTED) {
      await request(PERMISSIONS.ANDROID.CAMERA);
    }
    navigation.navigate('ScanCard');
  }

  return (
    <View>
      <Text>Sign in</Text>
      <TextInput value={email} onChangeText={setEmail} maxLength={254} autoCapitalize="none" />
      <TextInput value={password} onChangeText={setPassword} secureTextEntry maxLength={64} />
      <Button title="Sign in" onPress={onSubmit} />
      <Button title="Use Face ID" onPress={onBiometric} />
      <Button title="Forgot password?" onPress={() => navigation.navigate('ForgotPassword')} />
      {/* navigation.navigate('Debug') is only wired in dev builds */}
    </View>
  );
}
