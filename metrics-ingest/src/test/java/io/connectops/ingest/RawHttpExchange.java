package io.connectops.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 request written by hand on a socket while another thread reads the answer as it comes. A server that
 * refuses a body it has not read answers and closes, possibly while the request is still being written: an HTTP
 * client then reports the broken pipe instead of the answer, this returns the answer.
 */
public final class RawHttpExchange {

    /** Writes the request; it may stop with an IOException when the server closes the connection. */
    public interface RequestWriter {
        void write(OutputStream out) throws IOException;
    }

    private RawHttpExchange() {
    }

    /**
     * Everything the server answered to a POST of {@code body} declaring its Content-Length, on a connection it may
     * close before the body is written; {@code headers} are further header lines ("Name: value").
     */
    public static String postWithContentLength(int port, String path, String contentType, byte[] body,
            String... headers) throws Exception {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nContent-Type: ").append(contentType);
        for (String header : headers) {
            head.append("\r\n").append(header);
        }
        head.append("\r\nConnection: close\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
        return exchange(port, out -> {
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        });
    }

    /**
     * Everything the server sent on a connection to 127.0.0.1:{@code port} on which {@code request} was written. A
     * small, fixed send buffer (no autotuning) keeps what the client manages to write close to what the server read.
     */
    public static String exchange(int port, RequestWriter request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    InputStream in = socket.getInputStream();
                    for (int n; (n = in.read(buffer)) > 0;) {
                        synchronized (received) {
                            received.write(buffer, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // The connection was reset after the answer: what was read is the answer.
                }
            });
            reader.start();
            try {
                request.write(socket.getOutputStream());
            } catch (IOException closedByServer) {
                // Broken pipe or reset: the server stopped reading.
            }
            reader.join(30_000);
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
