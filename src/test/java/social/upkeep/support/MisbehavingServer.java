package social.upkeep.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server that answers 200 and then misbehaves in the body, for as long as {@code limit} at most: it drips a
 * byte every 200 ms, or sends without end as fast as the client reads. It notices when the client drops the
 * connection (a write fails), which is how a test tells "aborted" from "read to the end".
 */
public final class MisbehavingServer implements AutoCloseable {

    public enum Body { DRIP, ENDLESS }

    private final ServerSocket socket;
    private final Body body;
    private final Duration limit;
    private final CountDownLatch dropped = new CountDownLatch(1);

    public MisbehavingServer(Body body, Duration limit) throws IOException {
        this.socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.body = body;
        this.limit = limit;
        Thread acceptor = new Thread(this::accept, "misbehaving-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Whether the client dropped a connection within {@code wait}. */
    public boolean droppedWithin(Duration wait) throws InterruptedException {
        return dropped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread handler = new Thread(() -> answer(connection), "misbehaving-answer");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket connection) {
        long end = System.nanoTime() + limit.toNanos();
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            readHeaders(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] block = body == Body.DRIP ? "1\r\n \r\n".getBytes(StandardCharsets.US_ASCII) : endlessChunk();
            while (System.nanoTime() < end) {
                out.write(block);
                out.flush();
                if (body == Body.DRIP) {
                    Thread.sleep(200);
                }
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            dropped.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] endlessChunk() {
        byte[] data = new byte[65_536];
        java.util.Arrays.fill(data, (byte) ' ');
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, chunk, 0, head.length);
        System.arraycopy(data, 0, chunk, head.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
