//
//  LegacyCart.m
//  Shop
//

#import "LegacyCart.h"

NSString * const LCCartErrorDomain = @"com.example.shop.cart";

static const NSInteger LCMaxQuantity = 99;

NSDecimalNumber *LCRoundedPrice(NSDecimalNumber *value) {
    if (value == nil || [value isEqualToNumber:[NSDecimalNumber notANumber]]) {
        return [NSDecimalNumber zero];
    }
    NSDecimalNumberHandler *handler =
        [NSDecimalNumberHandler decimalNumberHandlerWithRoundingMode:NSRoundPlain
                                                               scale:2
                                                    raiseOnExactness:NO
                                                     raiseOnOverflow:NO
                                                    raiseOnUnderflow:NO
                                                 raiseOnDivideByZero:NO];
    return [value decimalNumberByRoundingAccordingToBehavior:handler];
}

@implementation LCCartItem

- (instancetype)initWithSku:(NSString *)sku name:(NSString *)name price:(NSDecimalNumber *)price {
    self = [super init];
    if (self) {
        _sku = [sku copy];
        _name = [name copy];
        _price = price;
        _quantity = 1;
    }
    return self;
}

@end

@implementation LegacyCart {
    NSMutableArray<LCCartItem *> *_items;
}

- (instancetype)init {
    if ((self = [super init])) {
        _items = [NSMutableArray array];
        _shippingSpeed = LCShippingSpeedStandard;
    }
    return self;
}

- (NSArray<LCCartItem *> *)items {
    return [_items copy];
}

- (void)addItem:(LCCartItem *)item {
    for (LCCartItem *existing in _items) {
        if ([existing.sku isEqualToString:item.sku]) {
            existing.quantity = MIN(existing.quantity + item.quantity, LCMaxQuantity);
            [self.observer cartDidChange:self];
            return;
        }
    }
    [_items addObject:item];
    [self.observer cartDidChange:self];
}

- (BOOL)removeItemWithSku:(NSString *)sku {
    NSUInteger index = [_items indexOfObjectPassingTest:^BOOL(LCCartItem *obj, NSUInteger idx, BOOL *stop) {
        return [obj.sku isEqualToString:sku];
    }];
    if (index == NSNotFound) {
        return NO;
    }
    [_items removeObjectAtIndex:index];
    return YES;
}

- (void)setQuantity:(NSInteger)quantity forSku:(NSString *)sku {
    if (quantity <= 0) {
        [self removeItemWithSku:sku];
        return;
    }
    [_items enumerateObjectsUsingBlock:^(LCCartItem *item, NSUInteger idx, BOOL *stop) {
        if ([item.sku isEqualToString:sku]) {
            item.quantity = quantity > LCMaxQuantity ? LCMaxQuantity : quantity;
            *stop = YES;
        }
    }];
}

- (NSDecimalNumber *)subtotal {
    NSDecimalNumber *sum = [NSDecimalNumber zero];
    for (LCCartItem *item in _items) {
        NSDecimalNumber *count = [NSDecimalNumber decimalNumberWithDecimal:@(item.quantity).decimalValue];
        sum = [sum decimalNumberByAdding:[item.price decimalNumberByMultiplyingBy:count]];
    }
    return LCRoundedPrice(sum);
}

- (NSDecimalNumber *)shippingCost {
    switch (self.shippingSpeed) {
        case LCShippingSpeedPickup:
            return [NSDecimalNumber zero];
        case LCShippingSpeedExpress:
            return [NSDecimalNumber decimalNumberWithString:@"9.90"];
        case LCShippingSpeedStandard:
        default:
            return [[self subtotal] compare:@49] == NSOrderedAscending
                ? [NSDecimalNumber decimalNumberWithString:@"4.90"]
                : [NSDecimalNumber zero];
    }
}

- (NSString *)summaryLine {
    NSString *coupon = self.couponCode.length > 0 ? self.couponCode : @"none";
    return [NSString stringWithFormat:@"%lu items, %@ + %@ shipping (coupon: %@)",
            (unsigned long)_items.count, [self subtotal], [self shippingCost], coupon];
}

- (void)submitToURL:(NSURL *)url completion:(LCCartCompletion)completion {
    NSData *body = nil;
    @try {
        NSMutableArray *payload = [NSMutableArray arrayWithCapacity:_items.count];
        for (LCCartItem *item in _items) {
            [payload addObject:@{ @"sku": item.sku, @"quantity": @(item.quantity) }];
        }
        body = [NSJSONSerialization dataWithJSONObject:payload options:0 error:NULL];
    } @catch (NSException *exception) {
        NSError *error = [NSError errorWithDomain:LCCartErrorDomain code:1
                                         userInfo:@{ NSLocalizedDescriptionKey: exception.reason ?: @"encoding failed" }];
        completion(NO, error);
        return;
    }
    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:url];
    request.HTTPMethod = @"POST";
    request.HTTPBody = body;
    [[[NSURLSession sharedSession] dataTaskWithRequest:request
                                     completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {
        NSInteger status = [(NSHTTPURLResponse *)response statusCode];
        dispatch_async(dispatch_get_main_queue(), ^{
            completion(error == nil && status >= 200 && status < 300, error);
        });
    }] resume];
}

@end
