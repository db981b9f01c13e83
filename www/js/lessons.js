// Guided lessons for a workshop audience. Each step is [client number, command line]; clicking
// it runs the command in that client's pane (creating panes as needed). Text is static and
// trusted (it is inserted as HTML).

export const LESSONS = [
  {
    title: '1. Strings: SET and GET',
    body: `<p>Redis is a map from <b>keys</b> to <b>values</b>. The simplest value is a string.
      Run the commands and open the <b>wire</b> view under the pane: every command travels as a
      RESP <i>array of bulk strings</i>, <code>*3\\r\\n$3\\r\\nSET…</code>.</p>`,
    steps: [[1, 'SET greeting hello'], [1, 'GET greeting'], [1, 'GET nothing-here'], [1, 'SET counter 10'], [1, 'INCR counter'], [1, 'APPEND greeting " world"'], [1, 'GET greeting']],
  },
  {
    title: '2. Expiry: keys that vanish',
    body: `<p>A key can carry a time to live. Watch the TTL count down in the keyspace inspector,
      then ask for the key again after it is gone.</p>`,
    steps: [[1, 'SET session abc EX 10'], [1, 'TTL session'], [1, 'PTTL session'], [1, 'PERSIST session'], [1, 'TTL session'], [1, 'SET flash hi PX 3000'], [1, 'GET flash']],
  },
  {
    title: '3. Lists: a queue in one key',
    body: `<p>Lists keep order. Push on the right, pop on the left, and you have a FIFO queue.
      The reply to LRANGE is an array: redis-cli numbers its elements.</p>`,
    steps: [[1, 'RPUSH jobs build test deploy'], [1, 'LRANGE jobs 0 -1'], [1, 'LPOP jobs'], [1, 'LLEN jobs'], [1, 'LPUSH jobs urgent'], [1, 'LRANGE jobs 0 -1']],
  },
  {
    title: '4. BLPOP: one client waits for another',
    body: `<p>A worker blocks on an empty list with <code>BLPOP</code>: its pane shows it
      <b>pending</b> with the time left. When a second client pushes, the server hands the element
      to the waiting client <i>inside the producer's command</i>. Timeout 0 waits forever.</p>`,
    steps: [[1, 'DEL work'], [1, 'BLPOP work 0'], [2, 'RPUSH work email-42'], [1, 'BLPOP work 5']],
  },
  {
    title: '5. Streams: an append-only log',
    body: `<p>A stream is a log of entries, each with an ID <code>milliseconds-sequence</code> and
      field/value pairs. <code>*</code> lets the server choose the ID.</p>`,
    steps: [[1, 'XADD events * type login user ada'], [1, 'XADD events * type click user ada'], [1, 'XLEN events'], [1, 'XRANGE events - +'], [1, 'XREAD COUNT 1 STREAMS events 0']],
  },
  {
    title: '6. XREAD BLOCK: waiting for new entries',
    body: `<p><code>XREAD BLOCK</code> with ID <code>$</code> waits for entries added <i>after</i>
      the call. Client 1 waits up to 30 s; client 2 appends and wakes it.</p>`,
    steps: [[1, 'XREAD BLOCK 30000 STREAMS events $'], [2, 'XADD events * type purchase user grace']],
  },
  {
    title: '7. Pub/Sub: messages to whoever listens',
    body: `<p>A subscribed client receives messages as they are published: they arrive as
      <b>pushes</b>, not replies (⇐ in the wire view). PUBLISH returns how many clients got it.</p>`,
    steps: [[1, 'SUBSCRIBE news'], [2, 'PUBLISH news "hello subscribers"'], [2, 'PUBLISH sports "no one listens here"'], [1, 'UNSUBSCRIBE news']],
  },
  {
    title: '8. Transactions: MULTI / EXEC',
    body: `<p>MULTI queues commands and EXEC runs them all at once, with no other client in
      between. (Transactions are coming to redlet: if MULTI answers "unknown command", this
      lesson is ahead of the engine.)</p>`,
    steps: [[1, 'MULTI'], [1, 'INCR visits'], [1, 'INCR visits'], [1, 'EXEC']],
  },
  {
    title: '9. RESP2 vs RESP3',
    body: `<p><code>HELLO 3</code> switches a connection to RESP3: maps (<code>%</code>),
      nulls (<code>_</code>), doubles (<code>,</code>), pushes (<code>&gt;</code>). The same command
      gets different bytes. Compare client 1 (RESP3) and client 2 (RESP2) in the wire views.
      The RESP2/RESP3 button on each pane does the same.</p>`,
    steps: [[1, 'HELLO 3'], [1, 'GET missing'], [2, 'GET missing'], [1, 'HELLO 2'], [1, 'GET missing']],
  },
  {
    title: '10. Protocol errors close the connection',
    body: `<p>Tick <b>raw</b> on a pane and type RESP by hand, with <code>\\r\\n</code> as
      escapes. Valid input is parsed like any client's. Send <code>*1\\r\\n$x\\r\\n</code>: the server
      answers <code>-ERR Protocol error…</code> and closes <i>that</i> connection only — exactly
      as redis-server does. The buttons below send raw bytes on client 3.</p>`,
    steps: [[3, 'raw:*1\\r\\n$4\\r\\nPING\\r\\n'], [3, 'raw:PING\\r\\n'], [3, 'raw:*1\\r\\n$x\\r\\n'], [2, 'PING']],
  },
  {
    title: '11. Inline commands and pipelining',
    body: `<p>Redis also accepts <i>inline</i> commands (plain text lines, as telnet sends).
      And a client may send several commands at once: the replies come back in order.</p>`,
    steps: [[3, 'raw:SET a 1\\r\\nINCR a\\r\\nGET a\\r\\n'], [1, 'ECHO "quotes and \\x41 escapes"']],
  },
  {
    title: '12. Databases and HELP',
    body: `<p>There are 16 databases; <code>SELECT</code> switches. <code>HELP SET</code>
      and <code>HELP @list</code> are answered by the playground from the engine's own command
      table; press Tab to complete a command name.</p>`,
    steps: [[1, 'SELECT 1'], [1, 'SET only-in-db1 yes'], [1, 'SELECT 0'], [1, 'HELP SET'], [1, 'HELP @connection']],
  },
];
