#import "AuthManager.h"
#import <Security/Security.h>

#define AUTH_RETRIES 3 /* if && ? inside a directive */
#ifndef AUTH_TIMEOUT
#define AUTH_TIMEOUT 30
#endif

typedef NS_ENUM(NSInteger, AuthState) { AuthStateIdle, AuthStateBusy, AuthStateFailed };

static NSString *const kTokenKey = @"token: if (a && b) ? c : d";

static BOOL AMIsValidToken(NSString *token, NSTimeInterval age) {
    if (token.length == 0 || age < 0) {
        return NO;
    }
    return age < 3600 ? YES : [token hasPrefix:@"refresh-"];
}

static int AMRetryCount(int attempts, BOOL offline) {
    int left = AUTH_RETRIES - attempts;
#if DEBUG
    left += 1;
#elif TESTING
    left += 2;
#endif
    char mark = '?';
    @autoreleasepool {
        while (left > 9 && mark == '?') left--;
    }
    return offline ? 0 : (left > 0 ? left : 0);
}

@interface AuthManager ()
@property (nonatomic, copy) NSString *token;
@property (nonatomic) AuthState state;
@property (nonatomic, copy) void (^onChange)(AuthState state);
- (void)notify;
@end

@implementation AuthManager

+ (instancetype)sharedManager {
    static AuthManager *shared = nil;
    static dispatch_once_t once;
    dispatch_once(&once, ^{
        shared = [[AuthManager alloc] init];
    });
    return shared;
}

- (instancetype)init {
    if ((self = [super init])) {
        _state = AuthStateIdle;
    }
    return self;
}

- (void)loginWithUser:(NSString *)user
             password:(NSString *)password
           completion:(void (^)(BOOL ok, NSError *error))completion {
    if (user.length == 0 || password.length == 0) {
        completion(NO, nil);
        return;
    }
    self.state = AuthStateBusy;
    __weak typeof(self) weakSelf = self;
    [self.client post:@"/login" body:@{ @"user": user, @"remember": @(self.remember ? 1 : 0) }
           completion:^(NSDictionary *json, NSError *error) {
        AuthManager *strongSelf = weakSelf;
        if (!strongSelf) return;
        NSString *token = json[@"token"] ?: json[@"access_token"];
        if (error != nil && !token) {
            strongSelf.state = AuthStateFailed;
            completion(NO, error);
        } else {
            strongSelf.token = token;
            [strongSelf notify];
            completion(YES, nil);
        }
    }];
}

- (NSString *)describeState:(AuthState)state {
    switch (state) {
        case AuthStateIdle:
            return @"idle";
        case AuthStateBusy:
        case AuthStateFailed:
            return state == AuthStateBusy ? @"busy" : @"failed";
        default:
            return @"unknown: while (?)";
    }
}

- (void)purgeTokens:(NSArray<NSString *> *)keys {
    NSUInteger failures = 0;
    @synchronized (self) {
        for (NSString *key in keys) {
            if ([key isEqualToString:kTokenKey]) continue;
            @try {
                [self.keychain removeItemForKey:key];
            } @catch (NSException *e) {
                failures += e.reason.length > 0 ? 1 : 0;
            } @finally {
                [self notify];
            }
        }
    }
    if (failures > 0) goto fail;
    return;
fail:
    NSLog(@"purge failed");
}

- (NSInteger)backoffForAttempt:(NSInteger)attempt jitter:(BOOL)jitter {
    NSInteger delay = 1;
    for (NSInteger i = 0; i < attempt && delay < 64; i++) {
        delay *= 2;
    }
#ifdef AUTH_FAST_RETRY
    delay = 1;
#endif
    while (jitter && delay % 3 != 0) {
        delay++;
    }
    do {
        delay--;
    } while (delay > 60);
    return delay;
}

- (void)notify {
    AuthState state = self.state;
    void (^deliver)(void) = ^{
        if (self.onChange) {
            self.onChange(state);
        }
    };
    [NSThread isMainThread] ? deliver() : dispatch_async(dispatch_get_main_queue(), deliver);
}

@end

@implementation AuthManager (Keychain)

- (nullable NSString *)storedToken {
    NSString *value = [self.keychain stringForKey:kTokenKey];
    return AMIsValidToken(value, 0) && AMRetryCount(0, NO) > 0 ? value : nil;
}

@end

static void (^AMLog)(NSString *) = ^(NSString *msg) { if (msg.length > 0) NSLog(@"%@", msg); };
