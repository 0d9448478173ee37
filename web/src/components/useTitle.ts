import { useEffect } from 'react';

/** The tab title: "<page> | kagi". */
export function useTitle(page: string) {
  useEffect(() => {
    document.title = page ? `${page} | kagi` : 'kagi';
  }, [page]);
}
