#import "LegacyPayments.h"
#import <StoreKit/StoreKit.h>
#import <FirebaseAnalytics/FirebaseAnalytics.h>

#define MAX_RECEIPT_RETRIES 3
static const NSInteger kMaxTipPercent = 25;
static NSString *const kLegacyHost = @"https://api.shopkit.example";

/* Kept for the Objective-C gift card screen; new code uses CheckoutModel.swift. */
@implementation LegacyPayments

- (void)loginWithEmail:(NSString *)email password:(NSString *)password completion:(void (^)(BOOL))completion {
    if (email == nil || password.length < 8) {
        completion(NO);
        return;
    }
    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:@"https://api.shopkit.example/v2/auth/login"]];
    [request setHTTPMethod:@"POST"];
    [request setValue:@"application/json" forHTTPHeaderField:@"Content-Type"];
    [[[NSURLSession sharedSession] dataTaskWithRequest:request completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        NSHTTPURLResponse *http = (NSHTTPURLResponse *)response;
        completion(error == nil && http.statusCode == 200);
    }] resume];
}

- (void)buyGiftCard:(SKProduct *)product {
    SKPayment *payment = [SKPayment paymentWithProduct:product];
    [[SKPaymentQueue defaultQueue] addPayment:payment];
    [FIRAnalytics logEventWithName:@"gift_card_purchase_started" parameters:@{@"sku": product.productIdentifier}];
}

- (void)restore {
    [[SKPaymentQueue defaultQueue] restoreCompletedTransactions];
}

- (NSDictionary *)parseReceipt:(NSData *)data {
    @try {
        return [NSJSONSerialization JSONObjectWithData:data options:0 error:nil];
    } @catch (NSException *exception) {
        NSLog(@"receipt parse failed: %@", exception.reason);
        return nil;
    }
}

// [[SKPaymentQueue defaultQueue] addPayment:payment] must not run twice for one tap.
@end
