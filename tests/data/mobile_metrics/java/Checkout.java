package shop;

import java.util.*;

/* if (x) while (y) && || ? case: comments never count */
public class Checkout<T extends Comparable<T>> implements Api {
    private static int LIMIT = 10;
    private final Runnable hook = () -> { if (ready) go(); };
    static { if (LIMIT > 5) LIMIT = 5; }

    public Checkout(int limit) {
        if (limit > 0 && limit < 100) this.limit = limit;
    }

    @Override
    @SuppressWarnings("unchecked")
    public int total(List<? extends Item> items, Map<String, List<Integer>> m) {
        int sum = 0;
        for (Item item : items)
            if (item.price > 0)
                sum += item.price;
            else if (item.free || item.gift)
                continue;
            else
                break;
        return sum > LIMIT ? LIMIT : sum;
    }

    String describe(int code, Object o) {
        String kind = switch (code) {
            case 1, 2 -> "low";
            case 3 -> { yield o instanceof String s && !s.isEmpty() ? "s" : "3"; }
            default -> "other";
        };
        switch (code) {
            case 4:
            case 5: if (o == null) return "none"; break;
            default: break;
        }
        char quote = '"';
        return kind + quote + "if (a) for while ? case";
    }

    void retry(int n) throws Exception {
        int i = 0;
        do {
            try {
                send();
            } catch (IOException | TimeoutException e) {
                if (i > n) throw e;
            } catch (Exception e) {
                log(e);
            } finally {
                i++;
            }
        } while (i < n);
        outer:
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a == b) continue outer;
                if (b > a) break;
            }
        }
    }

    Comparator<Item> byPrice() {
        return (a, b) -> a.price == b.price ? 0 : a.price < b.price ? -1 : 1;
    }

    Object cache() {
        Map<? extends Number, List<String>> m = null;
        return m;
    }

    int pick(int a, int b, int c, int d) {
        return a < b ? c > d ? 1 : 2 : 3;
    }

    String banner() {
        String text = """
            say "if" and "while" now && later
            """;
        return text;
    }

    void schedule(List<Item> items) {
        Runnable r = new Runnable() {
            @Override
            public void run() {
                if (items.isEmpty()) return;
            }
        };
        class Local {
            int weight(Item i) { return i.heavy ? 2 : 1; }
        }
        items.forEach(i -> {
            while (i.pending()) i.step();
        });
        boolean ok = a || b && c || d;
        boolean ko = a && (b && c) || !(d || e);
    }

    interface Api {
        void pay(int amount);
        default boolean canPay(int amount) { return amount > 0 && amount < LIMIT; }
        static Api none() { return null; }
    }

    enum Mode {
        FAST { int cost(int n) { return n > 10 ? 1 : 2; } },
        SLOW;
        int cost(int n) { for (int i = 0; i < n; i++) { } return n; }
    }

    record Price(int cents) {
        Price {
            if (cents < 0) throw new IllegalArgumentException();
        }
        Price(String s) { this(Integer.parseInt(s)); }
        static Price of(int c) { return c > 0 ? new Price(c) : null; }
    }

    @interface Tag {
        String value() default "x";
    }

    void last() { }
}
