// A small fetch wrapper shared by the React Native screens.

const DEFAULT_TIMEOUT_MS = 10000;

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `Request failed with status ${status}`);
    this.status = status;
    this.body = body;
  }
}

export class ApiClient {
  constructor(baseUrl, { getToken, timeoutMs = DEFAULT_TIMEOUT_MS, retries = 2 } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.getToken = getToken;
    this.timeoutMs = timeoutMs;
    this.retries = retries;
    this.offlineQueue = [];
  }

  async headers() {
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    const token = await this.getToken?.();
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    return headers;
  }

  async request(method, path, body) {
    const url = `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
    let lastError = null;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.timeoutMs);
      try {
        const response = await fetch(url, {
          method,
          headers: await this.headers(),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: controller.signal,
        });
        const text = await response.text();
        const data = text ? JSON.parse(text) : null;
        if (response.ok) {
          return data;
        }
        if (response.status >= 500 && attempt < this.retries) {
          lastError = new ApiError(response.status, data);
          continue;
        }
        throw new ApiError(response.status, data);
      } catch (error) {
        if (error instanceof ApiError) {
          throw error;
        }
        lastError = error;
        if (method !== 'GET' && attempt === this.retries) {
          this.offlineQueue.push({ method, path, body });
        }
      } finally {
        clearTimeout(timer);
      }
    }
    throw lastError ?? new Error(`Giving up on ${method} ${url}`);
  }

  get(path) {
    return this.request('GET', path);
  }

  post(path, body) {
    return this.request('POST', path, body);
  }

  async flushOffline() {
    const pending = this.offlineQueue.splice(0);
    const results = await Promise.allSettled(
      pending.map(({ method, path, body }) => this.request(method, path, body)),
    );
    const failed = pending.filter((_, i) => results[i].status === 'rejected');
    this.offlineQueue.push(...failed);
    return results.length - failed.length;
  }

  static fromConfig(config) {
    const baseUrl = config?.api?.baseUrl ?? 'https://shop.example.com/api';
    return new ApiClient(baseUrl, {
      getToken: config?.auth ? () => config.auth.currentToken() : undefined,
      retries: config?.api?.retries,
    });
  }
}
