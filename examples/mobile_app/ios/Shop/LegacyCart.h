//
//  LegacyCart.h
//  Shop
//
//  The pre-Swift cart model, still used by the order history screen.
//

#import <Foundation/Foundation.h>

NS_ASSUME_NONNULL_BEGIN

extern NSString * const LCCartErrorDomain;

typedef NS_ENUM(NSInteger, LCShippingSpeed) {
    LCShippingSpeedStandard = 0,
    LCShippingSpeedExpress,
    LCShippingSpeedPickup,
};

typedef void (^LCCartCompletion)(BOOL success, NSError * _Nullable error);

@class LegacyCart;

@protocol LCCartObserver <NSObject>
- (void)cartDidChange:(LegacyCart *)cart;
@optional
- (void)cart:(LegacyCart *)cart didFailWithError:(NSError *)error;
@end

@interface LCCartItem : NSObject

@property (nonatomic, copy) NSString *sku;
@property (nonatomic, copy) NSString *name;
@property (nonatomic, strong) NSDecimalNumber *price;
@property (nonatomic, assign) NSInteger quantity;

- (instancetype)initWithSku:(NSString *)sku name:(NSString *)name price:(NSDecimalNumber *)price;

@end

@interface LegacyCart : NSObject

@property (nonatomic, readonly) NSArray<LCCartItem *> *items;
@property (nonatomic, copy, nullable) NSString *couponCode;
@property (nonatomic, assign) LCShippingSpeed shippingSpeed;
@property (nonatomic, weak, nullable) id<LCCartObserver> observer;

- (void)addItem:(LCCartItem *)item;
- (BOOL)removeItemWithSku:(NSString *)sku;
- (void)setQuantity:(NSInteger)quantity forSku:(NSString *)sku;
- (NSDecimalNumber *)subtotal;
- (NSDecimalNumber *)shippingCost;
- (NSString *)summaryLine;
- (void)submitToURL:(NSURL *)url completion:(LCCartCompletion)completion;

@end

NSDecimalNumber *LCRoundedPrice(NSDecimalNumber *value);

NS_ASSUME_NONNULL_END
