const KEY_STORAGE = 'zero-waste-hub.apiKey';

/** sessionStorage only: the key leaves with the tab, never persisted on the machine. */
export const keyStore = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};
