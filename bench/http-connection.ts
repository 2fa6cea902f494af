import { connect, type Socket } from 'node:net';

export interface HttpResponse {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

/**
 * One keep-alive HTTP/1.1 connection sending one GET at a time: the load generator's client.
 * It does no more than a benchmark needs (status, Content-Length or chunked bodies), so that the
 * client costs as little CPU as possible on a machine it shares with the servers it measures.
 * When the server closes the connection while it is idle (its keep-alive timeout), the next
 * request opens a new one.
 */
export class HttpConnection {
  private socket: Socket | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (response: HttpResponse) => void; reject: (error: Error) => void } | undefined;
  private readonly fixedHeaders: string;

  private constructor(
    private readonly host: string,
    private readonly port: number,
    headers: Record<string, string>,
  ) {
    this.fixedHeaders = Object.entries({ Host: `${host}:${port}`, ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
  }

  /** Connects to `host:port`; every request carries `headers` (for example Authorization). */
  static async open(host: string, port: number, headers: Record<string, string>): Promise<HttpConnection> {
    const connection = new HttpConnection(host, port, headers);
    await connection.connect();
    return connection;
  }

  async get(path: string): Promise<HttpResponse> {
    if (this.waiting) throw new Error('one request at a time on an HttpConnection');
    const socket = this.socket ?? (await this.connect());
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(`GET ${path} HTTP/1.1\r\n${this.fixedHeaders}\r\n`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port }, () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        socket.on('data', (chunk: Buffer) => this.receive(chunk));
        socket.on('error', (error) => this.fail(socket, error));
        socket.on('close', () => this.fail(socket, new Error(`the server on port ${this.port} closed the connection mid-request`)));
        this.socket = socket;
        this.pending = Buffer.alloc(0);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const waiting = this.waiting;
    if (!waiting) return;
    let response: HttpResponse | undefined;
    try {
      response = parseResponse(this.pending);
    } catch (error) {
      this.socket?.destroy();
      this.fail(this.socket, error as Error);
      return;
    }
    if (!response) return;
    this.pending = Buffer.alloc(0);
    this.waiting = undefined;
    waiting.resolve(response);
  }

  /** The socket is done for: the request in flight (if any) fails, the next one reconnects. */
  private fail(socket: Socket | undefined, error: Error): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

/** A complete response in `data`, or undefined while more bytes are needed. */
function parseResponse(data: Buffer): HttpResponse | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  if (!head.startsWith('HTTP/1.1 ') || !Number.isInteger(status)) throw new Error(`not an HTTP/1.1 response: ${head.slice(0, 40)}`);
  const bodyStart = headerEnd + HEADER_END.length;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return data.length < end ? undefined : { status, body: data.subarray(bodyStart, end) };
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return parseChunked(data, bodyStart, status);
  if (status === 204 || status === 304) return { status, body: Buffer.alloc(0) };
  throw new Error('a response without Content-Length or chunked encoding cannot be delimited on a kept-alive connection');
}

/** @see https://www.rfc-editor.org/rfc/rfc9112#section-7.1 */
function parseChunked(data: Buffer, start: number, status: number): HttpResponse | undefined {
  const chunks: Buffer[] = [];
  let position = start;
  for (;;) {
    const lineEnd = data.indexOf(LINE_END, position);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.toString('latin1', position, lineEnd).split(';')[0]!, 16);
    if (Number.isNaN(size)) throw new Error('malformed chunk size');
    if (size === 0) {
      // No trailers are expected: the body ends with an empty line after the last chunk.
      return data.length < lineEnd + 4 ? undefined : { status, body: Buffer.concat(chunks) };
    }
    const chunkStart = lineEnd + LINE_END.length;
    if (data.length < chunkStart + size + LINE_END.length) return undefined;
    chunks.push(data.subarray(chunkStart, chunkStart + size));
    position = chunkStart + size + LINE_END.length;
  }
}
