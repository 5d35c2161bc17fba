package org.postdesk.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare SMTP client: one transaction on a new connection, no pipelining, nothing parsed beyond reply
 * codes, so it costs little next to any server it drives (Postdesk or Postfix's smtp-sink alike).
 */
final class SmtpClient {

    /** Writes the message bytes, CRLF lines, already dot-stuffed, without the final dot line. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private SmtpClient() {
    }

    /** Sends one message; throws naming the step and the server's reply when it is refused. */
    static void send(int port, String from, String to, Body body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            expect(in, 220, "greeting");
            command(out, "EHLO bench.test");
            expect(in, 250, "EHLO");
            command(out, "MAIL FROM:<" + from + ">");
            expect(in, 250, "MAIL FROM");
            command(out, "RCPT TO:<" + to + ">");
            expect(in, 250, "RCPT TO");
            command(out, "DATA");
            expect(in, 354, "DATA");
            body.writeTo(out);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, 250, "end of data");
            command(out, "QUIT");
            expect(in, 221, "QUIT");
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads a (possibly multi-line) reply and checks its code. */
    private static void expect(InputStream in, int code, String step) throws IOException {
        String line;
        do {
            line = readLine(in);
            if (line == null) {
                throw new IOException(step + ": the server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(String.valueOf(code))) {
            throw new IOException(step + ": expected " + code + ", server said: " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }
}
