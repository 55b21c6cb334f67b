package com.shopkit.nav

import android.content.Intent
import androidx.compose.runtime.Composable
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.navArgument
import androidx.navigation.navDeepLink
import com.shopkit.R

object Routes {
    const val HOME = "home"
    const val PRODUCT = "product/{productId}"
    const val CART = "cart"
    const val CHECKOUT = "checkout"
    const val ORDER = "orders/{orderId}"
}

@Composable
fun AppNavGraph(navController: NavHostController, signedIn: Boolean) {
    NavHost(navController = navController, startDestination = if (signedIn) "home" else "login") {
        composable("login") {
            LoginScreen(onLoggedIn = { navController.navigate("home") })
        }
        composable("home") {
            HomeScreen(onProduct = { id -> navController.navigate("product/$id") })
        }
        composable(
            route = "product/{productId}",
            arguments = listOf(navArgument("productId") { type = NavType.StringType }),
            deepLinks = listOf(navDeepLink { uriPattern = "shopkit://product/{productId}" }),
        ) { entry ->
            ProductScreen(entry.arguments?.getString("productId"), onCart = { navController.navigate("cart") })
        }
        composable("cart") {
            CartScreen(onCheckout = { navController.navigate("checkout") })
        }
        composable("checkout") {
            CheckoutScreen(onDone = { orderId -> navController.navigate("orders/$orderId") })
        }
        composable(
            route = "orders/{orderId}",
            deepLinks = listOf(navDeepLink { uriPattern = "https://shopkit.example/orders/{orderId}" }),
        ) { entry ->
            OrderScreen(entry.arguments?.getString("orderId"))
        }
        // composable("wishlist") { WishlistScreen() } — behind a flag, not shipped yet
    }
}

/** Fragment-based screens still use the XML graph and its actions. */
class LegacyNavigator(private val controller: androidx.navigation.NavController) {
    fun openSettings() = controller.navigate(R.id.action_home_to_settings)
    fun openHelp() = controller.navigate(R.id.action_global_help)

    fun handleIntent(intent: Intent) {
        val data = intent.data ?: return
        if (data.host == "promo") controller.navigate("home")
    }
}
