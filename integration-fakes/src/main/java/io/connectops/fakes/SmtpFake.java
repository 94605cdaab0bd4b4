package io.connectops.fakes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * A small SMTP server speaking real SMTP over a socket (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no
 * AUTH), so that a real mail client can be tested against it. Every accepted message is kept.
 */
public class SmtpFake implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SmtpFake.class.getName());

    /** One accepted message: the envelope and the DATA section as sent (headers and body). */
    public record Mail(String from, List<String> recipients, String data) {

        public String header(String name) {
            for (String line : data.split("\r\n")) {
                if (line.isEmpty()) {
                    return null;
                }
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    private final List<Mail> mails = new ArrayList<>();
    private ServerSocket server;
    private volatile boolean running;

    public synchronized SmtpFake start(int port) {
        try {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("SMTP fake cannot listen on " + port, e);
        }
        running = true;
        Thread acceptor = new Thread(this::accept, "smtp-fake-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("SMTP fake listening on 127.0.0.1:" + server.getLocalPort());
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    public synchronized List<Mail> mails() {
        return List.copyOf(mails);
    }

    public synchronized List<Mail> mailsTo(String recipient) {
        return mails.stream().filter(mail -> mail.recipients().contains(recipient)).toList();
    }

    @Override
    public synchronized void close() {
        running = false;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.fine("SMTP fake close: " + e.getMessage());
        }
    }

    private void accept() {
        while (running) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> serve(socket), "smtp-fake-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                if (running) {
                    LOG.warning("SMTP fake accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 localhost ESMTP connect-ops fake");
            String from = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (command) {
                    case "EHLO":
                        reply(out, "250-localhost\r\n250-8BITMIME\r\n250-SIZE 10485760\r\n250 OK");
                        break;
                    case "HELO":
                        reply(out, "250 localhost");
                        break;
                    case "MAIL":
                        from = address(line);
                        recipients = new ArrayList<>();
                        reply(out, "250 OK");
                        break;
                    case "RCPT":
                        recipients.add(address(line));
                        reply(out, "250 OK");
                        break;
                    case "DATA":
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        String dataLine;
                        while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                            data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine).append("\r\n");
                        }
                        synchronized (this) {
                            mails.add(new Mail(from, List.copyOf(recipients), data.toString()));
                        }
                        reply(out, "250 OK queued");
                        break;
                    case "RSET":
                        from = null;
                        recipients = new ArrayList<>();
                        reply(out, "250 OK");
                        break;
                    case "NOOP":
                        reply(out, "250 OK");
                        break;
                    case "QUIT":
                        reply(out, "221 Bye");
                        return;
                    default:
                        reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            LOG.fine("SMTP fake session ended: " + e.getMessage());
        }
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open >= 0 && close > open ? line.substring(open + 1, close) : line.substring(line.indexOf(':') + 1).trim();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
