// Written in the no-semicolon style (Prettier `semi: false`): statements end at line breaks.
import React, { useEffect, useState } from 'react'
import { FlatList, Pressable, Text, View } from 'react-native'
import { ApiClient } from '../api/client'

type Order = { id: string; name: string; amount: number; paid: boolean }
type Item = { id: string }

const api = new ApiClient('https://shop.example.com')

type Props = {
  userId: string
  onSelect?: (id: string) => void
}

export const useOrders = (userId: string) => {
  const [orders, setOrders] = useState<Order[]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    api.get(`/users/${userId}/orders`)
      .then(res => {
        if (!cancelled) setOrders(res.data)
      })
      .catch(e => setError(e.message))
    return () => { cancelled = true }
  }, [userId])
  return { orders, error }
}

export default function OrderList({ userId, onSelect }: Props) {
  const { orders, error } = useOrders(userId)
  const total = orders.reduce((sum, o) => sum + o.amount, 0)
  const label = total > 100
    ? 'big'
    : 'small'
  if (error) return <Text>{error}</Text>
  return (
    <View>
      <FlatList
        data={orders}
        renderItem={({ item }) =>
          <Pressable onPress={() => onSelect?.(item.id)}>
            <Text>{item.name} {item.paid ? 'paid' : 'due'}</Text>
          </Pressable>
        }
      />
      <Text>{label}</Text>
    </View>
  )
}

class Store {
  private items: Item[] = []
  count = 0
  add = (i: Item) => this.items.push(i)
  get size(): number {
    return this.items.length
  }
}
