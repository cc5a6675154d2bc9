/**
 * Client-side routing over the History API: the server answers every page path with the app (SPA
 * fallback), the app picks the page from `location.pathname`.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<(path: string) => void>();

/** Goes to `path` without a page load. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  for (const l of listeners) l(location.pathname);
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  for (const l of listeners) l(location.pathname);
});

/** The current path; re-renders on navigation. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    listeners.add(setPath);
    return () => void listeners.delete(setPath);
  }, []);
  return path;
}

/** A click handler for in-app links: plain left clicks navigate, others keep the browser's behaviour. */
export function linkClick(e: MouseEvent): void {
  const a = (e.currentTarget as HTMLAnchorElement | null) ?? null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
}
