#import <UIKit/UIKit.h>

static id gPlaceholder = (id)kCFNull;
enum { CartCellPadding = 8, CartCellMaxBadge = 99 };

@interface CartCellModel : NSObject
@property (nonatomic) NSInteger quantity;
@end

@interface CartCell : UITableViewCell {
    NSInteger _renderCount;
}
@property (nonatomic, strong) CartCellModel *model;
@end

static NSString *CCBadgeText(NSInteger qty) {
    switch (qty) {
        case 0:
            return nil;
        case 1:
        case 2:
            return @"few // not a comment /* either */";
        default:
            break;
    }
    for (;;) {
        if (qty > CartCellMaxBadge) return @"99+";
        break;
    }
    return [NSString stringWithFormat:@"%ld", (long)qty];
}

@implementation CartCell

- (void)configureWithModel:(CartCellModel *)model animated:(BOOL)animated {
    self.model = model;
    _renderCount++;
    void (^apply)(void) = ^{
        self.textLabel.text = CCBadgeText(model.quantity) ?: @"";
        [self.contentView.subviews enumerateObjectsUsingBlock:^(UIView *v, NSUInteger i, BOOL *stop) {
            if (v.tag == CartCellPadding || i > 3) {
                *stop = YES;
            }
        }];
    };
#if TARGET_OS_SIMULATOR
    animated = NO;
#endif
    if (animated && !self.hidden) {
        [UIView animateWithDuration:0.25 animations:apply];
    } else {
        apply();
    }
}

- (void)prepareForReuse {
    [super prepareForReuse];
    self.model = _renderCount > 100 ? nil : self.model;
}

@end
