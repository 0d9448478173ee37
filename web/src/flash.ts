import { useEffect, useState } from 'react';

/**
 * One message carried across a navigation ("登録しました", "ログインの有効期限が切れました"),
 * shown once by the next page that asks for it.
 */
export interface Flash {
  kind: 'success' | 'info' | 'error';
  text: string;
}

let pending: Flash | null = null;

export function setFlash(flash: Flash): void {
  pending = flash;
}

/**
 * The pending message, for this page only. Read on mount and dropped after the mount, so a
 * double-invoked initializer (StrictMode) sees the same message.
 */
export function useFlash(): [Flash | null, (flash: Flash | null) => void] {
  const [flash, setShown] = useState<Flash | null>(() => pending);
  useEffect(() => {
    if (pending === flash) pending = null;
    // Only the message that was there at mount.
  }, []);
  return [flash, setShown];
}
