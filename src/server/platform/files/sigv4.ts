import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for S3 requests in the Authorization header, as the S3 API reference
 * ("Authenticating Requests: Using the Authorization Header") describes it. Tested against that page's
 * published examples.
 */
export interface SignInput {
  method: string;
  /** host[:port] as sent in the Host header. */
  host: string;
  /** The path as it will be sent, already URI-encoded the S3 way (see s3Path). */
  path: string;
  query?: Record<string, string>;
  /** Further headers to sign and send (lower- or mixed-case names). */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body, or UNSIGNED-PAYLOAD. */
  payloadHash: string;
  date: Date;
  region: string;
  service?: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding as SigV4 wants it: only A–Z a–z 0–9 - . _ ~ are left; '/' too when it separates segments. */
export function uriEncode(s: string, keepSlash = false): string {
  const encoded = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** The path of an object in a path-style request: /bucket/key, each segment encoded once. */
export const s3Path = (prefix: string, bucket: string, key: string) =>
  `${prefix.replace(/\/$/, '')}/${uriEncode(bucket)}/${uriEncode(key, true)}`;

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export function signV4(input: SignInput) {
  const service = input.service ?? 's3';
  const stamp = amzDate(input.date);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = String(v);
  headers.host = input.host;
  headers['x-amz-date'] = stamp;
  headers['x-amz-content-sha256'] = input.payloadHash;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path || '/',
    canonicalQuery(input.query ?? {}),
    names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    input.payloadHash,
  ].join('\n');
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, day), input.region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { headers, signature, canonicalRequest, stringToSign };
}
