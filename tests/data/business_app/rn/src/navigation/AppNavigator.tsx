import React from 'react';
import { Linking } from 'react-native';
import { NavigationContainer, LinkingOptions } from '@react-navigation/native';
import { createNativeStackNavigator } from '@react-navigation/native-stack';
import { createBottomTabNavigator } from '@react-navigation/bottom-tabs';
import remoteConfig from '@react-native-firebase/remote-config';
import { useLDClient } from '@launchdarkly/react-native-client-sdk';

export type RootStackParamList = {
  Login: undefined;
  Home: undefined;
  Product: { id: string };
  Cart: undefined;
  Checkout: undefined;
};

const Stack = createNativeStackNavigator<RootStackParamList>();
const Tab = createBottomTabNavigator();

const linking: LinkingOptions<RootStackParamList> = {
  prefixes: ['shopkit://', 'https://shopkit.example'],
  config: {
    screens: {
      Product: 'product/:id',
      Cart: 'cart',
    },
  },
};

function HomeTabs() {
  const wishlistEnabled = remoteConfig().getValue('wishlist_enabled').asBoolean();
  return (
    <Tab.Navigator>
      <Tab.Screen name="Shop" component={ShopScreen} />
      {wishlistEnabled && <Tab.Screen name="Wishlist" component={WishlistScreen} />}
      <Tab.Screen name="Account" component={AccountScreen} />
    </Tab.Navigator>
  );
}

export function AppNavigator({ signedIn }: { signedIn: boolean }) {
  const ld = useLDClient();
  const newCart = ld?.boolVariation('rn-new-cart', false) ?? false;
  return (
    <NavigationContainer linking={linking}>
      <Stack.Navigator initialRouteName={signedIn ? 'Home' : 'Login'}>
        <Stack.Screen name="Login" component={LoginScreen} />
        <Stack.Screen name="Home" component={HomeTabs} options={{ headerShown: false }} />
        <Stack.Screen name="Product" component={ProductScreen} />
        <Stack.Screen name="Cart" component={newCart ? NewCartScreen : CartScreen} />
        <Stack.Screen name="Checkout" component={CheckoutScreen} />
        {/* <Stack.Screen name="Debug" component={DebugScreen} /> */}
      </Stack.Navigator>
    </NavigationContainer>
  );
}

export function openExternalHelp() {
  Linking.openURL('https://help.shopkit.example').catch(() => undefined);
}
