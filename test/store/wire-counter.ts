import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/** What a client asked of its database server, read off the wire. */
export interface WireCounts {
  /** Statements run: simple queries and executions (PostgreSQL), queries and prepared executions (MySQL). */
  statements: number
  /** Times the client waited for the server: PostgreSQL Sync, Flush and simple Query messages; MySQL commands. */
  roundTrips: number
}

/** A TCP proxy in front of a database that counts the client's messages by protocol. */
export interface WireCounter {
  port: number
  counts: WireCounts
  reset(): void
  close(): Promise<void>
}

type Parser = (chunk: Buffer) => void

// PostgreSQL: after an untyped startup message (and an untyped SSLRequest before it, when sent), every
// client message is a type byte and a 4-byte length that counts itself.
function postgresParser(counts: WireCounts): Parser {
  let pending = Buffer.alloc(0)
  let started = false
  return (chunk) => {
    pending = Buffer.concat([pending, chunk])
    for (;;) {
      if (!started) {
        if (pending.length < 8) return
        const length = pending.readInt32BE(0)
        if (pending.length < length) return
        const code = pending.readInt32BE(4)
        pending = pending.subarray(length)
        if (code !== 80877103) started = true
        continue
      }
      if (pending.length < 5) return
      const length = pending.readInt32BE(1) + 1
      if (pending.length < length) return
      const type = String.fromCharCode(pending[0] as number)
      pending = pending.subarray(length)
      if (type === 'Q' || type === 'E') counts.statements += 1
      if (type === 'Q' || type === 'S' || type === 'H') counts.roundTrips += 1
    }
  }
}

const MYSQL_QUERY = 0x03
const MYSQL_STMT_EXECUTE = 0x17
// Commands the server does not answer.
const MYSQL_UNANSWERED = new Set([0x01, 0x19])

// MySQL: packets are a 3-byte length, a sequence number and the payload; a command starts at sequence 0
// (the handshake answers and auth exchanges that follow the server's greeting never do).
function mysqlParser(counts: WireCounts): Parser {
  let pending = Buffer.alloc(0)
  let continued = false
  return (chunk) => {
    pending = Buffer.concat([pending, chunk])
    for (;;) {
      if (pending.length < 4) return
      const length = pending.readUIntLE(0, 3)
      if (pending.length < 4 + length) return
      const sequence = pending[3] as number
      const command = pending[4]
      // A payload of 2^24 - 1 bytes goes on in the next packet, which is not a new command.
      if (sequence === 0 && !continued && command !== undefined) {
        if (command === MYSQL_QUERY || command === MYSQL_STMT_EXECUTE) counts.statements += 1
        if (!MYSQL_UNANSWERED.has(command)) counts.roundTrips += 1
      }
      continued = length === 0xffffff
      pending = pending.subarray(4 + length)
    }
  }
}

/** Starts a counting proxy on 127.0.0.1 in front of `target`, which speaks `protocol`. */
export async function startWireCounter(
  protocol: 'postgres' | 'mysql',
  target: { host: string; port: number },
): Promise<WireCounter> {
  const counts: WireCounts = { statements: 0, roundTrips: 0 }
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host)
    const parse = protocol === 'postgres' ? postgresParser(counts) : mysqlParser(counts)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => socket.destroy())
    }
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('data', (chunk: Buffer) => {
      parse(chunk)
      upstream.write(chunk)
    })
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    counts,
    reset() {
      counts.statements = 0
      counts.roundTrips = 0
    },
    async close() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closing
    },
  }
}
