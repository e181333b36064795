import { randomBytes } from 'node:crypto';

export type FormPart = { name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer };

/** A multipart/form-data body, built by hand so a test controls every part's headers. */
export function multipart(parts: readonly FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----chatapp-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('data' in part) {
      const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n${type}\r\n`), part.data);
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}`));
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** An upload form as Meta documents it: messaging_product, the file, and its type. */
export const uploadForm = (file: { data: Buffer; type?: string; filename?: string }, extra: FormPart[] = [{ name: 'messaging_product', value: 'whatsapp' }]) =>
  multipart([...extra, { name: 'file', filename: file.filename ?? 'file.bin', ...(file.type === undefined ? {} : { type: file.type }), data: file.data }]);
