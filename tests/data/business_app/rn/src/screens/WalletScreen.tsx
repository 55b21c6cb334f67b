import React, { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Text, TextInput, View } from 'react-native';
import { useFocusEffect } from '@react-navigation/native';
import { api } from '../api/client';
import analytics from '@react-native-firebase/analytics';

const MIN_TOP_UP = 5;
const MAX_TOP_UP = 500;

type Status = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string };

export function parseAmount(text: string): number | null {
  const value = Number(text.replace(',', '.'));
  if (Number.isNaN(value)) return null;
  return value;
}

export default function WalletScreen({ navigation }: any) {
  const [balance, setBalance] = useState<number | null>(null);
  const [amountText, setAmountText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const load = useCallback(async () => {
    setStatus({ kind: 'loading' });
    try {
      const { data } = await api.get('/v3/wallet/balance');
      setBalance(data.amount);
      setStatus({ kind: 'idle' });
    } catch (error) {
      setStatus({ kind: 'error', message: 'Could not load your balance' });
    }
  }, []);

  useFocusEffect(useCallback(() => { load(); }, [load]));

  async function topUp() {
    const amount = parseAmount(amountText);
    if (amount === null) {
      Alert.alert('Enter an amount');
      return;
    }
    if (amount < MIN_TOP_UP || amount > MAX_TOP_UP) {
      Alert.alert(`Between ${MIN_TOP_UP} and ${MAX_TOP_UP} €`);
      return;
    }
    const res = await api.post('/v3/wallet/top-ups', { amount });
    if (res.status === 402) {
      navigation.navigate('AddCard');
      return;
    }
    await analytics().logEvent('wallet_top_up', { amount });
    load();
  }

  return (
    <View>
      <Text>{balance === null ? '…' : `${balance.toFixed(2)} €`}</Text>
      <TextInput keyboardType="decimal-pad" value={amountText} onChangeText={setAmountText} />
      <Button title="Top up" onPress={topUp} />
      {status.kind === 'error' && <Text>{status.message}</Text>}
    </View>
  );
}
