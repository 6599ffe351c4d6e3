import { csrfHeader, type ApiErrorBody } from './api/client';

/**
 * Fetches a generated file (a PDF made on demand) and saves it under the name the server gives. Fetched rather than
 * linked so that a refusal — a server without LibreOffice answers 503 with its reason — can be shown beside the
 * button: it is returned as the server's message (null when it gave none); a network failure throws. With `body`, the
 * file is made from it by a POST (座次: the names typed on the page).
 */
export async function downloadGenerated(
  url: string,
  fallbackName: string,
  body?: unknown,
): Promise<{ refused: string | null } | null> {
  const res = await fetch(
    url,
    body === undefined
      ? { credentials: 'same-origin' }
      : {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', ...csrfHeader() },
          body: JSON.stringify(body),
        },
  );
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as (ApiErrorBody & { message?: string }) | null;
    return { refused: body?.error?.message ?? body?.message ?? null };
  }
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  const named = /filename\*=UTF-8''([^;]+)/iu.exec(res.headers.get('content-disposition') ?? '');
  a.download = named ? decodeURIComponent(named[1]!) : fallbackName;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return null;
}
