'use strict';
// Cart helpers (CommonJS). Comment text never counts: if (a || b) {}

const TAX = { de: 0.19, fr: 0.2, for: 0.1 };

function lineTotal({ price = 0, qty = 1, discount } = {}) {
  const base = price * qty;
  return discount ? base * (1 - discount) : base;
}

module.exports.totals = function (lines, country) {
  let sum = 0;
  let skipped = 0;
  const rate = TAX[country] ?? TAX.de;
  scan: for (const line of lines) {
    for (const key in line.extras) {
      if (!Object.hasOwn(line.extras, key)) continue;
      if (key === 'void') continue scan;
    }
    if (line.qty <= 0 || (line.removed && !line.keep)) {
      skipped++;
      continue;
    }
    sum += lineTotal(line);
  }
  return { sum: sum * (1 + rate), skipped, label: `${skipped > 0 ? 'partial' : 'full'}` };
};

function Cart(owner) {
  this.owner = owner;
  this.items = [];
  this.onChange = null;
}

Cart.prototype.add = function (sku, qty = 1) {
  const found = this.items.find((i) => i.sku === sku);
  if (found) {
    found.qty += qty;
  } else {
    this.items.push({ sku, qty });
  }
  this.onChange && this.onChange(this);
  return this;
};

const VERSION = (function () {
  const env = typeof process !== 'undefined' ? process.env : {};
  return env.CART_VERSION || '1.0';
})();

const isSku = (s) => /^[A-Z]+-\d+$|if|case?/.test(s);

function flags(o) {
  return o.if || o.case ? 'keyword' : 'plain';
}

function prefer(a, b) {
  return a.qty < b.qty ? a.price > b.price : false;
}

function settings(options) {
  const { currency = 'EUR', locale = 'de-DE' } = options;
  let attempts = 0;
  do {
    attempts += 1;
  } while (attempts < 3 && !options.ready);
  return { currency, locale, attempts };
}

const cache = {
  store: new Map(),
  get(key) {
    return this.store.has(key) ? this.store.get(key) : undefined;
  },
  set(key, value) {
    if (value === undefined) this.store.delete(key);
    else this.store.set(key, value);
  },
};

const formatters = {
  price: (n) => n < 0 ? `-${-n}` : `${n}`,
  async load(url) {
    try {
      const res = await fetch(url);
      return res.ok && (await res.json());
    } catch {
      return null;
    }
  },
  get size() {
    return Object.keys(this).length;
  },
  *ids(lines) {
    let i = 0;
    while (i < lines.length) yield lines[i++].sku;
  },
};

module.exports = { Cart, formatters, VERSION, isSku, flags, prefer, settings, cache };
