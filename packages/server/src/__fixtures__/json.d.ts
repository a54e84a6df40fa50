// Tests read JSON answers loosely: `(await res.json()).error.code`.
declare global {
  interface Response {
    // biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary JSON
    json(): Promise<any>;
  }
}

export {};
