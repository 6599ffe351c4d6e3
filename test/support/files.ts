import { expect } from 'vitest';
import type { Client } from './app';

/** A small PDF whose bytes carry `text` (so two uploads differ), as the file store's signature check accepts it. */
const pdf = (text: string) =>
  new TextEncoder().encode(
    `%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

/** Uploads a PDF named `name` at the given 密级 as `c`, through the API; its file id. */
export async function uploadPdf(c: Client, name: string, classification = '公开') {
  const r = await c.request(
    'POST',
    `/api/v1/files?classification=${encodeURIComponent(classification)}`,
    undefined,
    { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
    pdf(name),
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}
