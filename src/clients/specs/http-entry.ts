/** The headers every HTTP client entry sends: the client's own key as a bearer token. */
export function bearer(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}
