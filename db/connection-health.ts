import net from "node:net";

/**
 * Whether a pool's database can be reached, learnt from the pool's own connection attempts, and the
 * sockets of those attempts (postgres.js's documented `socket` option).
 *
 * Two different things make a connection slow to set up, and they need opposite answers:
 * - the database is away (stopped, host down): the TCP connect is refused, or never answered. Then
 *   requests should get a 503 within 2 s, so the TCP connect gets 1.5 s;
 * - the database is up but the machine is busy (a burst on a cold instance): TCP connects at once
 *   (the kernel answers it), but the start-up, authentication and first round trip take seconds
 *   of CPU on either side. Then requests should wait: that phase has the pool's long set-up
 *   timeout, and so does the TCP connect while the database is known reachable.
 * "Unreachable" is only concluded from a refused or unanswered TCP connect while no connection of
 * the pool is open; a failed start-up says nothing about reachability.
 */
export type Reachability = "unknown" | "reachable" | "unreachable";

/** TCP connect timeout while the database is not known reachable: a 503 within 2 s when it is away. */
export const UNREACHABLE_CONNECT_TIMEOUT_MS = 1500;

/** What postgres.js passes to a `socket` function (its parsed options). */
interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
}

export interface ConnectionHealth {
  readonly reachability: Reachability;
  /** postgres.js's `socket` option: opens the TCP (or Unix) socket of one connection attempt. */
  socket(target: SocketTarget): net.Socket;
}

export function connectionHealth(): ConnectionHealth {
  let reachability: Reachability = "unknown";
  let openSockets = 0;

  const connectFailed = () => {
    if (openSockets === 0) reachability = "unreachable";
  };

  return {
    get reachability() {
      return reachability;
    },
    socket(target) {
      const socket = target.path ? net.connect(target.path) : net.connect(target.port[0]!, target.host[0]!);
      let connected = false;
      socket.once("connect", () => {
        connected = true;
        openSockets++;
        reachability = "reachable";
      });
      // On "error" already, which postgres.js turns into the query's rejection before "close" comes.
      socket.once("error", () => connected || connectFailed());
      socket.once("close", () => (connected ? openSockets-- : connectFailed()));
      if (reachability !== "reachable") {
        const timer = setTimeout(
          // Decided after the event loop's next poll: on a busy loop an expired timer runs before the
          // connect that completed meanwhile is seen, and the connection would be thrown away.
          () =>
            setImmediate(() => {
              if (socket.connecting)
                socket.destroy(Object.assign(new Error("connect timeout"), { code: "CONNECT_TIMEOUT" }));
            }),
          UNREACHABLE_CONNECT_TIMEOUT_MS,
        );
        socket.once("connect", () => clearTimeout(timer));
        socket.once("close", () => clearTimeout(timer));
      }
      return socket;
    },
  };
}
