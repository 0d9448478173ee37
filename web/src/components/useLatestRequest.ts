import { useCallback, useRef } from 'react';

/**
 * For a view that loads again whenever its conditions change: several loads can be in flight, and
 * their answers come in any order. Each load calls `begin()` and may draw (rows, error, end of
 * loading) only while the predicate it got back says it is still the newest one asked for.
 */
export function useLatestRequest(): () => () => boolean {
  const latest = useRef(0);
  return useCallback(() => {
    const mine = ++latest.current;
    return () => mine === latest.current;
  }, []);
}
