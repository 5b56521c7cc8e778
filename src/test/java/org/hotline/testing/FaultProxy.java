package org.hotline.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that stands for the network between two nodes and misbehaves on demand.
 * Pair a node with its peer through it (peer endpoint = {@link #endpoint()}); it forwards bytes to
 * the peer's federation port. TLS passes through untouched: the proxy sees only ciphertext, so it
 * can break, slow down or stall connections, but never read or alter a request.
 *
 * <p>The {@link Fault} can be switched at any time and applies to every connection from the next
 * chunk of bytes on.
 *
 * <p><b>Replay.</b> {@link #recordNextConnection} keeps the client-to-server bytes of one
 * connection and {@link #replayRecording} sends them again on a new connection. Under TLS 1.3 that
 * cannot deliver anything: the server answers the replayed ClientHello with a fresh random and key
 * share, so the handshake keys differ, the replayed client Finished and application records do not
 * decrypt, and the server aborts the handshake. Replaying a batch is therefore only meaningful at
 * the application level, by a client that holds the sender's TLS key and re-sends a batch the
 * sender sent before ({@link FederationPeer}); a test shows the byte replay fail and the
 * application replay refused.
 *
 * <p>Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does to the bytes passing through. */
  public sealed interface Fault permits Pass, DropAfter, DropResponses, Delay, Blackhole {}

  /** Forward everything. */
  public record Pass() implements Fault {}

  /**
   * Forward at most {@code requestBytes} more client-to-server bytes on each connection, then close
   * both sides: the peer gets a truncated request (or handshake), the client no answer.
   */
  public record DropAfter(long requestBytes) implements Fault {}

  /**
   * Forward requests whole, but close both sides as soon as the server starts to answer, discarding
   * the answer: the server did the work (stored a batch), the client never learns it.
   */
  public record DropResponses() implements Fault {}

  /** Hold each chunk, in either direction, this long before forwarding it. */
  public record Delay(Duration perChunk) implements Fault {}

  /**
   * Accept connections and read what arrives, but forward nothing either way: a partition. Held
   * bytes move on under whatever fault comes next, as after a partition heals within TCP's
   * patience.
   */
  public record Blackhole() implements Fault {}

  /** Counts of what the proxy did, to prove a fault really hit traffic. */
  public record Stats(
      long connections, long dropped, long responsesDropped, long delayedChunks, long heldChunks) {}

  /** Bytes read per chunk; a federation batch spans several. */
  static final int CHUNK_BYTES = 16 * 1024;

  /** A recorded connection is kept up to this size: the handshake and a few batches are plenty. */
  static final int RECORDING_BYTES_MAX = 4 * 1024 * 1024;

  /** How often a held chunk looks whether the blackhole is over. */
  static final Duration HOLD_POLL = Duration.ofMillis(5);

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean recordNext = new AtomicBoolean();
  private final ByteArrayOutputStream recording = new ByteArrayOutputStream();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong responsesDropped = new AtomicLong();
  private final AtomicLong delayedChunks = new AtomicLong();
  private final AtomicLong heldChunks = new AtomicLong();
  private volatile Fault fault = new Pass();
  private volatile boolean closed;

  private FaultProxy(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port and forwards to {@code targetPort} on loopback. */
  public static FaultProxy start(int targetPort) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FaultProxy proxy = new FaultProxy(listener, targetPort);
      Thread.ofPlatform()
          .daemon()
          .name("fault-proxy-" + listener.getLocalPort())
          .start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
  }

  public URI endpoint() {
    return URI.create("https://127.0.0.1:" + listener.getLocalPort());
  }

  public void set(Fault next) {
    fault = next;
  }

  public Fault fault() {
    return fault;
  }

  public Stats stats() {
    return new Stats(
        connections.get(),
        dropped.get(),
        responsesDropped.get(),
        delayedChunks.get(),
        heldChunks.get());
  }

  /** Keeps the client-to-server bytes of the next connection accepted. */
  public void recordNextConnection() {
    recordNext.set(true);
  }

  public byte[] recording() {
    synchronized (recording) {
      return recording.toByteArray();
    }
  }

  /** What came back when recorded bytes were sent again. */
  public record Replay(byte[] answer, boolean closedByServer) {}

  /**
   * Sends the recorded bytes on a new connection straight to the target and reads what comes back
   * until the server closes the connection or {@code timeout} passes.
   */
  public Replay replayRecording(Duration timeout) {
    byte[] bytes = recording();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      socket.setSoTimeout((int) timeout.toMillis());
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      socket.getOutputStream().write(bytes);
                      socket.getOutputStream().flush();
                    } catch (IOException serverHungUp) {
                      // The server may abort the handshake before it has read everything.
                    }
                  });
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      boolean closedByServer = false;
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] buffer = new byte[CHUNK_BYTES];
      try {
        InputStream in = socket.getInputStream();
        while (System.nanoTime() < deadline) {
          int read = in.read(buffer);
          if (read < 0) {
            closedByServer = true;
            break;
          }
          answer.write(buffer, 0, read);
        }
      } catch (SocketTimeoutException stillOpen) {
        closedByServer = false;
      } catch (IOException reset) {
        closedByServer = true;
      }
      writer.join(timeout);
      return new Replay(answer.toByteArray(), closedByServer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replay to port " + targetPort, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        boolean record = recordNext.compareAndSet(true, false);
        Thread.ofVirtual().start(() -> connect(client, record));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("fault proxy: accept failed: " + e);
        }
      }
    }
  }

  private void connect(Socket client, boolean record) {
    open.add(client);
    Socket server = new Socket();
    open.add(server);
    try {
      server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
    } catch (IOException e) {
      closeBoth(client, server);
      return;
    }
    Connection connection = new Connection(client, server, record);
    Thread.ofVirtual().start(() -> connection.pump(true));
    connection.pump(false);
  }

  /** One proxied connection; {@code up} is client to server. */
  private final class Connection {
    private final Socket client;
    private final Socket server;
    private final boolean record;
    private Fault dropFaultSeen;
    private long dropBudget;
    private int pumpsDone;

    Connection(Socket client, Socket server, boolean record) {
      this.client = client;
      this.server = server;
      this.record = record;
    }

    void pump(boolean up) {
      byte[] buffer = new byte[CHUNK_BYTES];
      try {
        InputStream in = (up ? client : server).getInputStream();
        OutputStream out = (up ? server : client).getOutputStream();
        while (!closed) {
          int read = in.read(buffer);
          if (read < 0) {
            (up ? server : client).shutdownOutput();
            break;
          }
          if (up && record) {
            synchronized (recording) {
              if (recording.size() + read <= RECORDING_BYTES_MAX) {
                recording.write(buffer, 0, read);
              }
            }
          }
          if (!forward(up, buffer, read, out)) {
            closeBoth(client, server);
            return;
          }
        }
      } catch (IOException e) {
        closeBoth(client, server);
        return;
      }
      synchronized (this) {
        if (++pumpsDone == 2) {
          closeBoth(client, server);
        }
      }
    }

    /** Forwards one chunk under the current fault; false if the connection is to be dropped. */
    private boolean forward(boolean up, byte[] buffer, int length, OutputStream out)
        throws IOException {
      Fault current = awaitEndOfBlackhole();
      switch (current) {
        case Pass pass -> out.write(buffer, 0, length);
        case Delay delay -> {
          delayedChunks.incrementAndGet();
          Await.sleep(delay.perChunk());
          out.write(buffer, 0, length);
        }
        case DropAfter drop -> {
          if (!up) {
            out.write(buffer, 0, length);
            break;
          }
          synchronized (this) {
            if (dropFaultSeen != drop) {
              dropFaultSeen = drop;
              dropBudget = drop.requestBytes();
            }
            if (length >= dropBudget) {
              out.write(buffer, 0, (int) dropBudget);
              out.flush();
              dropped.incrementAndGet();
              return false;
            }
            dropBudget -= length;
          }
          out.write(buffer, 0, length);
        }
        case DropResponses dropResponses -> {
          if (!up) {
            responsesDropped.incrementAndGet();
            return false;
          }
          out.write(buffer, 0, length);
        }
        case Blackhole blackhole ->
            throw new IllegalStateException("a blackhole holds, it does not forward");
      }
      out.flush();
      return true;
    }

    private Fault awaitEndOfBlackhole() {
      Fault current = fault;
      if (current instanceof Blackhole) {
        heldChunks.incrementAndGet();
        while (current instanceof Blackhole && !closed) {
          Await.sleep(HOLD_POLL);
          current = fault;
        }
      }
      return current instanceof Blackhole ? new Pass() : current;
    }
  }

  private void closeBoth(Socket client, Socket server) {
    for (Socket socket : Arrays.asList(client, server)) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Already broken; closing is all that is left to do.
      }
      open.remove(socket);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing a listener that failed is still closing it.
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // As above.
      }
    }
    open.clear();
  }
}
